//! Pieces shared by the global stages (`dedup_exact`, `dedup_minhash`),
//! whose phases hand off through work tables partitioned by key range, so
//! every phase reads each row a bounded number of times:
//! - **ordinals**: a document's position in the input (upstream shard
//!   order, then row order), from the input manifests, known to every task;
//! - **partitions**: `P` contiguous ranges of a uniform u64 key (a hash),
//!   with `P` chosen from the row count so a partition holds about
//!   `slice_rows` rows; sorted work tables cut row groups at partition
//!   boundaries, so a reader of one partition skips the others by row-group
//!   statistics;
//! - **sessions** for the grouping queries: a memory pool of `memory_limit`
//!   bytes (spilling to the stage's local `_spill/`) or none.

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use datafusion::arrow::array::{Array, ArrayRef, UInt64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::physical_plan::{execute_stream, ExecutionPlan};
use datafusion::prelude::{SessionConfig, SessionContext};
use futures::StreamExt;

use crate::stage::{Input, StageCx};
use crate::storage::Loc;

/// Where each input shard's documents start in the input order.
pub struct Ordinals {
    /// Ordinal of the first document of each input shard.
    pub offsets: Vec<u64>,
    /// Documents in each input shard (from its manifest).
    pub rows: Vec<u64>,
    pub total: u64,
}

impl Ordinals {
    pub fn of(cx: &StageCx) -> Result<Ordinals> {
        let rows: Vec<u64> = cx
            .inputs
            .iter()
            .flat_map(|i| match i {
                Input::Stage { manifest, .. } => manifest.shards.iter().map(|s| s.rows).collect(),
                Input::Files(_) => vec![],
            })
            .collect();
        let mut offsets = Vec::with_capacity(rows.len());
        let mut total = 0u64;
        for r in &rows {
            offsets.push(total);
            total += r;
        }
        Ok(Ordinals {
            offsets,
            rows,
            total,
        })
    }

    /// The ordinals of shard `u`: `start..end`.
    pub fn range(&self, u: usize) -> (u64, u64) {
        (self.offsets[u], self.offsets[u] + self.rows[u])
    }

    /// The shard holding ordinal `ord`.
    pub fn unit_of(&self, ord: u64) -> usize {
        self.offsets
            .partition_point(|&o| o <= ord)
            .saturating_sub(1)
    }

    /// Check a shard's row count against its manifest (a shard that
    /// changed under the stage would shift every later ordinal).
    pub fn check(&self, u: usize, n: u64, shard: &impl std::fmt::Display) -> Result<()> {
        if n != self.rows[u] {
            bail!(
                "{shard}: {n} rows, its manifest says {} (the input changed during the stage)",
                self.rows[u]
            );
        }
        Ok(())
    }
}

/// Partitions for `rows` keyed rows, about `slice_rows` each.
pub fn partition_count(rows: u64, slice_rows: u64) -> usize {
    rows.div_ceil(slice_rows).max(1) as usize
}

/// The most key ranges a grouping phase gets by default. Each range's unit
/// reads one work file per input shard, so ranges that kept growing with the
/// corpus would make the phase's file reads grow as shards x ranges, with
/// the square of the corpus; capped, they grow with the shards alone, and a
/// range's sort spills under the stage's `memory_limit` instead.
pub const MAX_RANGES: usize = 64;

/// Key ranges of a grouping phase: `partition_rows` when the workflow sets
/// it, else one per `slice_rows` rows, at most [`MAX_RANGES`].
pub fn range_count(rows: u64, partition_rows: Option<u64>, slice_rows: u64) -> usize {
    match partition_rows {
        Some(r) => partition_count(rows, r),
        None => partition_count(rows, slice_rows).min(MAX_RANGES),
    }
}

/// The partition of a uniform u64 key among `parts`.
pub fn partition_of(key: u64, parts: usize) -> usize {
    ((key as u128 * parts as u128) >> 64) as usize
}

/// The keys of partition `p` among `parts`: `lo..=hi`.
pub fn key_range(p: usize, parts: usize) -> (u64, u64) {
    let lo = ((p as u128) << 64).div_ceil(parts as u128) as u64;
    let hi = if p + 1 == parts {
        u64::MAX
    } else {
        ((((p + 1) as u128) << 64).div_ceil(parts as u128) - 1) as u64
    };
    (lo, hi)
}

/// The `memory_limit` parameter of a global stage: bytes, or a size
/// string (`"64MB"`).
pub fn memory_limit(
    v: Option<&serde_json::Value>,
) -> Result<Option<u64>, crate::stage::ParamError> {
    v.map(|v| {
        crate::workflow::parse_size(v).ok_or_else(|| {
            crate::stage::perr(
                "memory_limit",
                "must be a positive size in bytes, e.g. 67108864 or \"64MB\"",
            )
        })
    })
    .transpose()
}

/// A session for a stage's grouping queries: `partitions` threads, and
/// with `memory_limit` a fair spilling pool of that size and a disk
/// manager writing to `spill` (one partition then, so one sorter gets the
/// whole pool).
pub fn session(
    cx: &StageCx,
    partitions: usize,
    memory_limit: Option<u64>,
    spill: &Path,
) -> Result<SessionContext> {
    std::fs::create_dir_all(spill).with_context(|| format!("creating {}", spill.display()))?;
    // No footer or statistics caches: a session reads each work file once
    // or a few times, and cached footers grow with the number of files
    // (with the corpus): up to 70 MB per session at DataFusion's defaults.
    let mut rtb = RuntimeEnvBuilder::new()
        .with_disk_manager_builder(
            DiskManagerBuilder::default()
                .with_mode(DiskManagerMode::Directories(vec![spill.to_path_buf()])),
        )
        .with_metadata_cache_limit(0)
        .with_file_statistics_cache_limit(0);
    let mut cfg = SessionConfig::new().with_target_partitions(partitions.max(1));
    cfg.options_mut().execution.parquet.schema_force_view_types = false;
    cfg.options_mut().execution.enable_file_stream_work_stealing = false;
    // Footers are read when a file is opened (row groups pruned there), not
    // also when the query is planned.
    cfg.options_mut().execution.collect_statistics = false;
    if let Some(limit) = memory_limit {
        let limit = limit as usize;
        cfg = cfg.with_target_partitions(1);
        rtb = rtb.with_memory_pool(Arc::new(FairSpillPool::new(limit)));
        // Batches and sort reservations in proportion to the limit (rows
        // are ~24 bytes).
        cfg = cfg.with_batch_size((limit / 32 / 24).clamp(64, 8192));
        let o = &mut cfg.options_mut().execution;
        o.sort_spill_reservation_bytes = o.sort_spill_reservation_bytes.min(limit / 4);
        o.sort_in_place_threshold_bytes = o.sort_in_place_threshold_bytes.min(limit / 8);
    } else {
        cfg = cfg.with_batch_size(8192);
    }
    let ctx = SessionContext::new_with_config_rt(cfg, rtb.build_arc()?);
    cx.fx.register(&ctx);
    crate::storage::register_stores(&ctx);
    Ok(ctx)
}

/// Rows a unit buffers before it sorts them into its work table (a run);
/// a table may hold several runs, each cut into row groups that stay in
/// one partition, so readers still skip other partitions' row groups.
pub const RUN_ROWS: usize = 1 << 19;

/// Sort `rows` and append them to `w` as one run, starting a new row group
/// wherever `key` enters the next partition (and every
/// [`crate::shards::WORK_ROW_GROUP_ROWS`] rows); `rows` is left empty.
pub fn write_run<T: Ord>(
    rows: &mut Vec<T>,
    key: impl Fn(&T) -> u64,
    parts: usize,
    w: &mut crate::shards::ShardWriter,
    batch: impl Fn(&[T]) -> Result<datafusion::arrow::record_batch::RecordBatch>,
) -> Result<()> {
    rows.sort_unstable();
    let mut at = 0;
    while at < rows.len() {
        let (_, hi) = key_range(partition_of(key(&rows[at]), parts), parts);
        let end = at + rows[at..].partition_point(|r| key(r) <= hi);
        for chunk in rows[at..end].chunks(crate::shards::WORK_ROW_GROUP_ROWS) {
            w.write(&batch(chunk)?)?;
        }
        w.flush_row_group()?;
        at = end;
    }
    rows.clear();
    Ok(())
}

/// Run `sql` in `ctx` over the Parquet work files `files` registered as
/// `table` (all with `schema`), handing each result batch to `sink`. Adds
/// how often and how many bytes the plan's operators spilled to `spilled`.
#[allow(clippy::too_many_arguments)]
pub fn query_files(
    cx: &StageCx,
    ctx: &SessionContext,
    spilled: &mut (u64, u64),
    table: &str,
    files: &[Loc],
    schema: &SchemaRef,
    sql: &str,
    mut sink: impl FnMut(RecordBatch) -> Result<()>,
) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let urls: Vec<String> = files.iter().map(Loc::df_url).collect();
    cx.rt.block_on(async {
        ctx.deregister_table(table)?;
        super::register_files(ctx, table, &urls, Some(schema.as_ref())).await?;
        let plan = ctx.sql(sql).await?.create_physical_plan().await?;
        let mut stream = execute_stream(plan.clone(), ctx.task_ctx())?;
        while let Some(b) = stream.next().await {
            sink(b?)?;
        }
        drop(stream);
        let (n, bytes) = spill_metrics(&plan);
        spilled.0 += n;
        spilled.1 += bytes;
        Ok(())
    })
}

