//! `pii`: redacts e-mail addresses, IP addresses and phone numbers in the
//! text column with placeholder tokens (`|||EMAIL_ADDRESS|||`, ...; see
//! `curate_filters::pii`), and appends the count of each kind per row
//! (`pii_email`, `pii_ip`, `pii_phone`). Text outside the matches is not
//! touched; no row is dropped. The run summary totals each kind.

use anyhow::{Context, Result};
use curate_schemas::{self as schemas, col};
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::{ident, plan_on_schema, unnest_sql, unnested, Unnest};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, QueryOutput, Stage, StageCx, StageKind};

pub struct Pii;

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

impl StageKind for Pii {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the redaction query of each shard; executors write its shard")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "pii"
    }
    fn summary(&self) -> &'static str {
        "redact e-mail addresses, IP addresses and phone numbers with placeholders, counting each kind"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages {
            min: 1,
            max: Some(1),
        }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.text_column.is_empty() {
            return Err(perr("text_column", "must not be empty"));
        }
        Ok(Box::new(PiiStage { p }))
    }
}

struct PiiStage {
    p: Params,
}

fn added() -> Vec<String> {
    schemas::pii_fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

impl PiiStage {
    /// The per-shard query: the input's columns in order, the text replaced
    /// by its redaction, then the counts (an earlier `pii`'s are replaced).
    fn sql(&self, input: &SchemaRef) -> Result<String> {
        let text = &self.p.text_column;
        input
            .field_with_name(text)
            .with_context(|| format!("pii: input has no column `{text}`"))?;
        let added = added();
        let pass: Vec<String> = input
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .filter(|n| n != text && !added.contains(n))
            .collect();
        let mut outer = vec![];
        for f in input.fields() {
            if f.name() == text {
                outer.push(format!("{} AS {}", unnested("__p", col::TEXT), ident(text)));
            } else if !added.contains(f.name()) {
                outer.push(ident(f.name()));
            }
        }
        outer.extend(
            added
                .iter()
                .map(|f| format!("{} AS {}", unnested("__p", f), ident(f))),
        );
        let call = format!("curate_pii({})", ident(text));
        Ok(unnest_sql(
            &pass,
            &[Unnest {
                sql: &call,
                name: "__p",
                fields: true,
            }],
            &outer,
        ))
    }
}

impl Stage for PiiStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = plan_on_schema(fx, &inputs[0], &self.sql(&inputs[0])?)?;
        Ok(schemas::stamp(&s, schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let sql = self.sql(&inputs[0])?;
        let (_, plan) = plan_on_schema(fx, &inputs[0], &sql)?;
        Ok(format!("per shard: {sql}\n{plan}"))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let input = cx.input_schemas[0].clone();
        let sql = self.sql(&input)?;
        let shards = super::input_shards_sized(cx);
        cx.run_output_units(input, &shards, &sql, QueryOutput::Rows)?;
        // Totals over the committed output (resumed units included).
        let q = format!(
            "SELECT count(*), {} FROM out",
            added()
                .iter()
                .map(|c| format!(
                    "coalesce(sum({0}), 0), count(*) FILTER (WHERE {0} > 0)",
                    ident(c)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let Some(b) = super::query_output(cx, &q)? else {
            cx.note("pii: no rows");
            return Ok(());
        };
        let totals: Vec<u64> = (0..7).map(|i| super::first_u64(&b, i)).collect();
        cx.note(format!(
            "pii: {} e-mail addresses in {} rows, {} IP addresses in {} rows, {} phone numbers in {} rows (of {} rows)",
            totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], totals[0]
        ));
        Ok(())
    }
}
