//! `heuristics`: Gopher quality, Gopher repetition, C4 and FineWeb rules as
//! one DataFusion projection. Adds `word_count`, one boolean per rule set and
//! `drop_reason` (the first failing rule, NULL when all pass). Drops nothing.

use anyhow::Result;
use curate_schemas::{self as schemas, col};
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::{ident, literal, plan_on_schema, run_sql_on_shard, shard_units};
use crate::functions::Functions;
use crate::stage::{params, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Heuristics;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_text")]
    text_column: String,
}

fn default_text() -> String {
    col::TEXT.into()
}

impl StageKind for Heuristics {
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
    fn sql(&self, input: &SchemaRef) -> String {
        let added: Vec<String> = schemas::heuristics_fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let mut cols: Vec<String> = input
            .fields()
            .iter()
            .filter(|f| !added.contains(f.name()))
            .map(|f| ident(f.name()))
            .collect();
        for a in &added {
            cols.push(format!("get_field(__h, {}) AS {}", literal(a), ident(a)));
        }
        format!(
            "SELECT {} FROM (SELECT *, curate_heuristics({}) AS __h FROM input)",
            cols.join(", "),
            ident(&self.p.text_column)
        )
    }
}

impl Stage for HeuristicsStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = plan_on_schema(fx, &inputs[0], &self.sql(&inputs[0]))?;
        Ok(schemas::stamp(&s, schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let sql = self.sql(&inputs[0]);
        let (_, plan) = plan_on_schema(fx, &inputs[0], &sql)?;
        Ok(format!("per shard: {sql}\n{plan}"))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let (shards, units) = shard_units(cx);
        let sql = self.sql(&cx.input_schemas[0]);
        cx.run_units(units, |unit, out| {
            run_sql_on_shard(cx, &shards[unit.id], &sql, |b| {
                out.counts.rows_in += b.num_rows() as u64;
                out.write(&b)
            })
        })
    }
}