/// [`query_files`] on the run's engine: on the cluster with `--engine
/// ballista` (whose executors spill under their own memory settings, so
/// no spill counts come back), otherwise here in `ctx`. For a phase's
/// query that does work (a sort, a grouping); plain scans of work files
/// stay in this process, where their rows are consumed.
#[allow(clippy::too_many_arguments)]
pub fn query_files_on_engine(
    cx: &StageCx,
    ctx: &SessionContext,
    spilled: &mut (u64, u64),
    table: &str,
    files: &[Loc],
    schema: &SchemaRef,
    sql: &str,
    sink: impl FnMut(RecordBatch) -> Result<()>,
) -> Result<()> {
    match &cx.remote {
        Some(r) => super::query_files_remote(cx, r.as_ref(), table, files, schema, sql, sink),
        None => query_files(cx, ctx, spilled, table, files, schema, sql, sink),
    }
}

/// (spill count, spilled bytes) summed over a finished plan's operators.
pub fn spill_metrics(plan: &Arc<dyn ExecutionPlan>) -> (u64, u64) {
    let (mut n, mut bytes) = plan
        .metrics()
        .map(|m| {
            (
                m.spill_count().unwrap_or(0) as u64,
                m.spilled_bytes().unwrap_or(0) as u64,
            )
        })
        .unwrap_or((0, 0));
    for c in plan.children() {
        let (a, b) = spill_metrics(c);
        n += a;
        bytes += b;
    }
    (n, bytes)
}

