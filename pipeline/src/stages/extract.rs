//! `extract`: HTML to main text, per shard, as one DataFusion projection of
//! `curate_extract(html, url, 'flags')` (see `curate_filters::extract`).
//! The `text` column becomes the page's main text (boilerplate removed,
//! blocks as lines); `title` and `html_lang` are appended; the HTML is
//! dropped unless `keep_html: true` keeps it as `html`. Rows whose page has
//! no main text (or whose HTML is NULL) go to `rejected/` as
//! `extract: no main text`, with an empty `text`.

use anyhow::{Context, Result};
use curate_schemas::{self as schemas, col};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::{ident, input_shards_sized, literal, plan_on_schema, unnest_sql, unnested, Unnest};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, QueryOutput, Stage, StageCx, StageKind};

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
        Some("the extraction query of each shard; executors write its kept and rejected shards")
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

    /// The per-shard query: input columns but the HTML and the columns
    /// written here, with `text` (non-null: '' for rows without main text)
    /// second after `doc_id` (else after them), the HTML (when kept), then
    /// `title`, `html_lang` and the rejection reason last.
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
        let mut pass: Vec<String> = input
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .filter(|n| *n != self.p.html_column && !added.contains(n))
            .collect();
        let text = format!("coalesce({}, '')", unnested("__x", col::TEXT));
        let mut outer = vec![];
        let mut placed = false;
        for c in &pass {
            outer.push(ident(c));
            if c == col::DOC_ID && !placed {
                outer.push(format!("{text} AS {}", ident(col::TEXT)));
                placed = true;
            }
        }
        if self.p.keep_html {
            outer.push(format!(
                "{} AS {}",
                ident(&self.p.html_column),
                ident(col::HTML)
            ));
            pass.push(self.p.html_column.clone());
        }
        if !placed {
            outer.push(format!("{text} AS {}", ident(col::TEXT)));
        }
        for c in [col::TITLE, col::HTML_LANG] {
            outer.push(format!("{} AS {}", unnested("__x", c), ident(c)));
        }
        outer.push(format!(
            "CASE WHEN {text} = '' THEN {} ELSE CAST(NULL AS VARCHAR) END AS {}",
            literal(NO_TEXT),
            ident(REASON)
        ));
        let html = ident(&self.p.html_column);
        let url = if input.field_with_name(col::URL).is_ok() {
            ident(col::URL)
        } else {
            "CAST(NULL AS VARCHAR)".into()
        };
        let call = format!("curate_extract({html}, {url}, {})", literal(&self.flags()));
        Ok(unnest_sql(
            &pass,
            &[Unnest {
                sql: &call,
                name: "__x",
                fields: true,
            }],
            &outer,
        ))
    }
}

impl Stage for ExtractStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = plan_on_schema(fx, &inputs[0], &self.sql(&inputs[0])?)?;
        let mut b = RecordBatch::new_empty(s);
        b.remove_column(b.num_columns() - 1);
        Ok(schemas::stamp(&b.schema(), schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let sql = self.sql(&inputs[0])?;
        let (_, plan) = plan_on_schema(fx, &inputs[0], &sql)?;
        Ok(format!(
            "per shard: {sql}\n{plan}\nrows without main text -> rejected/ ({NO_TEXT})"
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let input = cx.input_schemas[0].clone();
        let sql = self.sql(&input)?;
        let shards = input_shards_sized(cx);
        cx.run_output_units(
            input,
            &shards,
            &sql,
            QueryOutput::Split {
                reason: REASON,
                costly: true,
                only: None,
            },
        )?;
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
