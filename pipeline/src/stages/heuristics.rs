//! `heuristics`: Gopher quality, Gopher repetition, C4 and FineWeb rules as
//! one DataFusion projection. Adds `word_count`, one boolean per rule set and
//! `drop_reason` (the first failing rule, NULL when all pass). Drops nothing.

use std::sync::Arc;

use anyhow::{Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::array::{Array, StructArray};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::datatypes::{FieldRef, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::{ident, input_shards_sized, plan_on_schema};
use crate::functions::Functions;
use crate::stage::{params, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Heuristics;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
/// 2: a NULL text scores NULL (was scored as "").
pub const REVISION: u32 = 2;

impl StageKind for Heuristics {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the scoring query of each shard")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "heuristics"
    }
    fn summary(&self) -> &'static str {
        "score Gopher quality/repetition, C4 and FineWeb rules (datatrove defaults)"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        Ok(Box::new(HeuristicsStage { p }))
    }
}

struct HeuristicsStage {
    p: Params,
}

impl HeuristicsStage {
    /// The DataFusion plan: input columns plus the `curate_heuristics` struct.
    /// The struct's fields become top-level columns when a batch is written
    /// (a projection of `get_field(h, ..)` gets merged by the optimizer into
    /// one UDF call per field: 6x the work, measured).
    fn sql(&self, input: &SchemaRef) -> String {
        let added = added();
        let cols: Vec<String> = input
            .fields()
            .iter()
            .filter(|f| !added.contains(f.name()))
            .map(|f| ident(f.name()))
            .collect();
        format!(
            "SELECT {}, curate_heuristics({}) AS __h FROM input",
            cols.join(", "),
            ident(&self.p.text_column)
        )
    }
}

fn added() -> Vec<String> {
    schemas::heuristics_fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

/// Replace the trailing struct column by its fields (NULL for a NULL
/// text, and then nullable: `text_column` is).
fn flatten(b: &RecordBatch, text_column: &str) -> Result<RecordBatch> {
    let n = b.num_columns();
    let s = b
        .column(n - 1)
        .as_any()
        .downcast_ref::<StructArray>()
        .context("curate_heuristics must return a struct")?;
    let mut fields: Vec<FieldRef> = b.schema().fields()[..n - 1].to_vec();
    let mut cols = b.columns()[..n - 1].to_vec();
    let (f, c) = super::struct_columns(s, super::nullable(&b.schema(), text_column))?;
    fields.extend(f);
    cols.extend(c);
    Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)?)
}

impl Stage for HeuristicsStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = plan_on_schema(fx, &inputs[0], &self.sql(&inputs[0]))?;
        let empty = RecordBatch::new_empty(s);
        let flat = flatten(&empty, &self.p.text_column)?;
        Ok(schemas::stamp(&flat.schema(), schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let sql = self.sql(&inputs[0]);
        let (_, plan) = plan_on_schema(fx, &inputs[0], &sql)?;
        Ok(format!(
            "per shard: {sql}\n{plan}\nthen the fields of __h become columns: {}",
            added().join(", ")
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let sql = self.sql(&cx.input_schemas[0]);
        let shards = input_shards_sized(cx);
        cx.run_query_units(
            cx.input_schemas[0].clone(),
            &shards,
            &sql,
            |_, out, batches| {
                for b in batches {
                    let b = b?;
                    out.counts.rows_in += b.num_rows() as u64;
                    out.write(&flatten(&b, &self.p.text_column)?)?;
                }
                Ok(())
            },
        )
    }
}