/// A column as u64 values (any integer type, no NULLs).
pub fn u64s(a: &ArrayRef) -> Result<UInt64Array> {
    let c = cast(a, &DataType::UInt64)?;
    let c = c
        .as_any()
        .downcast_ref::<UInt64Array>()
        .context("not an integer column")?
        .clone();
    if c.null_count() > 0 {
        bail!("unexpected NULL in a work table");
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_cover_the_keys() {
        for parts in [1usize, 2, 3, 7, 64] {
            let mut next = 0u64;
            for p in 0..parts {
                let (lo, hi) = key_range(p, parts);
                assert_eq!(lo, next, "parts {parts} p {p}");
                assert_eq!(partition_of(lo, parts), p);
                assert_eq!(partition_of(hi, parts), p);
                next = hi.wrapping_add(1);
            }
            assert_eq!(next, 0, "the last range ends at u64::MAX");
        }
        assert_eq!(partition_count(0, 10), 1);
        assert_eq!(partition_count(25, 10), 3);
        // Ranges stop growing with the corpus unless the workflow asks.
        assert_eq!(range_count(25, None, 10), 3);
        assert_eq!(range_count(10_000, None, 10), MAX_RANGES);
        assert_eq!(range_count(10_000, Some(10), 10), 1_000);
    }
}
