//! `bias`: a `toxicity` score per document (the probability of the toxic
//! label under a fastText classifier from a `train_classifier` input or
//! `toxicity_model:`) and `identity_mentions`, lexicon counts per identity
//! axis (gender, race/ethnicity, religion, nationality, age, disability,
//! sexual orientation; word lists in `filters/lexicons/`). After the rows,
//! a dataset audit: mentions per axis and term, and the share of female vs
//! male terms near each occupation word, in the run summary and
//! `bias_audit.json`. No row is dropped.

use std::path::PathBuf;

use anyhow::{Context, Result};
use curate_filters::bias::Audit;
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::scoring::{self, Call, Scoring};
use super::{ident, literal};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Bias;

/// The audit file in the stage directory.
pub const AUDIT_JSON: &str = "bias_audit.json";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    toxicity_model: Option<PathBuf>,
    /// The toxicity model's label for toxic text.
    #[serde(default = "d_label")]
    toxic_label: String,
    /// Terms and occupations shown per line of the summary.
    #[serde(default = "d_top")]
    report_top: usize,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

fn d_label() -> String {
    "1".into()
}
fn d_top() -> usize {
    5
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
/// 2: a NULL text scores NULL (was scored as "").
pub const REVISION: u32 = 2;

impl StageKind for Bias {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the scoring query of each shard (executors write its shard) and its identity audit (an aggregate: one row comes back)")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "bias"
    }
    fn summary(&self) -> &'static str {
        "toxicity (fastText) and identity mentions per axis (lexicons) per document, plus a dataset bias audit"
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
        Ok(Box::new(BiasStage { p }))
    }
}

struct BiasStage {
    p: Params,
}

impl BiasStage {
    fn scoring(&self, model: &str) -> Scoring {
        let t = ident(&self.p.text_column);
        Scoring {
            text_column: self.p.text_column.clone(),
            calls: vec![
                Call {
                    sql: format!(
                        "curate_label_prob({t}, {model}, {})",
                        literal(&self.p.toxic_label)
                    ),
                    name: curate_schemas::col::TOXICITY.into(),
                    fields: vec![],
                },
                Call {
                    sql: format!("curate_identity({t})"),
                    name: curate_schemas::col::IDENTITY_MENTIONS.into(),
                    fields: vec![],
                },
            ],
            added: curate_schemas::bias_fields()
                .iter()
                .map(|f| f.name().clone())
                .collect(),
        }
    }
}

impl Stage for BiasStage {
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        self.p
            .toxicity_model
            .iter()
            .map(|p| (vec!["toxicity_model"], p.clone()))
            .collect()
    }

    fn param_url_ok(&self, key: &[&str]) -> bool {
        key == ["toxicity_model"]
    }

    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        scoring::check_model_source(inputs, self.p.toxicity_model.as_deref(), "toxicity_model")?;
        let input = scoring::text_input(inputs)?;
        self.scoring(&literal("model")).output_schema(&input, fx)
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let input = scoring::text_input(inputs)?;
        let m = match &self.p.toxicity_model {
            Some(p) => literal(&p.to_string_lossy()),
            None => literal("<train_classifier>/model.bin"),
        };
        Ok(format!(
            "{}\nthen each shard's audit -> _audit/unit-UUUUU.json, merged -> {AUDIT_JSON}",
            self.scoring(&m).explain(&input, fx)?
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let model = scoring::model_location(cx, self.p.toxicity_model.as_deref())?;
        // Each unit keeps its share of the audit as an artifact, committed
        // with its rows, so a resumed run merges the same parts. The audit
        // is an aggregate over the unit's shard, computed where its query
        // runs (an executor, with `--engine ballista`).
        let summary = format!(
            "SELECT curate_identity_audit({}) FROM input",
            ident(&self.p.text_column)
        );
        self.scoring(&super::literal(&model)).run_with_summary(
            cx,
            &summary,
            |got, unit, out| {
                let raw = super::first_string(&got).with_context(|| {
                    format!("unit {}: the audit query returned no row", unit.id)
                })?;
                let rel = format!("_audit/unit-{:05}.json", unit.id);
                let p = out.artifact_path(&rel)?;
                let tmp = p.with_extension("json.tmp");
                std::fs::write(&tmp, &raw)?;
                std::fs::rename(&tmp, &p)?;
                let docs = serde_json::from_str::<serde_json::Value>(&raw)
                    .ok()
                    .and_then(|v| Audit::from_raw(&v))
                    .with_context(|| {
                        format!("unit {}: the audit query returned no audit", unit.id)
                    })?
                    .docs;
                out.artifact(&rel, docs)
            },
        )?;
        let q = "SELECT count(*), avg(toxicity), count(*) FILTER (WHERE toxicity >= 0.5) FROM out";
        let Some(t) = super::query_output(cx, q)? else {
            cx.note("bias: no rows");
            return Ok(());
        };
        let (n, mean, toxic) = (
            super::first_u64(&t, 0),
            super::first_f64(&t, 1),
            super::first_u64(&t, 2),
        );
        cx.note(format!(
            "bias: toxicity mean {mean:.3}; {toxic} of {n} docs ({:.1}%) at 0.5 or more",
            100.0 * toxic as f64 / n.max(1) as f64
        ));
        // Every unit's part of the audit, as the commits list them (any task's).
        let mut parts: Vec<String> = cx
            .manifest()
            .map(|m| m.artifacts.into_iter().map(|a| a.path).collect())
            .unwrap_or_default();
        parts.retain(|p| p.starts_with("_audit/") && p.ends_with(".json"));
        parts.sort();
        let mut audit = Audit::default();
        for p in &parts {
            let loc = cx.out.join(p);
            let v: serde_json::Value =
                serde_json::from_slice(&loc.read()?).with_context(|| format!("reading {loc}"))?;
            audit.merge(&Audit::from_raw(&v).with_context(|| format!("{loc}: not an audit"))?);
        }
        for l in audit.lines(self.p.report_top) {
            cx.note(l);
        }
        let path = cx.out.join(AUDIT_JSON);
        path.put(serde_json::to_string_pretty(&audit.to_json())?.as_bytes())?;
        cx.note(format!("bias: audit in {}", cx.display_path(&path)));
        Ok(())
    }
}
