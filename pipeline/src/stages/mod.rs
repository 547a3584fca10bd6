//! Stage kinds. Adding one: a file here implementing [`StageKind`] and a
//! line in [`KINDS`].

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use futures::StreamExt;

use crate::functions::Functions;
use crate::stage::{StageCx, StageKind};

pub mod annotate;
pub mod bias;
pub mod dedup_exact;
pub mod dedup_minhash;
pub mod edu_score;
pub mod filter;
pub mod generate;
pub mod heuristics;
pub mod ingest;
pub mod langid;
pub mod pii;
pub mod scoring;
pub mod tokenize;
pub mod train_classifier;
pub mod train_model;
pub mod train_tokenizer;
pub mod write;

/// The stage kind registry.
pub static KINDS: &[&dyn StageKind] = &[
    &ingest::Ingest,
    &heuristics::Heuristics,
    &pii::Pii,
    &langid::Langid,
    &annotate::Annotate,
    &train_classifier::TrainClassifier,
    &edu_score::EduScore,
    &bias::Bias,
    &filter::Filter,
    &dedup_exact::DedupExact,
    &dedup_minhash::DedupMinhash,
    &write::Write,
    &train_tokenizer::TrainTokenizer,
    &tokenize::Tokenize,
    &train_model::TrainModel,
    &generate::Generate,
];

pub fn kind(name: &str) -> Option<&'static dyn StageKind> {
    KINDS.iter().copied().find(|k| k.name() == name)
}

pub fn kind_names() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.name()).collect()
}

/// The default of every stage's `text_column` parameter.
pub fn default_text_column() -> String {
    curate_schemas::col::TEXT.into()
}

/// A prompt template: the file `param` names (relative to the workflow
/// directory `base`; `Path::join` keeps an absolute path as it is), or the
/// built-in `default`.
pub fn read_template(base: &Path, param: Option<&Path>, default: &str) -> Result<String> {
    match param {
        None => Ok(default.to_string()),
        Some(p) => {
            let p = base.join(p);
            std::fs::read_to_string(&p).with_context(|| format!("reading template {}", p.display()))
        }
    }
}

/// Check that `schema` has a string column `column` (Utf8, LargeUtf8 or
/// Utf8View: what the scoring functions accept).
pub fn require_string_column(schema: &SchemaRef, column: &str) -> Result<()> {
    use datafusion::arrow::datatypes::DataType;
    match schema.field_with_name(column) {
        Ok(f)
            if matches!(
                f.data_type(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            Ok(())
        }
        Ok(f) => anyhow::bail!("column `{column}` is {}, not text", f.data_type()),
        Err(_) => anyhow::bail!("input has no column `{column}`"),
    }
}

/// Run one aggregate query over the stage's committed output (resumed units
/// included); `None` when the stage wrote no rows.
pub fn query_output(cx: &StageCx, sql: &str) -> Result<Option<Vec<RecordBatch>>> {
    let any = std::fs::read_dir(&cx.dir)?
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "parquet"));
    if !any {
        return Ok(None);
    }
    let dir = cx.dir.to_str().context("non-UTF-8 path")?.to_string();
    let b = cx.rt.block_on(async {
        let ctx = cx.fx.session(1);
        ctx.register_parquet("out", &dir, ParquetReadOptions::default())
            .await?;
        anyhow::Ok(ctx.sql(sql).await?.collect().await?)
    })?;
    Ok(Some(b))
}

/// Column `i` of the first row of a query result as a number (0 when there
/// is no row or it is NULL), whatever numeric type the query gave it.
pub fn first_f64(batches: &[RecordBatch], i: usize) -> f64 {
    use datafusion::arrow::array::{Array, Float64Array};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::DataType;
    batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .and_then(|b| cast(b.column(i), &DataType::Float64).ok())
        .and_then(|a| {
            let a = a.as_any().downcast_ref::<Float64Array>()?;
            (!a.is_null(0)).then(|| a.value(0))
        })
        .unwrap_or(0.0)
}

/// [`first_f64`] for counts.
pub fn first_u64(batches: &[RecordBatch], i: usize) -> u64 {
    first_f64(batches, i) as u64
}

/// Quote an identifier for SQL.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quote a string literal for SQL.
pub fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Plan `sql` over an empty table `input` of the given schema (validation
/// and dry runs): returns the output schema and the optimized plan.
pub fn plan_on_schema(fx: &Functions, input: &SchemaRef, sql: &str) -> Result<(SchemaRef, String)> {
    let ctx = fx.session(1);
    let table = MemTable::try_new(input.clone(), vec![vec![]])?;
    ctx.register_table("input", Arc::new(table))?;
    futures::executor::block_on(async {
        let df = ctx.sql(sql).await?;
        let schema: Schema = df.schema().as_arrow().clone();
        let plan = df.into_optimized_plan()?;
        let text = plan.display_indent().to_string();
        Ok((Arc::new(schema), text))
    })
}

/// Register one Parquet shard as table `input` in a fresh per-unit session.
pub async fn shard_session(fx: &Functions, shard: &Path) -> Result<SessionContext> {
    let ctx = fx.session(1);
    let p = shard.to_str().context("non-UTF-8 path")?;
    ctx.register_parquet("input", p, ParquetReadOptions::default())
        .await
        .with_context(|| format!("reading {}", shard.display()))?;
    Ok(ctx)
}

/// Run `sql` over one shard, handing every result batch to `sink`.
pub fn run_sql_on_shard(
    cx: &StageCx,
    shard: &Path,
    sql: &str,
    mut sink: impl FnMut(RecordBatch) -> Result<()>,
) -> Result<()> {
    cx.rt.block_on(async {
        let ctx = shard_session(cx.fx, shard).await?;
        let mut stream = ctx.sql(sql).await?.execute_stream().await?;
        while let Some(b) = stream.next().await {
            sink(b?)?;
        }
        Ok(())
    })
}

/// Units for a stage that maps its input shards one to one.
pub fn shard_units(cx: &StageCx) -> (Vec<std::path::PathBuf>, Vec<crate::stage::Unit>) {
    let shards = cx.input_shards();
    let units = units_for(&shards);
    (shards, units)
}

/// The single unit of a stage that reads all of `files` at once.
pub fn one_unit(files: &[std::path::PathBuf], label: impl Into<String>) -> crate::stage::Unit {
    crate::stage::Unit {
        id: 0,
        label: label.into(),
        bytes: files
            .iter()
            .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum(),
    }
}

/// One unit per shard, labelled `<stage>/<file>`.
pub fn units_for(shards: &[std::path::PathBuf]) -> Vec<crate::stage::Unit> {
    shards
        .iter()
        .enumerate()
        .map(|(i, p)| crate::stage::Unit {
            id: i,
            label: p
                .iter()
                .rev()
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<std::path::PathBuf>()
                .to_string_lossy()
                .into_owned(),
            bytes: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        })
        .collect()
}
