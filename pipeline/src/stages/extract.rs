//! `extract`: HTML to main text, per shard, as one DataFusion projection of
//! `curate_extract(html, url, 'flags')` (see `curate_filters::extract`).
//! The `text` column becomes the page's main text (boilerplate removed,
//! blocks as lines); `title` and `html_lang` are appended; the HTML is
//! dropped unless `keep_html: true` keeps it as `html`. Rows whose page has
//! no main text (or whose HTML is NULL) go to `rejected/` as
//! `extract: no main text`, with an empty `text`.

use std::sync::Arc;

use anyhow::{Context, Result};
use curate_schemas::{self as schemas, col};
use datafusion::arrow::array::{Array, ArrayRef, StringArray, StructArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::filter::split_rejected;
use super::{ident, input_shards_sized, literal, plan_on_schema};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Extract;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// The column holding the HTML (`ingest` with `format: warc` puts it in `text`).
    #[serde(default = "super::default_text_column")]
    html_column: String,
    /// Append the page's comment section (trafilatura's default); off,
    /// comments are boilerplate.
    #[serde(default)]
    comments: bool,
    /// Keep data tables as `| a | b |` lines.
    #[serde(default = "yes")]
    tables: bool,
    /// Keep list items as `- item` lines.
    #[serde(default = "yes")]
    lists: bool,
    /// Keep the HTML as column `html`.
    #[serde(default)]
    keep_html: bool,
}

fn yes() -> bool {
    true
}

const REASON: &str = "__rejected_reason";
const NO_TEXT: &str = "extract: no main text";

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for Extract {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the extraction query of each shard")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "extract"
    }
    fn summary(&self) -> &'static str {
        "HTML to main text (boilerplate removed), title and html_lang columns"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages {
            min: 1,
            max: Some(1),
        }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.html_column.is_empty() {
            return Err(perr("html_column", "must not be empty"));
        }
        Ok(Box::new(ExtractStage { p }))
    }
}

struct ExtractStage {
    p: Params,
}

/// Columns this stage writes (they replace same-named input columns).
fn added() -> Vec<String> {
    vec![
        col::TEXT.into(),
        col::TITLE.into(),
        col::HTML_LANG.into(),
        col::HTML.into(),
    ]
}

impl ExtractStage {
    fn flags(&self) -> String {
        let mut f = vec![];
        if self.p.comments {
            f.push("comments");
        }
        if !self.p.tables {
            f.push("no_tables");
        }
        if !self.p.lists {
            f.push("no_lists");
        }
        f.join(",")
    }

    /// Input columns but the HTML and the columns written here, then the
    /// HTML (when kept) and the `curate_extract` struct.
    fn sql(&self, input: &SchemaRef) -> Result<String> {
        let f = input
            .field_with_name(&self.p.html_column)
            .with_context(|| format!("extract: input has no column `{}`", self.p.html_column))?;
        if !matches!(
            f.data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ) {
            anyhow::bail!(
                "extract: column `{}` is {}, not text",
                self.p.html_column,
                f.data_type()
            );
        }
        let added = added();
        let mut select: Vec<String> = input
            .fields()
            .iter()
            .filter(|f| *f.name() != self.p.html_column && !added.contains(f.name()))
            .map(|f| ident(f.name()))
            .collect();
        let html = ident(&self.p.html_column);
        if self.p.keep_html {
            select.push(format!("{html} AS {}", ident(col::HTML)));
        }
        let url = if input.field_with_name(col::URL).is_ok() {
            ident(col::URL)
        } else {
            "CAST(NULL AS VARCHAR)".into()
        };
        select.push(format!(
            "curate_extract({html}, {url}, {}) AS __x",
            literal(&self.flags())
        ));
        Ok(format!("SELECT {} FROM input", select.join(", ")))
    }

    /// The projected columns with `text` (non-null: '' for rows without
    /// main text) in place of the struct, then `title`, `html_lang`, and the
    /// rejection reason last.
    fn assemble(&self, b: &RecordBatch) -> Result<RecordBatch> {
        let n = b.num_columns();
        let s = b
            .column(n - 1)
            .as_any()
            .downcast_ref::<StructArray>()
            .context("curate_extract must return a struct")?;
        let text = cast(s.column(0), &DataType::Utf8)?;
        let text = text
            .as_any()
            .downcast_ref::<StringArray>()
            .context("curate_extract: text did not cast to Utf8")?;
        let reason: StringArray = text
            .iter()
            .map(|t| match t {
                Some(t) if !t.is_empty() => None,
                _ => Some(NO_TEXT),
            })
            .collect();
        let text: StringArray = text.iter().map(|t| Some(t.unwrap_or(""))).collect();
        let (mut fields, mut cols): (Vec<FieldRef>, Vec<ArrayRef>) = (vec![], vec![]);
        // `text` where the documents table has it: second, after doc_id.
        let schema = b.schema();
        let mut placed = false;
        for (i, f) in schema.fields()[..n - 1].iter().enumerate() {
            fields.push(f.clone());
            cols.push(b.column(i).clone());
            if f.name() == col::DOC_ID && !placed {
                fields.push(Arc::new(Field::new(col::TEXT, DataType::Utf8, false)));
                cols.push(Arc::new(text.clone()));
                placed = true;
            }
        }
        if !placed {
            fields.push(Arc::new(Field::new(col::TEXT, DataType::Utf8, false)));
            cols.push(Arc::new(text));
        }
        for k in 1..3 {
            fields.push(s.fields()[k].clone());
            cols.push(s.column(k).clone());
        }
        fields.push(Arc::new(Field::new(REASON, DataType::Utf8, true)));
        cols.push(Arc::new(reason));
        Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)?)
    }
}

impl Stage for ExtractStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = plan_on_schema(fx, &inputs[0], &self.sql(&inputs[0])?)?;
        let b = self.assemble(&RecordBatch::new_empty(s))?;
        let mut b = b;
        b.remove_column(b.num_columns() - 1);
        Ok(schemas::stamp(&b.schema(), schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let sql = self.sql(&inputs[0])?;
        let (_, plan) = plan_on_schema(fx, &inputs[0], &sql)?;
        Ok(format!(
            "per shard: {sql}\n{plan}\nthen __x.text becomes `text`, __x.title and __x.html_lang are appended; rows without main text -> rejected/ ({NO_TEXT})"
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let input = cx.input_schemas[0].clone();
        let sql = self.sql(&input)?;
        let shards = input_shards_sized(cx);
        cx.run_query_units(input, &shards, &sql, |_, out, batches| {
            for b in batches {
                split_rejected(cx, out, self.assemble(&b?)?, REASON)?;
            }
            Ok(())
        })?;
        let q = format!(
            "SELECT count(*), coalesce(sum(length({})), 0), count({}), count({}) FROM out",
            ident(col::TEXT),
            ident(col::TITLE),
            ident(col::HTML_LANG)
        );
        if let Some(b) = super::query_output(cx, &q)? {
            let (n, chars, titles, langs) = (
                super::first_u64(&b, 0),
                super::first_u64(&b, 1),
                super::first_u64(&b, 2),
                super::first_u64(&b, 3),
            );
            cx.note(format!(
                "extract: {n} pages with main text, {} characters on average; {titles} with a title, {langs} declare a language",
                chars / n.max(1)
            ));
        }
        Ok(())
    }
}
