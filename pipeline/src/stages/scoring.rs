//! What the model-scoring stages (`langid`, `edu_score`, `bias`) share: a
//! per-shard plan `SELECT <input columns>, <score calls> FROM input` whose
//! struct-valued calls are flattened into columns, appended to the input
//! rows; no row is dropped. Scores of an earlier run of the same stage kind
//! are replaced, not duplicated.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, SchemaRef};

use super::{ident, literal, plan_on_schema};
use crate::functions::Functions;
use crate::stage::{Input, QueryOutput, StageCx};
use crate::storage::Loc;

/// File name of a `train_classifier` stage's model.
pub const MODEL_BIN: &str = "model.bin";

/// One appended score: a SQL call over the text, the name it gets, and
/// the fields of its struct that become the columns (empty: the call is
/// one column).
pub struct Call {
    pub sql: String,
    pub name: String,
    pub fields: Vec<String>,
}

/// A `train_classifier` or `train_regressor` stage's output (its evaluation
/// table, its held-out rows).
pub fn is_model_table(s: &SchemaRef) -> bool {
    matches!(
        schemas::table_of(s),
        Some(schemas::table::CLASSIFIER_EVAL) | Some(schemas::table::REGRESSOR_HELDOUT)
    )
}

/// The model file of a model stage's output directory, by the stage's kind.
pub fn model_file_of(kind: &str) -> Option<&'static str> {
    match kind {
        "train_classifier" => Some(MODEL_BIN),
        "train_regressor" => Some(super::train_regressor::MODEL_RIDGE),
        _ => None,
    }
}

/// The text inputs' schema: the one input that is not a classifier.
pub fn text_input(inputs: &[SchemaRef]) -> Result<SchemaRef> {
    let texts: Vec<&SchemaRef> = inputs.iter().filter(|s| !is_model_table(s)).collect();
    match texts.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("needs a text input besides the classifier"),
        _ => bail!("takes one text input (union them upstream)"),
    }
}

/// Where the model comes from: a `model:`-style path parameter, or the one
/// `train_classifier` input. Checked at validation.
pub fn check_model_source(inputs: &[SchemaRef], param: Option<&Path>, key: &str) -> Result<()> {
    let n = inputs.iter().filter(|s| is_model_table(s)).count();
    match (n, param) {
        (0, None) => {
            bail!("needs `{key}: path/to/model.bin` or a train_classifier stage among its inputs")
        }
        (1, None) | (0, Some(_)) => Ok(()),
        (_, Some(_)) => bail!("has both a train_classifier input and `{key}:`; keep one"),
        (_, None) => bail!("has {n} train_classifier inputs; keep one"),
    }
}

/// The model the stage's functions take, from [`check_model_source`]'s
/// choice, as a location every process that runs the query can open: a
/// local path (absolute) or an object-store URL (`model: s3://...`, or a
/// `train_classifier` input on object storage), with the content hash of
/// the file as this process sees it (`LOC#xxh3=HEX`,
/// [`curate_filters::model_file`]), which the process that runs the query
/// (a Ballista executor) checks when it opens or fetches the file.
pub fn model_location(cx: &StageCx, param: Option<&Path>) -> Result<String> {
    let loc = match param {
        Some(p) => match p.to_str().filter(|s| curate_filters::model_file::is_url(s)) {
            Some(url) => Loc::parse(url, &cx.base_dir)?,
            None => Loc::local(cx.base_dir.join(p)),
        },
        None => cx
            .inputs
            .iter()
            .find_map(|i| match i {
                Input::Stage { dir, manifest, .. } => {
                    model_file_of(&manifest.kind).map(|f| dir.join(f))
                }
                _ => None,
            })
            .context("no train_classifier or train_regressor input")?,
    };
    let model_err = |e: String| anyhow::anyhow!("model file: {e}");
    match loc.as_path() {
        Some(p) => {
            if !p.is_file() {
                bail!("model file {} does not exist", p.display());
            }
            curate_filters::model_file::location(&p.canonicalize()?).map_err(model_err)
        }
        None => {
            let copy = cx.local(&loc).with_context(|| format!("model {loc}"))?;
            curate_filters::model_file::url_location(&loc.df_url(), &copy).map_err(model_err)
        }
    }
}

