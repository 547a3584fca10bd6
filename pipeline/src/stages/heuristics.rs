//! `heuristics`: Gopher quality, Gopher repetition, C4 and FineWeb rules as
//! one DataFusion projection. Adds `word_count`, one boolean per rule set and
//! `drop_reason` (the first failing rule, NULL when all pass). Drops nothing.

use anyhow::Result;
use curate_schemas as schemas;
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::{ident, input_shards_sized, plan_on_schema, struct_columns_sql};
use crate::functions::Functions;
use crate::stage::{params, InputKind, ParamError, QueryOutput, Stage, StageCx, StageKind};

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
        Some("the scoring query of each shard; executors write its shard")
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
    /// The per-shard query: input columns (but the added ones of an
    /// earlier `heuristics`), then the fields of `curate_heuristics` as
    /// columns (NULL for a NULL text).
    fn sql(&self, input: &SchemaRef) -> String {
        let call = format!("curate_heuristics({})", ident(&self.p.text_column));
        struct_columns_sql(input, &call, &added(), &[])
    }
}

fn added() -> Vec<String> {
    schemas::heuristics_fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
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
        let sql = self.sql(&cx.input_schemas[0]);
        let shards = input_shards_sized(cx);
        cx.run_output_units(
            cx.input_schemas[0].clone(),
            &shards,
            &sql,
            QueryOutput::Rows,
        )
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Array, RecordBatch, StringArray, UInt32Array};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::datasource::MemTable;

    use super::*;

    /// The query's columns: the input's, then the rule columns, each
    /// nullable exactly where the text is, NULL for a NULL text; one
    /// `curate_heuristics` call per row (an unnest, not a call per field).
    #[test]
    fn fields_become_columns_null_for_a_null_text() {
        let fx = Functions::default();
        let stage = HeuristicsStage {
            p: Params {
                text_column: "text".into(),
            },
        };
        for text_nullable in [false, true] {
            let schema = Arc::new(Schema::new(vec![
                Field::new("id", DataType::Utf8, false),
                Field::new("text", DataType::Utf8, text_nullable),
            ]));
            let out = stage
                .output_schema(std::slice::from_ref(&schema), &fx)
                .unwrap();
            let names: Vec<&str> = out.fields().iter().map(|f| f.name().as_str()).collect();
            let mut want = vec!["id", "text"];
            let added = added();
            want.extend(added.iter().map(String::as_str));
            assert_eq!(names, want);
            for f in schemas::heuristics_fields() {
                let got = out.field_with_name(f.name()).unwrap();
                assert_eq!(got.data_type(), f.data_type());
                assert_eq!(got.is_nullable(), f.is_nullable() || text_nullable, "{f}");
            }
            let (_, plan) = plan_on_schema(&fx, &schema, &stage.sql(&schema)).unwrap();
            assert_eq!(plan.matches("curate_heuristics(").count(), 1, "{plan}");
        }
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Utf8, false),
            Field::new("text", DataType::Utf8, true),
        ]));
        let b = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec!["a", "b"])),
                Arc::new(StringArray::from(vec![Some("one two three"), None])),
            ],
        )
        .unwrap();
        let ctx = fx.session(1);
        ctx.register_table(
            "input",
            Arc::new(MemTable::try_new(schema.clone(), vec![vec![b]]).unwrap()),
        )
        .unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let got = rt
            .block_on(async { ctx.sql(&stage.sql(&schema)).await?.collect().await })
            .unwrap();
        let b = &got[0];
        let wc = b
            .column_by_name("word_count")
            .unwrap()
            .as_any()
            .downcast_ref::<UInt32Array>()
            .unwrap();
        assert_eq!(wc.value(0), 3);
        for f in added() {
            let c = b.column_by_name(&f).unwrap();
            assert!(c.is_null(1), "{f} is not NULL for a NULL text");
        }
    }
}
