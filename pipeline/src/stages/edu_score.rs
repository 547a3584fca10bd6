//! `edu_score`: the educational quality of every document (`edu_score`, the
//! expected score 0-5 under a fastText classifier's label probabilities;
//! `edu_int`, it rounded), FineWeb-Edu style. The model comes from a
//! `train_classifier` input (trained on `annotate`'s teacher labels) or
//! `model:`; its labels must be numbers. No row is dropped: filter on
//! `edu_int >= 3` as FineWeb-Edu does.

use std::path::PathBuf;

use anyhow::Result;
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::scoring::{self, Call, Scoring};
use super::{ident, literal};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct EduScore;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    model: Option<PathBuf>,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

impl StageKind for EduScore {
    fn name(&self) -> &'static str {
        "edu_score"
    }
    fn summary(&self) -> &'static str {
        "educational quality 0-5 per document (edu_score, edu_int) from a fastText classifier"
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
        Ok(Box::new(EduStage { p }))
    }
}

struct EduStage {
    p: Params,
}

impl EduStage {
    fn scoring(&self, model: &str) -> Scoring {
        Scoring {
            text_column: self.p.text_column.clone(),
            calls: vec![Call {
                sql: format!("curate_edu({}, {model})", ident(&self.p.text_column)),
                name: "__edu".into(),
                flatten: true,
            }],
            added: curate_schemas::edu_fields()
                .iter()
                .map(|f| f.name().clone())
                .collect(),
        }
    }
}

impl Stage for EduStage {
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
        let q = "SELECT CAST(edu_int AS VARCHAR) AS k, count(*) AS n FROM out GROUP BY edu_int ORDER BY edu_int";
        let total = "SELECT count(*), avg(edu_score) FROM out";
        if let (Some(hist), Some(t)) = (
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
                "edu_score: {n} docs, mean {mean:.2}; edu_int: {}",
                scoring::distribution(&hist, n as u64).join(", ")
            ));
        }
        Ok(())
    }
}
