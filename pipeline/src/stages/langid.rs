//! `langid`: language and confidence per document (`lang`, `lang_score`)
//! from a fastText language-ID model such as `lid.176.ftz` (`model:`), or
//! one trained by a `train_classifier` input. Labels lose their `__label__`
//! prefix (`en`, `de`, ...). No row is dropped: filter on the columns.

use std::path::PathBuf;

use anyhow::Result;
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::scoring::{self, Call, Scoring};
use super::{ident, literal};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Langid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// A fastText language-ID model (relative to the workflow).
    #[serde(default)]
    model: Option<PathBuf>,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

impl StageKind for Langid {
    fn name(&self) -> &'static str {
        "langid"
    }
    fn summary(&self) -> &'static str {
        "language and confidence per document (lang, lang_score) from a fastText model"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages {
            min: 1,
            max: Some(2),
        }
    }
    fn mixed_inputs(&self) -> bool {
        true
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.text_column.is_empty() {
            return Err(perr("text_column", "must not be empty"));
        }
        Ok(Box::new(LangidStage { p }))
    }
}

struct LangidStage {
    p: Params,
}

impl LangidStage {
    fn scoring(&self, model: &str) -> Scoring {
        Scoring {
            text_column: self.p.text_column.clone(),
            calls: vec![Call {
                sql: format!("curate_langid({}, {model})", ident(&self.p.text_column)),
                name: "__langid".into(),
                flatten: true,
            }],
            added: curate_schemas::langid_fields()
                .iter()
                .map(|f| f.name().clone())
                .collect(),
        }
    }
}

impl Stage for LangidStage {
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        self.p
            .model
            .iter()
            .map(|p| (vec!["model"], p.clone()))
            .collect()
    }

    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        scoring::check_model_source(inputs, self.p.model.as_deref(), "model")?;
        let input = scoring::text_input(inputs)?;
        self.scoring(&literal("model")).output_schema(&input, fx)
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let input = scoring::text_input(inputs)?;
        let m = match &self.p.model {
            Some(p) => literal(&p.to_string_lossy()),
            None => literal("<train_classifier>/model.bin"),
        };
        self.scoring(&m).explain(&input, fx)
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let model = scoring::model_path(cx, self.p.model.as_deref())?;
        self.scoring(&scoring::path_literal(&model)?).run(cx)?;
        let q = "SELECT lang, count(*) AS n FROM out GROUP BY lang ORDER BY n DESC, lang LIMIT 10";
        let total = "SELECT count(*), avg(lang_score) FROM out";
        if let (Some(top), Some(t)) = (
            scoring::query_output(cx, q)?,
            scoring::query_output(cx, total)?,
        ) {
            use datafusion::arrow::array::{Float64Array, Int64Array};
            let n = t[0]
                .column(0)
                .as_any()
                .downcast_ref::<Int64Array>()
                .map_or(0, |a| a.value(0));
            let mean = t[0]
                .column(1)
                .as_any()
                .downcast_ref::<Float64Array>()
                .map_or(0.0, |a| a.value(0));
            cx.note(format!(
                "langid: {n} docs, mean confidence {mean:.3}; top languages: {}",
                scoring::distribution(&top, n as u64).join(", ")
            ));
        }
        Ok(())
    }
}