/// A local model file as the model functions' literal argument: its path
/// and the content hash of the file as this process sees it
/// (`PATH#xxh3=HEX`, [`curate_filters::model_file`]).
pub fn model_literal(p: &Path) -> Result<String> {
    let loc =
        curate_filters::model_file::location(p).map_err(|e| anyhow::anyhow!("model file: {e}"))?;
    Ok(literal(&loc))
}

/// The per-shard SQL and the names the calls add.
pub struct Scoring {
    pub text_column: String,
    pub calls: Vec<Call>,
    /// Column names the stage appends (dropped from the input if present).
    pub added: Vec<String>,
}

impl Scoring {
    /// The per-shard query: the input's columns (but those the stage
    /// appends), then each call's fields or column (NULL for a NULL text).
    pub fn sql(&self, input: &SchemaRef) -> Result<String> {
        super::require_string_column(input, &self.text_column)?;
        let pass: Vec<String> = input
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .filter(|n| !self.added.contains(n))
            .collect();
        let mut outer: Vec<String> = pass.iter().map(|c| ident(c)).collect();
        for c in &self.calls {
            if c.fields.is_empty() {
                outer.push(ident(&c.name));
            }
            for f in &c.fields {
                outer.push(format!("{} AS {}", super::unnested(&c.name, f), ident(f)));
            }
        }
        let calls: Vec<super::Unnest> = self
            .calls
            .iter()
            .map(|c| super::Unnest {
                sql: &c.sql,
                name: &c.name,
                fields: !c.fields.is_empty(),
            })
            .collect();
        Ok(super::unnest_sql(&pass, &calls, &outer))
    }

    pub fn output_schema(&self, input: &SchemaRef, fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = plan_on_schema(fx, input, &self.sql(input)?)?;
        Ok(schemas::stamp(&s, schemas::table::DOCUMENTS))
    }

    pub fn explain(&self, input: &SchemaRef, fx: &Functions) -> Result<String> {
        let sql = self.sql(input)?;
        let (_, plan) = plan_on_schema(fx, input, &sql)?;
        Ok(format!("per shard: {sql}\n{plan}"))
    }

    /// Score every text shard, one unit per shard (on `--engine
    /// ballista`, the executors write the units' shards).
    pub fn run(&self, cx: &StageCx) -> Result<()> {
        let input = text_input(&cx.input_schemas)?;
        let sql = self.sql(&input)?;
        cx.run_output_units(input, &self.text_shards(cx), &sql, QueryOutput::Rows)
    }

    /// The text input's shards (not a model stage's table), with sizes.
    fn text_shards(&self, cx: &StageCx) -> Vec<(Loc, u64)> {
        cx.inputs
            .iter()
            .flat_map(|i| match i {
                Input::Stage { dir, manifest, .. } if model_file_of(&manifest.kind).is_none() => {
                    manifest
                        .shards
                        .iter()
                        .map(|s| (dir.join(&s.path), s.bytes))
                        .collect()
                }
                _ => vec![],
            })
            .collect()
    }

    /// [`Self::run`], plus per unit an aggregate query over its shard,
    /// `summary` (e.g. `SELECT curate_identity_audit(text) FROM input`),
    /// whose result `done` turns into the unit's artifacts before the unit
    /// commits. Both queries run where the stage's queries run (on
    /// `--engine ballista`, on the cluster, whose executors write the
    /// unit's shard; only the summary's rows come back).
    pub fn run_with_summary(
        &self,
        cx: &StageCx,
        summary: &str,
        done: impl Fn(Vec<RecordBatch>, &crate::stage::Unit, &mut crate::stage::UnitOut) -> Result<()>
            + Sync,
    ) -> Result<()> {
        let input = text_input(&cx.input_schemas)?;
        let sql = self.sql(&input)?;
        let shards = self.text_shards(cx);
        let units = crate::stage::units_of(&shards);
        cx.run_units(units, |unit, out| {
            let shard = std::slice::from_ref(&shards[unit.id]);
            cx.write_unit_query(out, unit, shard, &input, &sql, QueryOutput::Rows)?;
            let got = cx.rt.block_on(async {
                use futures::TryStreamExt;
                let s = super::shard_query(cx, &shard[0].0, &input, summary).await?;
                anyhow::Ok(s.try_collect::<Vec<_>>().await?)
            })?;
            done(got, unit, out)
        })
    }
}

