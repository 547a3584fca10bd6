//! `dedup_exact`: drop documents whose normalized text (see
//! `curate_filters::dedup`) equals an earlier document's. "Earlier" is input
//! order: upstream shard order, then row order, so the kept copy is the
//! first occurrence, deterministically. Duplicates go to `rejected/` with
//! reason `exact_duplicate`.
//!
//! Three phases, each reading every row once (see [`super::global`]):
//! 1. `hash`, one unit per input shard: the `curate_norm_hash` UDF, then the
//!    shard's (hash, ordinal) rows sorted by hash into `_work/.../hash/`,
//!    with row groups cut at hash-range boundaries;
//! 2. `group`, one unit per hash range (about 512k documents): the range's
//!    rows of every shard, sorted (a spilling sort under `memory_limit`);
//!    every row after the first of its hash is a duplicate, its ordinal
//!    written to `dups/` sorted;
//! 3. `filter`, one unit per input shard: the duplicates in the shard's
//!    ordinal range (row groups of other ranges skipped) go to `rejected/`.
//!
//! Memory: a shard's hashes (24 bytes a document) in phase 1 and one range's
//! sort in phase 2, whatever the corpus size.

use std::sync::Arc;

use anyhow::{anyhow, bail, Result};
use curate_schemas::{self as schemas, col};
use datafusion::arrow::array::{Array, ArrayRef, StringArray, UInt64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::global::{self, key_range, Ordinals};
use super::{ident, run_sql_on_shard, shard_units};
use crate::functions::Functions;
use crate::stage::{
    params, perr, InputKind, ParamError, Phase, QueryOutput, Stage, StageCx, StageKind, Unit,
};

pub struct DedupExact;

pub const REASON: &str = "exact_duplicate";

/// Documents per hash range of the `group` phase.
const SLICE_ROWS: u64 = 1 << 19;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "super::default_text_column")]
    text_column: String,
    /// Memory for the `group` phase's sort (bytes or "64MB"); spills beyond.
    memory_limit: Option<serde_json::Value>,
    /// Rows per key range of the grouping phase (default 2^18 band rows for
    /// `dedup_minhash`, 2^19 documents for `dedup_exact`, at most 64 ranges):
    /// smaller ranges, more units and files, less memory per unit.
    partition_rows: Option<u64>,
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for DedupExact {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "dedup_exact"
    }
    fn remote_work(&self) -> Option<&'static str> {
        Some("the grouping query of each hash range (phase 2) and each shard's filter query (phase 3; executors write its shard); the hash phase runs here")
    }
    fn summary(&self) -> &'static str {
        "drop exact duplicates of normalized text, keeping the first occurrence"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.partition_rows == Some(0) {
            return Err(perr("partition_rows", "must be at least 1"));
        }
        let memory_limit = global::memory_limit(p.memory_limit.as_ref())?;
        Ok(Box::new(DedupStage { p, memory_limit }))
    }
}

struct DedupStage {
    p: Params,
    memory_limit: Option<u64>,
}

const PHASES: [Phase; 3] = [
    Phase::parallel(
        "hash",
        "one unit per input shard: normalized-text hashes, sorted by hash",
    ),
    Phase::parallel(
        "group",
        "one unit per hash range (~512k documents): later copies of each text",
    ),
    Phase::parallel(
        "filter",
        "one unit per input shard: duplicates -> rejected/",
    ),
];

impl DedupStage {
    fn hash_sql(&self) -> String {
        format!(
            "SELECT curate_norm_hash({}) AS h FROM input",
            ident(&self.p.text_column)
        )
    }

    fn group_sql(lo: u64, hi: u64) -> String {
        let (h, l, o) = (
            ident(col::HASH_HI),
            ident(col::HASH_LO),
            ident(col::DOC_ORD),
        );
        format!(
            "SELECT {h}, {l}, {o} FROM hashes WHERE {h} >= arrow_cast({lo}, 'UInt64') AND {h} <= arrow_cast({hi}, 'UInt64') ORDER BY {h}, {l}, {o}"
        )
    }

