//! `dedup_exact`: drop documents whose normalized text (see
//! `curate_filters::dedup`) equals an earlier document's. "Earlier" is input
//! order: upstream shard order, then row order, so the kept copy is the
//! first occurrence, deterministically. Duplicates go to `rejected/` with
//! reason `exact_duplicate`.
//!
//! Three phases, each reading every row once (see [`super::global`]):
//! 1. `hash`, one unit per input shard: a query of the shard's (hash,
//!    ordinal) rows (`curate_norm_hash_parts`) sorted by hash, into
//!    `_work/.../hash/hashes/` (the group phase skips other ranges' row
//!    groups by their statistics);
//! 2. `group`, one unit per hash range (about 512k documents): a query over
//!    the range's rows of every shard, sorted (a spilling sort under
//!    `memory_limit`): every row after the first of its hash is a
//!    duplicate, its ordinal written to `dups/` sorted (with `--engine
//!    ballista`, by an executor);
//! 3. `filter`, one unit per input shard: the duplicates in the shard's
//!    ordinal range (row groups of other ranges skipped) go to `rejected/`.
//!
//! Memory: a shard's hashes (24 bytes a document) in phase 1 and one range's
//! sort in phase 2, whatever the corpus size.

use anyhow::{anyhow, bail, Result};
use curate_filters::udf::NormHashPartsUdf;
use curate_schemas::{self as schemas, col};
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::global::{self, key_range, Ordinals};
use super::{ident, run_sql_on_shard, shard_units, unnest_sql, unnested, Unnest, STRUCT_CALL};
use crate::functions::Functions;
use crate::stage::{
    params, perr, InputKind, ParamError, Phase, QueryOutput, Stage, StageCx, StageKind, Unit,
};
use crate::storage::Loc;

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
        Some("each shard's hash query (phase 1), the grouping query of each hash range (phase 2) and each shard's filter query (phase 3): executors write every work file and shard")
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
    /// Phase 1: one shard's (hash, ordinal) rows sorted by hash; `start` is
    /// the ordinal of its first row (the row's position in the shard: one
    /// partition, the scan's order).
    fn hash_sql(&self, start: u64) -> String {
        let (h, l, o) = (
            ident(col::HASH_HI),
            ident(col::HASH_LO),
            ident(col::DOC_ORD),
        );
        let call = format!("{}({})", NormHashPartsUdf::NAME, ident(&self.p.text_column));
        let calls = [
            Unnest {
                sql: &call,
                name: STRUCT_CALL,
                fields: true,
            },
            Unnest {
                sql: "row_number() OVER ()",
                name: "__pos",
                fields: false,
            },
        ];
        let outer = [
            format!("{} AS {h}", unnested(STRUCT_CALL, col::HASH_HI)),
            format!("{} AS {l}", unnested(STRUCT_CALL, col::HASH_LO)),
            // (UInt64 throughout, as `row_number()` is: no decimals.)
            format!("\"__pos\" - arrow_cast(1, 'UInt64') + arrow_cast({start}, 'UInt64') AS {o}"),
        ];
        format!("{} ORDER BY {h}, {o}", unnest_sql(&[], &calls, &outer))
    }

    /// Phase 2: the ordinals of one hash range's later copies, ascending.
    /// A row is a later copy when the row before it, in (hash, ordinal)
    /// order, has its hash.
    fn group_sql(lo: u64, hi: u64) -> String {
        let (h, l, o) = (
            ident(col::HASH_HI),
            ident(col::HASH_LO),
            ident(col::DOC_ORD),
        );
        let w = format!("OVER (ORDER BY {h}, {l}, {o})");
        format!(
            "SELECT {o} FROM (SELECT {h}, {l}, {o}, lag({h}) {w} AS ph, lag({l}) {w} AS pl FROM hashes WHERE {h} >= arrow_cast({lo}, 'UInt64') AND {h} <= arrow_cast({hi}, 'UInt64')) AS g WHERE ph = {h} AND pl = {l} ORDER BY {o}"
        )
    }

    fn dups_sql(start: u64, end: u64) -> String {
        let o = ident(col::DOC_ORD);
        format!(
            "SELECT {o} FROM dups WHERE {o} >= arrow_cast({start}, 'UInt64') AND {o} < arrow_cast({end}, 'UInt64') ORDER BY {o}"
        )
    }
}

impl DedupStage {
    /// Why a shard's hash query failed, when the cause is a NULL text: the
    /// error naming its first such row (this process reads the column).
    fn null_text(&self, cx: &StageCx, shard: &Loc) -> Option<anyhow::Error> {
        let t = ident(&self.p.text_column);
        let sql = format!(
            "SELECT pos FROM (SELECT {t} IS NULL AS n, row_number() OVER () AS pos FROM input) AS q WHERE n LIMIT 1"
        );
        let mut row = None;
        run_sql_on_shard(cx, shard, &sql, |b| {
            if b.num_rows() > 0 {
                row = Some(global::u64s(b.column(0))?.value(0));
            }
            Ok(())
        })
        .ok()?;
        row.map(|r| anyhow!("{shard}: row {r}: `{}` is NULL", self.p.text_column))
    }
}

impl Stage for DedupStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        super::plan_on_schema(fx, &inputs[0], &self.hash_sql(0))?;
        Ok(schemas::stamp(&inputs[0], schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let (_, plan) = super::plan_on_schema(fx, &inputs[0], &self.hash_sql(0))?;
        Ok(format!(
            "hash per shard: {}\n{plan}\ngroup per hash range: {}\n  the first occurrence of each hash in (shard, row) order is kept\nfilter per shard: {}\n  duplicates -> rejected/ ({REASON}); memory limit: {}",
            self.hash_sql(0),
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

        // 1. hash: per shard, (hash, ordinal) sorted by hash: a query (on
        // the cluster with `--engine ballista`, whose executors write it).
        let spill = cx.dir.join("_spill");
        let input_schema = &cx.input_schemas[0];
        let hashed = cx.work_phase(PHASES[0].name, units.clone(), |unit, out| {
            let (start, _) = ords.range(unit.id);
            let ctx = global::session(cx, 1, self.memory_limit, &spill)?;
            let shard = std::slice::from_ref(&shards[unit.id]);
            let sql = self.hash_sql(start);
            let schema = hash_schema.clone();
            let n =
                match out.write_query(&ctx, "hashes", "input", shard, input_schema, &sql, schema) {
                    Ok(n) => n,
                    Err(e) => return Err(self.null_text(cx, &shards[unit.id]).unwrap_or(e)),
                };
            ords.check(unit.id, n, &shards[unit.id])?;
            out.rows_in = n;
            Ok(())
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
        let grouped = cx.work_phase(PHASES[1].name, group_units, |unit, out| {
            let ctx = global::session(cx, 1, self.memory_limit, &spill)?;
            let (lo, hi) = key_range(unit.id, parts);
            // A query: on the cluster with `--engine ballista`, whose
            // executors write `dups/`.
            let sql = Self::group_sql(lo, hi);
            let (files, dups) = (&hash_files, schemas::doc_ords());
            out.rows_in =
                out.write_query(&ctx, "dups", "hashes", files, &hash_schema, &sql, dups)?;
            Ok(())
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
