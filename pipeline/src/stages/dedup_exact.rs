//! `dedup_exact`: drop documents whose normalized text (see
//! `curate_filters::dedup`) equals an earlier document's. "Earlier" is input
//! order: upstream shard order, then row order, so the kept copy is the
//! first occurrence, deterministically. Duplicates go to `rejected/` with
//! reason `exact_duplicate`.
//!
//! Pass 1 hashes every shard with the `curate_norm_hash` UDF (a DataFusion
//! plan per shard, in parallel) and marks first occurrences (16 bytes of
//! state per distinct document); pass 2 writes each shard as one unit.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, Result};
use curate_schemas as schemas;
use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::{ident, run_sql_on_shard, shard_units};
use crate::functions::Functions;
use crate::stage::{params, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct DedupExact;

pub const REASON: &str = "exact_duplicate";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

impl StageKind for DedupExact {
    fn name(&self) -> &'static str {
        "dedup_exact"
    }
    fn summary(&self) -> &'static str {
        "drop exact duplicates of normalized text, keeping the first occurrence"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        Ok(Box::new(DedupStage { p: params(v)? }))
    }
}

struct DedupStage {
    p: Params,
}

impl DedupStage {
    fn hash_sql(&self) -> String {
        format!(
            "SELECT curate_norm_hash({}) AS h FROM input",
            ident(&self.p.text_column)
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
            "pass 1 per shard: {}\n{plan}\nfirst occurrence of each hash in (shard, row) order is kept\npass 2 per shard: duplicates -> rejected/ ({REASON})",
            self.hash_sql()
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let (shards, units) = shard_units(cx);
        // Pass 1: hashes per shard, in parallel.
        let sql = self.hash_sql();
        let hashes: Vec<Mutex<Vec<u128>>> = shards.iter().map(|_| Mutex::new(vec![])).collect();
        let next = AtomicUsize::new(0);
        let err: Mutex<Option<anyhow::Error>> = Mutex::new(None);
        std::thread::scope(|s| {
            for _ in 0..cx.threads.max(1) {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= shards.len() || err.lock().unwrap().is_some() {
                        return;
                    }
                    let mut v = vec![];
                    let r = run_sql_on_shard(cx, &shards[i], &sql, |b| {
                        let h = b.column(0).as_any().downcast_ref::<StringArray>().unwrap();
                        for x in h.iter() {
                            let x = x.ok_or_else(|| anyhow!("null text"))?;
                            v.push(u128::from_str_radix(x, 16)?);
                        }
                        Ok(())
                    });
                    match r {
                        Ok(()) => *hashes[i].lock().unwrap() = v,
                        Err(e) => {
                            err.lock().unwrap().get_or_insert(e);
                            return;
                        }
                    }
                });
            }
        });
        if let Some(e) = err.into_inner().unwrap() {
            return Err(e);
        }
        // First occurrences, in (shard, row) order.
        let mut seen: HashMap<u128, ()> = HashMap::new();
        let keep: Vec<Vec<bool>> = hashes
            .into_iter()
            .map(|h| {
                h.into_inner()
                    .unwrap()
                    .into_iter()
                    .map(|x| seen.insert(x, ()).is_none())
                    .collect()
            })
            .collect();
        drop(seen);
        // Pass 2: split each shard.
        let reason_col = "__dup";
        cx.run_units(units, |unit, out| {
            let mask = &keep[unit.id];
            let mut offset = 0usize;
            run_sql_on_shard(cx, &shards[unit.id], "SELECT * FROM input", |b| {
                let n = b.num_rows();
                let slice = &mask[offset..offset + n];
                offset += n;
                let reason: StringArray = slice
                    .iter()
                    .map(|&k| if k { None } else { Some(REASON) })
                    .collect();
                let mut cols = b.columns().to_vec();
                cols.push(Arc::new(reason));
                let mut fields: Vec<_> = b.schema().fields().iter().cloned().collect();
                fields.push(Arc::new(datafusion::arrow::datatypes::Field::new(
                    reason_col,
                    datafusion::arrow::datatypes::DataType::Utf8,
                    true,
                )));
                let schema = Arc::new(datafusion::arrow::datatypes::Schema::new(fields));
                let batch = datafusion::arrow::record_batch::RecordBatch::try_new(schema, cols)?;
                super::filter::split_rejected(cx, out, batch, reason_col)
            })?;
            if offset != mask.len() {
                return Err(anyhow!(
                    "shard {} changed between passes ({} rows, then {offset})",
                    shards[unit.id].display(),
                    mask.len()
                ));
            }
            Ok(())
        })
    }
}