    fn dups_sql(start: u64, end: u64) -> String {
        let o = ident(col::DOC_ORD);
        format!(
            "SELECT {o} FROM dups WHERE {o} >= arrow_cast({start}, 'UInt64') AND {o} < arrow_cast({end}, 'UInt64') ORDER BY {o}"
        )
    }
}

impl Stage for DedupStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        super::plan_on_schema(fx, &inputs[0], &self.hash_sql())?;
        Ok(schemas::stamp(&inputs[0], schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let (_, plan) = super::plan_on_schema(fx, &inputs[0], &self.hash_sql())?;
        Ok(format!(
            "hash per shard: {}\n{plan}\ngroup per hash range: {}\n  the first occurrence of each hash in (shard, row) order is kept\nfilter per shard: {}\n  duplicates -> rejected/ ({REASON}); memory limit: {}",
            self.hash_sql(),
            Self::group_sql(0, u64::MAX),
            Self::dups_sql(0, 1000),
            self.memory_limit
                .map(|l| format!("{l} bytes"))
                .unwrap_or_else(|| "none".into())
        ))
    }

    fn phases(&self) -> Vec<Phase> {
        PHASES.to_vec()
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let (shards, units) = shard_units(cx);
        let ords = Ordinals::of(cx)?;
        if ords.rows.len() != shards.len() {
            bail!("input shards and manifests disagree");
        }
        let parts = global::range_count(ords.total, self.p.partition_rows, SLICE_ROWS);
        let hash_schema = schemas::exact_hashes();

        // 1. hash: per shard, (hash, ordinal) sorted by hash.
        let hashed = cx.work_phase(PHASES[0].name, units.clone(), |unit, out| {
            let (start, _) = ords.range(unit.id);
            let mut w = out.writer("hashes", hash_schema.clone());
            let batch = |chunk: &[(u64, u64, u64)]| -> Result<RecordBatch> {
                let cols: Vec<ArrayRef> = vec![
                    Arc::new(UInt64Array::from_iter_values(chunk.iter().map(|r| r.0))),
                    Arc::new(UInt64Array::from_iter_values(chunk.iter().map(|r| r.1))),
                    Arc::new(UInt64Array::from_iter_values(chunk.iter().map(|r| r.2))),
                ];
                Ok(RecordBatch::try_new(hash_schema.clone(), cols)?)
            };
            let mut rows: Vec<(u64, u64, u64)> = vec![];
            let mut n = 0u64;
            run_sql_on_shard(cx, &shards[unit.id], &self.hash_sql(), |b| {
                let h = cast(b.column(0), &DataType::Utf8)?;
                let h = h
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| anyhow!("hash column is not text"))?;
                for x in h.iter() {
                    let x = x.ok_or_else(|| {
                        anyhow!(
                            "{}: row {}: `{}` is NULL",
                            shards[unit.id],
                            n + 1,
                            self.p.text_column
                        )
                    })?;
                    let v = u128::from_str_radix(x, 16)?;
                    rows.push(((v >> 64) as u64, v as u64, start + n));
                    n += 1;
                }
                if rows.len() >= global::RUN_ROWS {
                    global::write_run(&mut rows, |r| r.0, parts, &mut w, batch)?;
                }
                Ok(())
            })?;
            global::write_run(&mut rows, |r| r.0, parts, &mut w, batch)?;
            ords.check(unit.id, n, &shards[unit.id])?;
            out.rows_in = n;
            out.keep(w)
        })?;

        // 2. group: per hash range, every copy after the first.
        let hash_files = hashed.files("hashes/");
        let group_units: Vec<Unit> = (0..parts)
            .map(|p| Unit {
                id: p,
                label: format!("hash range {}/{parts}", p + 1),
                bytes: 0,
            })
            .collect();
        let spill = cx.dir.join("_spill");
        let grouped = cx.work_phase(PHASES[1].name, group_units, |unit, out| {
            let ctx = global::session(cx, 1, self.memory_limit, &spill)?;
            let (lo, hi) = key_range(unit.id, parts);
            let mut dups: Vec<u64> = vec![];
            let mut last: Option<(u64, u64)> = None;
            let sink = |b: RecordBatch| -> Result<()> {
                let (h, l, o) = (
                    global::u64s(b.column(0))?,
                    global::u64s(b.column(1))?,
                    global::u64s(b.column(2))?,
                );
                for i in 0..b.num_rows() {
                    let key = (h.value(i), l.value(i));
                    if last == Some(key) {
                        dups.push(o.value(i));
                    }
                    last = Some(key);
                }
                out.rows_in += b.num_rows() as u64;
                Ok(())
            };
            // The grouping query runs on the cluster with `--engine ballista`.
            global::query_files_on_engine(
                cx,
                &ctx,
                &mut out.spilled,
                "hashes",
                &hash_files,
                &hash_schema,
                &Self::group_sql(lo, hi),
                sink,
            )?;
            dups.sort_unstable();
            let mut w = out.writer("dups", schemas::doc_ords());
            for chunk in dups.chunks(crate::shards::WORK_ROW_GROUP_ROWS) {
                let cols: Vec<ArrayRef> = vec![Arc::new(UInt64Array::from_iter_values(
                    chunk.iter().copied(),
                ))];
                w.write(&RecordBatch::try_new(schemas::doc_ords(), cols)?)?;
            }
            out.keep(w)
        })?;

        // 3. filter: per shard, its duplicates -> rejected/: a query (on
        // the cluster with `--engine ballista`, whose executors write).
        let dup_files = grouped.files("dups/");
        let input_schema = &cx.input_schemas[0];
        let sized = super::input_shards_sized(cx);
        cx.run_units(units, |unit, out| {
            let (start, end) = ords.range(unit.id);
            let ctx = global::session(cx, 1, self.memory_limit, &spill)?;
            let mut dups: Vec<u64> = vec![];
            let mut spilled = (0, 0);
            global::query_files(
                cx,
                &ctx,
                &mut spilled,
                "dups",
                &dup_files,
                &schemas::doc_ords(),
                &Self::dups_sql(start, end),
                |b| {
                    dups.extend(global::u64s(b.column(0))?.values().iter().map(|o| o - start));
                    Ok(())
                },
            )?;
            out.counts.spills += spilled.0;
            out.counts.spilled_bytes += spilled.1;
            let sql = super::marked_rows_sql(input_schema, &dups, REASON);
            let how = QueryOutput::Split {
                reason: super::MARK_COLUMN,
                costly: false,
                only: Some(REASON),
            };
            let shard = std::slice::from_ref(&sized[unit.id]);
            cx.write_unit_query(out, unit, shard, input_schema, &sql, how)?;
            let dropped = out.counts.drops.get(REASON).copied().unwrap_or(0);
            if out.counts.rows_in != end - start || dropped != dups.len() as u64 {
                bail!(
                    "{}: changed between phases ({} rows, {dropped} duplicates; the hash phase saw {} rows, the group phase {} duplicates)",
                    shards[unit.id],
                    out.counts.rows_in,
                    end - start,
                    dups.len()
                );
            }
            Ok(())
        })?;
        let spilled = grouped.spilled();
        tracing::info!(
            stage = %cx.name,
            "exact dedup: {} documents in {parts} hash ranges; group query spilled {} times ({} bytes)",
            ords.total,
            spilled.0,
            spilled.1
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_checked() {
        let b = |v: serde_json::Value| DedupExact.build(&v).err().map(|e| e.path.join("."));
        assert_eq!(b(serde_json::json!({})), None);
        assert_eq!(b(serde_json::json!({"memory_limit": "32MB"})), None);
        assert_eq!(
            b(serde_json::json!({"memory_limit": "lots"})),
            Some("memory_limit".into())
        );
    }
}