/// Rows of a two-column (label, count) result as "label n (p%)" items.
pub fn distribution(batches: &[RecordBatch], total: u64) -> Vec<String> {
    use datafusion::arrow::array::Array;
    use datafusion::arrow::compute::cast;
    let mut out = vec![];
    for b in batches {
        let (Ok(l), Ok(n)) = (
            cast(b.column(0), &DataType::Utf8),
            cast(b.column(1), &DataType::UInt64),
        ) else {
            continue;
        };
        let Some(l) = l
            .as_any()
            .downcast_ref::<datafusion::arrow::array::StringArray>()
        else {
            continue;
        };
        let Some(n) = n
            .as_any()
            .downcast_ref::<datafusion::arrow::array::UInt64Array>()
        else {
            continue;
        };
        for i in 0..b.num_rows() {
            let v = n.value(i);
            out.push(format!(
                "{} {v} ({:.1}%)",
                if l.is_null(i) { "-" } else { l.value(i) },
                100.0 * v as f64 / total.max(1) as f64
            ));
        }
    }
    out
}

/// What tells apart the stages that append one model function's struct
/// (`langid`, `edu_score`): the function, its columns and the summary line.
pub struct OneModel {
    /// The SQL function, called as `udf(text, 'model path')`.
    pub udf: &'static str,
    pub added: fn() -> Vec<datafusion::arrow::datatypes::Field>,
    /// Rows (label, count) over the output table `out`, for the summary.
    pub distribution_sql: &'static str,
    /// The column whose mean the summary gives.
    pub mean_column: &'static str,
    /// The summary line from (rows, mean, distribution items).
    pub line: fn(u64, f64, &[String]) -> String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OneModelParams {
    /// A fastText model (relative to the workflow), if no train_classifier input.
    #[serde(default)]
    model: Option<PathBuf>,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

/// Build a [`OneModel`] stage from its parameters (`model`, `text_column`).
pub fn build_one_model(
    spec: &'static OneModel,
    v: &serde_json::Value,
) -> Result<Box<dyn crate::stage::Stage>, crate::stage::ParamError> {
    let p: OneModelParams = crate::stage::params(v)?;
    if p.text_column.is_empty() {
        return Err(crate::stage::perr("text_column", "must not be empty"));
    }
    Ok(Box::new(OneModelStage { spec, p }))
}

struct OneModelStage {
    spec: &'static OneModel,
    p: OneModelParams,
}

impl OneModelStage {
    fn added(&self) -> Vec<String> {
        (self.spec.added)()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    fn scoring(&self, model: &str) -> Scoring {
        Scoring {
            text_column: self.p.text_column.clone(),
            calls: vec![Call {
                sql: format!("{}({}, {model})", self.spec.udf, ident(&self.p.text_column)),
                name: "__score".into(),
                fields: self.added(),
            }],
            added: self.added(),
        }
    }
}

impl crate::stage::Stage for OneModelStage {
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        self.p
            .model
            .iter()
            .map(|p| (vec!["model"], p.clone()))
            .collect()
    }

    fn param_url_ok(&self, key: &[&str]) -> bool {
        key == ["model"]
    }

    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        check_model_source(inputs, self.p.model.as_deref(), "model")?;
        let input = text_input(inputs)?;
        self.scoring(&literal("model")).output_schema(&input, fx)
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let input = text_input(inputs)?;
        let m = match &self.p.model {
            Some(p) => literal(&p.to_string_lossy()),
            None => literal("<train_classifier>/model.bin"),
        };
        self.scoring(&m).explain(&input, fx)
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let model = model_location(cx, self.p.model.as_deref())?;
        self.scoring(&literal(&model)).run(cx)?;
        let total = format!(
            "SELECT count(*), avg({}) FROM out",
            ident(self.spec.mean_column)
        );
        if let (Some(dist), Some(t)) = (
            super::query_output(cx, self.spec.distribution_sql)?,
            super::query_output(cx, &total)?,
        ) {
            let n = super::first_u64(&t, 0);
            cx.note((self.spec.line)(
                n,
                super::first_f64(&t, 1),
                &distribution(&dist, n),
            ));
        }
        Ok(())
    }
}
