//! `pii`: redacts e-mail addresses, IP addresses and phone numbers in the
//! text column with placeholder tokens (`|||EMAIL_ADDRESS|||`, ...; see
//! `curate_filters::pii`), and appends the count of each kind per row
//! (`pii_email`, `pii_ip`, `pii_phone`). Text outside the matches is not
//! touched; no row is dropped. The run summary totals each kind.

use std::sync::Arc;

use anyhow::{Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::array::{Array, ArrayRef, StructArray};
use datafusion::arrow::datatypes::{Field, FieldRef, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::{ident, plan_on_schema};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

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
        Some("the redaction query of each shard")
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
    /// Input columns but the text (and counts of an earlier `pii`), then
    /// the `curate_pii` struct.
    fn sql(&self, input: &SchemaRef) -> Result<String> {
        input
            .field_with_name(&self.p.text_column)
            .with_context(|| format!("pii: input has no column `{}`", self.p.text_column))?;
        let added = added();
        let cols: Vec<String> = input
            .fields()
            .iter()
            .filter(|f| *f.name() != self.p.text_column && !added.contains(f.name()))
            .map(|f| ident(f.name()))
            .collect();
        let mut select = cols;
        select.push(format!("curate_pii({}) AS __p", ident(&self.p.text_column)));
        Ok(format!("SELECT {} FROM input", select.join(", ")))
    }

    /// The input's column order, the text replaced by its redaction, the
    /// counts appended.
    fn assemble(&self, input: &SchemaRef, b: &RecordBatch) -> Result<RecordBatch> {
        let n = b.num_columns();
        let s = b
            .column(n - 1)
            .as_any()
            .downcast_ref::<StructArray>()
            .context("curate_pii must return a struct")?;
        let added = added();
        let (mut fields, mut cols): (Vec<FieldRef>, Vec<ArrayRef>) = (vec![], vec![]);
        let mut rest = 0;
        for f in input.fields() {
            if *f.name() == self.p.text_column {
                fields.push(Arc::new(Field::new(
                    f.name(),
                    s.column(0).data_type().clone(),
                    f.is_nullable(),
                )));
                cols.push(s.column(0).clone());
            } else if !added.contains(f.name()) {
                fields.push(b.schema().fields()[rest].clone());
                cols.push(b.column(rest).clone());
                rest += 1;
            }
        }
        // Counts are NULL for a NULL text (see `curate_filters::udf`).
        let (f, c) = super::struct_columns(s, super::nullable(input, &self.p.text_column))?;
        fields.extend(f.into_iter().skip(1));
        cols.extend(c.into_iter().skip(1));
        Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)?)
    }
}

impl Stage for PiiStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = plan_on_schema(fx, &inputs[0], &self.sql(&inputs[0])?)?;
        let flat = self.assemble(&inputs[0], &RecordBatch::new_empty(s))?;
        Ok(schemas::stamp(&flat.schema(), schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let sql = self.sql(&inputs[0])?;
        let (_, plan) = plan_on_schema(fx, &inputs[0], &sql)?;
        Ok(format!(
            "per shard: {sql}\n{plan}\nthen __p.text replaces `{}` in place and {} are appended",
            self.p.text_column,
            added().join(", ")
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let input = cx.input_schemas[0].clone();
        let sql = self.sql(&input)?;
        let shards = super::input_shards_sized(cx);
        cx.run_query_units(input.clone(), &shards, &sql, |_, out, batches| {
            for b in batches {
                let b = b?;
                out.counts.rows_in += b.num_rows() as u64;
                out.write(&self.assemble(&input, &b)?)?;
            }
            Ok(())
        })?;
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
