//! `edu_score`: the educational quality of every document (`edu_score`, the
//! expected score 0-5 under a fastText classifier's label probabilities;
//! `edu_int`, it rounded), FineWeb-Edu style. The model comes from a
//! `train_classifier` input (trained on `annotate`'s teacher labels) or
//! `model:`; its labels must be numbers. No row is dropped: filter on
//! `edu_int >= 3` as FineWeb-Edu does.

use super::scoring::{build_one_model, OneModel};
use crate::stage::{InputKind, ParamError, Stage, StageKind};

pub struct EduScore;

static SPEC: OneModel = OneModel {
    udf: "curate_edu",
    added: curate_schemas::edu_fields,
    distribution_sql: "SELECT CAST(edu_int AS VARCHAR) AS k, count(*) AS n FROM out GROUP BY edu_int ORDER BY edu_int",
    mean_column: "edu_score",
    line: |n, mean, dist| {
        format!(
            "edu_score: {n} docs, mean {mean:.2}; edu_int: {}",
            dist.join(", ")
        )
    },
};

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
/// 2: a NULL text scores NULL (was scored as "").
pub const REVISION: u32 = 2;

impl StageKind for EduScore {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the model query of each shard; executors write its shard")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
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
        build_one_model(&SPEC, v)
    }
}
