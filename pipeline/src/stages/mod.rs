//! Stage kinds. Adding one: a file here implementing [`StageKind`] and a
//! line in [`KINDS`].

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use futures::StreamExt;

use crate::functions::Functions;
use crate::stage::{units_of, StageCx, StageKind, Unit};
use crate::storage::Loc;

pub mod annotate;
pub mod bias;
pub mod decontaminate;
pub mod dedup_exact;
pub mod dedup_minhash;
pub mod edu_score;
pub mod evaluate;
pub mod extract;
pub mod filter;
pub mod generate;
pub mod global;
pub mod heuristics;
pub mod ingest;
pub mod langid;
pub mod pii;
pub mod scoring;
pub mod tokenize;
pub mod train_classifier;
pub mod train_model;
pub mod train_regressor;
pub mod train_tokenizer;
pub mod write;

/// The stage kind registry.
pub static KINDS: &[&dyn StageKind] = &[
    &ingest::Ingest,
    &extract::Extract,
    &heuristics::Heuristics,
    &pii::Pii,
    &langid::Langid,
    &annotate::Annotate,
    &train_classifier::TrainClassifier,
    &train_regressor::TrainRegressor,
    &edu_score::EduScore,
    &bias::Bias,
    &evaluate::Evaluate,
    &filter::Filter,
    &dedup_exact::DedupExact,
    &dedup_minhash::DedupMinhash,
    &decontaminate::Decontaminate,
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

/// Run one aggregate query over the stage's committed output (every
/// task's units); `None` when the stage wrote no rows.
pub fn query_output(cx: &StageCx, sql: &str) -> Result<Option<Vec<RecordBatch>>> {
    let Some(m) = cx.manifest() else {
        return Ok(None);
    };
    if m.shards.is_empty() {
        return Ok(None);
    }
    let urls: Vec<String> = m
        .shards
        .iter()
        .map(|s| cx.out.join(&s.path).df_url())
        .collect();
    let b = cx.rt.block_on(async {
        let ctx = cx.fx.session(1);
        register_files(&ctx, "out", &urls, None).await?;
        anyhow::Ok(ctx.sql(sql).await?.collect().await?)
    })?;
    Ok(Some(b))
}

/// Register Parquet files (local paths or URLs) as one table.
pub async fn register_files(
    ctx: &SessionContext,
    name: &str,
    urls: &[String],
    schema: Option<&Schema>,
) -> Result<()> {
    use datafusion::datasource::listing::{
        ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
    };
    let paths = urls
        .iter()
        .map(|u| ListingTableUrl::parse(u).with_context(|| format!("bad path {u}")))
        .collect::<Result<Vec<_>>>()?;
    let opts = ListingOptions::new(Arc::new(
        datafusion::datasource::file_format::parquet::ParquetFormat::default(),
    ))
    .with_file_extension(".parquet");
    let state = ctx.state();
    let cfg = ListingTableConfig::new_with_multi_paths(paths).with_listing_options(opts);
    let cfg = match schema {
        Some(s) => cfg.with_schema(Arc::new(s.clone())),
        None => cfg.infer_schema(&state).await?,
    };
    ctx.register_table(name, Arc::new(ListingTable::try_new(cfg)?))?;
    Ok(())
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

/// One call of an [`unnest_sql`] query: its SQL, the name it gets, and
/// whether it returns a struct whose fields become columns.
pub struct Unnest<'a> {
    pub sql: &'a str,
    pub name: &'a str,
    pub fields: bool,
}

/// A per-shard query `SELECT <outer> FROM input` that keeps the columns
/// `pass` and computes each call once: a struct-valued call is unnested
/// into its fields, which `outer` names with [`unnested`]. (A projection
/// of `get_field(call, ..)` would be merged by DataFusion's optimizer into
/// one call per field: 6x the work, measured.)
pub fn unnest_sql(pass: &[String], calls: &[Unnest], outer: &[String]) -> String {
    let pass: Vec<String> = pass.iter().map(|c| ident(c)).collect();
    let mut inner = pass.clone();
    let mut mid = pass;
    for c in calls {
        inner.push(format!("{} AS {}", c.sql, ident(c.name)));
        mid.push(if c.fields {
            format!("unnest({})", ident(c.name))
        } else {
            ident(c.name)
        });
    }
    format!(
        "SELECT {} FROM (SELECT {} FROM (SELECT {} FROM input))",
        outer.join(", "),
        mid.join(", "),
        inner.join(", ")
    )
}

/// The names of `input`'s columns that are not in `added` (the columns a
/// stage passes through when it adds or replaces `added`).
pub fn columns_except(input: &SchemaRef, added: &[String]) -> Vec<String> {
    input
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .filter(|n| !added.contains(n))
        .collect()
}

/// The alias of [`struct_columns_sql`]'s call.
pub const STRUCT_CALL: &str = "__s";

/// A per-shard query that appends the fields `added` of one struct-valued
/// `call` to `input`'s columns (an input column of the same name as one of
/// them is replaced, as when a stage runs twice), then the expressions
/// `extra` (which may name a field as [`unnested`]`(STRUCT_CALL, field)`).
pub fn struct_columns_sql(
    input: &SchemaRef,
    call: &str,
    added: &[String],
    extra: &[String],
) -> String {
    let pass = columns_except(input, added);
    let mut outer: Vec<String> = pass.iter().map(|c| ident(c)).collect();
    outer.extend(
        added
            .iter()
            .map(|f| format!("{} AS {}", unnested(STRUCT_CALL, f), ident(f))),
    );
    outer.extend(extra.iter().cloned());
    unnest_sql(
        &pass,
        &[Unnest {
            sql: call,
            name: STRUCT_CALL,
            fields: true,
        }],
        &outer,
    )
}

/// Field `field` of the struct call `name` of an [`unnest_sql`] query, as
/// a column of its `outer` list.
pub fn unnested(name: &str, field: &str) -> String {
    ident(&format!("{name}.{field}"))
}

/// The one count of a `count` result (a write's rows): `None` when there
/// is no row or it is NULL.
pub fn first_count(batches: &[RecordBatch]) -> Option<u64> {
    use datafusion::arrow::array::{Array, UInt64Array};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::DataType;
    let b = batches.iter().find(|b| b.num_rows() > 0)?;
    let a = cast(b.column(0), &DataType::UInt64).ok()?;
    let a = a.as_any().downcast_ref::<UInt64Array>()?;
    (!a.is_null(0)).then(|| a.value(0))
}

/// The text of the first row of a one-column result (an aggregate's):
/// `None` when there is no row or it is NULL.
pub fn first_string(batches: &[RecordBatch]) -> Option<String> {
    use datafusion::arrow::array::{Array, StringArray};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::DataType;
    let b = batches.iter().find(|b| b.num_rows() > 0)?;
    let a = cast(b.column(0), &DataType::Utf8).ok()?;
    let a = a.as_any().downcast_ref::<StringArray>()?;
    (!a.is_null(0)).then(|| a.value(0).to_string())
}

/// The rows of a (text, count) result, e.g. `SELECT reason, count(*) ...
/// GROUP BY reason`; a NULL text or count is an error.
pub fn string_counts(batches: &[RecordBatch]) -> Result<Vec<(String, u64)>> {
    use datafusion::arrow::array::{Array, StringArray, UInt64Array};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::DataType;
    let mut out = vec![];
    for b in batches {
        let (t, n) = (
            cast(b.column(0), &DataType::Utf8)?,
            cast(b.column(1), &DataType::UInt64)?,
        );
        let (Some(t), Some(n)) = (
            t.as_any().downcast_ref::<StringArray>(),
            n.as_any().downcast_ref::<UInt64Array>(),
        ) else {
            bail!("internal: a (text, count) result did not cast to (Utf8, UInt64)");
        };
        for i in 0..b.num_rows() {
            if t.is_null(i) || n.is_null(i) {
                bail!("internal: a NULL in a (text, count) result");
            }
            out.push((t.value(i).to_string(), n.value(i)));
        }
    }
    Ok(out)
}

/// This task's teacher journal in `_journal/` (one file per array task;
/// each task also reads the others').
pub fn journal_name(cx: &StageCx) -> String {
    if cx.task.count == 1 {
        "journal.jsonl".into()
    } else {
        format!("journal-t{:05}.jsonl", cx.task.index)
    }
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

/// Register one Parquet shard (a path or URL) as table `input` in a fresh
/// per-unit session.
pub async fn shard_session(fx: &Functions, shard: &Loc) -> Result<SessionContext> {
    let ctx = fx.session(1);
    ctx.register_parquet("input", &shard.df_url(), ParquetReadOptions::default())
        .await
        .with_context(|| format!("reading {shard}"))?;
    Ok(ctx)
}

/// `sql` over one shard (table `input`, columns `schema`) as a stream:
/// in this process, or on the run's remote engine (`--engine ballista`),
/// whose result stream comes back here.
pub async fn shard_query(
    cx: &StageCx<'_>,
    shard: &Loc,
    schema: &SchemaRef,
    sql: &str,
) -> Result<datafusion::execution::SendableRecordBatchStream> {
    match &cx.remote {
        Some(r) => {
            cx.check_remote_async(r.as_ref()).await?;
            r.execute(shard, schema.clone(), sql)
                .await
                .with_context(|| format!("stage `{}` ({shard}): on {}", cx.name, r.describe()))
        }
        None => {
            let ctx = shard_session(cx.fx, shard).await?;
            Ok(ctx.sql(sql).await?.execute_stream().await?)
        }
    }
}

/// [`global::query_files`] on the run's remote engine (`--engine
/// ballista`): `sql` over the work files `files` registered as `table`,
/// every result batch handed to `sink` here. The executors spill under
/// their own memory settings (no spill counts come back).
pub fn query_files_remote(
    cx: &StageCx,
    remote: &dyn crate::engine::RemoteQueries,
    table: &str,
    files: &[Loc],
    schema: &SchemaRef,
    sql: &str,
    mut sink: impl FnMut(RecordBatch) -> Result<()>,
) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let what = || format!("stage `{}`: on {}", cx.name, remote.describe());
    cx.rt.block_on(async {
        cx.check_remote_async(remote).await?;
        let mut stream = remote
            .execute_files(table, files, schema.clone(), sql)
            .await
            .with_context(what)?;
        while let Some(b) = stream.next().await {
            sink(b.with_context(what)?)?;
        }
        Ok(())
    })
}

/// Run `sql` over one shard, handing every result batch to `sink`.
pub fn run_sql_on_shard(
    cx: &StageCx,
    shard: &Loc,
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

/// The column of [`marked_rows_sql`]'s query that holds a row's reason.
pub const MARK_COLUMN: &str = "__curate_mark";

/// A query over one shard (table `input`, columns `schema`) that gives
/// every row as it is plus a last column [`MARK_COLUMN`]: `reason` for the
/// rows at `positions` (0-based, ascending, in the shard's row order),
/// NULL for the others; for [`crate::stage::StageCx::write_unit_query`]
/// with [`crate::stage::QueryOutput::Split`] (the dedup stages' filter
/// phases: the rows a global phase found, rejected; the shard's row order
/// kept, one partition).
pub fn marked_rows_sql(schema: &SchemaRef, positions: &[u64], reason: &str) -> String {
    let cols: Vec<String> = schema.fields().iter().map(|f| ident(f.name())).collect();
    let mark = ident(MARK_COLUMN);
    if positions.is_empty() {
        return format!(
            "SELECT {}, CAST(NULL AS VARCHAR) AS {mark} FROM input",
            cols.join(", ")
        );
    }
    format!(
        "SELECT {}, CASE WHEN {} THEN {} END AS {mark} FROM {}",
        cols.join(", "),
        at_positions(positions),
        literal(reason),
        positioned("*")
    )
}

/// The rows of one shard at `positions` (ascending): `SELECT cols FROM
/// {positioned(cols)} WHERE {at_positions(positions)}`.
pub fn rows_at_sql(cols: &str, positions: &[u64]) -> String {
    format!(
        "SELECT {cols} FROM {} WHERE {}",
        positioned(cols),
        at_positions(positions)
    )
}

/// Table `input` with each row's 0-based position in the shard (one
/// partition: the scan's order) as `__curate_pos`, as a subquery.
fn positioned(cols: &str) -> String {
    format!("(SELECT {cols}, row_number() OVER () - 1 AS \"__curate_pos\" FROM input) AS q")
}

/// Whether the row's `__curate_pos` is one of `positions`.
fn at_positions(positions: &[u64]) -> String {
    format!(
        "curate_in_positions(\"__curate_pos\", {})",
        literal(&curate_filters::udf::encode_positions(positions))
    )
}

/// The input shards with their sizes (for [`StageCx::run_query_units`]).
pub fn input_shards_sized(cx: &StageCx) -> Vec<(Loc, u64)> {
    cx.input_shard_infos()
        .into_iter()
        .map(|(l, s)| (l, s.bytes))
        .collect()
}

/// Units for a stage that maps its input shards one to one.
pub fn shard_units(cx: &StageCx) -> (Vec<Loc>, Vec<Unit>) {
    let shards = input_shards_sized(cx);
    let units = units_of(&shards);
    (shards.into_iter().map(|(l, _)| l).collect(), units)
}

/// The single unit of a stage that reads all of its input shards at once.
pub fn one_unit(cx: &StageCx, label: impl Into<String>) -> Unit {
    Unit {
        id: 0,
        label: label.into(),
        bytes: cx.input_shard_infos().iter().map(|(_, s)| s.bytes).sum(),
    }
}
