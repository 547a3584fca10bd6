//! `langid`: language and confidence per document (`lang`, `lang_score`)
//! from a fastText language-ID model such as `lid.176.ftz` (`model:`), or
//! one trained by a `train_classifier` input. Labels lose their `__label__`
//! prefix (`en`, `de`, ...). No row is dropped: filter on the columns.

use super::scoring::{build_one_model, OneModel};
use crate::stage::{InputKind, ParamError, Stage, StageKind};

pub struct Langid;

static SPEC: OneModel = OneModel {
    udf: "curate_langid",
    added: curate_schemas::langid_fields,
    distribution_sql:
        "SELECT lang, count(*) AS n FROM out GROUP BY lang ORDER BY n DESC, lang LIMIT 10",
    mean_column: "lang_score",
    line: |n, mean, dist| {
        format!(
            "langid: {n} docs, mean confidence {mean:.3}; top languages: {}",
            dist.join(", ")
        )
    },
};

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
/// 2: a NULL text scores NULL (was scored as "").
pub const REVISION: u32 = 2;

impl StageKind for Langid {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the model query of each shard; executors write its shard")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
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
        build_one_model(&SPEC, v)
    }
}
