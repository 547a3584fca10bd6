//! `write`: export the input stages' rows as the final dataset to `path`,
//! re-sharded with zstd, a `manifest.json` beside the shards. Each output
//! shard is a run of consecutive input shards (of one input stage) of at
//! most `shard_size` Parquet bytes together (an input shard larger than
//! that is a run alone), re-encoded in order: one unit each, so the units
//! run in parallel, resume one by one, and run on a cluster, whose
//! executors write the shards (`--engine ballista`).

use anyhow::Result;
use curate_schemas as schemas;
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use crate::functions::Functions;
use crate::stage::{
    params, Input, InputKind, ParamError, Phase, QueryOutput, Stage, StageCx, StageKind,
};
use crate::storage::Loc;

pub struct Write;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Output directory (relative to the current directory). Default: the
    /// stage's directory under the workflow output.
    #[serde(default)]
    path: Option<String>,
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 2;

impl StageKind for Write {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "write"
    }
    fn summary(&self) -> &'static str {
        "export rows as the final Parquet dataset (re-sharded, zstd, manifest.json)"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn remote_work(&self) -> Option<&'static str> {
        Some("each output shard's copy of its input shards; executors write the shard")
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        Ok(Box::new(WriteStage { p: params(v)? }))
    }
}

struct WriteStage {
    p: Params,
}

impl Stage for WriteStage {
    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        Ok(schemas::stamp(&inputs[0], schemas::table::DOCUMENTS))
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        Ok(format!(
            "concatenate input shards in order, in runs of up to shard_size Parquet bytes (one output shard each) -> {}",
            self.p
                .path
                .clone()
                .unwrap_or_else(|| "the stage directory".into())
        ))
    }

    fn output_dir(&self) -> Option<String> {
        self.p.path.clone()
    }

    fn phases(&self) -> Vec<Phase> {
        vec![Phase::parallel(
            "write",
            "one unit per run of input shards of up to `shard_size` Parquet bytes: one output shard",
        )]
    }

    fn unit_is_shard(&self) -> bool {
        true
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let mut groups = vec![];
        for i in &cx.inputs {
            if let Input::Stage { dir, manifest, .. } = i {
                let shards: Vec<(Loc, u64)> = manifest
                    .shards
                    .iter()
                    .map(|s| (dir.join(&s.path), s.bytes))
                    .collect();
                groups.extend(runs(&shards, cx.shard_opts.target_bytes));
            }
        }
        let Some(schema) = cx.input_schemas.first() else {
            anyhow::bail!("stage `{}` has no input", cx.name)
        };
        cx.run_output_groups(
            schema.clone(),
            &groups,
            "SELECT * FROM input",
            QueryOutput::Rows,
        )
    }
}

/// Consecutive runs of `shards` of at most `limit` bytes together (a
/// shard larger than `limit` is a run alone), in order.
fn runs(shards: &[(Loc, u64)], limit: u64) -> Vec<Vec<(Loc, u64)>> {
    let mut out: Vec<Vec<(Loc, u64)>> = vec![];
    let mut size = 0u64;
    for s in shards {
        match out.last_mut() {
            Some(run) if size.saturating_add(s.1) <= limit => run.push(s.clone()),
            _ => {
                out.push(vec![s.clone()]);
                size = 0;
            }
        }
        size = size.saturating_add(s.1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_consecutive_and_at_most_the_limit() {
        let s = |sizes: &[u64]| -> Vec<(Loc, u64)> {
            sizes
                .iter()
                .enumerate()
                .map(|(i, &b)| (Loc::local(format!("/d/part-{i:05}-000.parquet")), b))
                .collect()
        };
        let sizes = |r: Vec<Vec<(Loc, u64)>>| -> Vec<Vec<u64>> {
            r.into_iter()
                .map(|g| g.into_iter().map(|(_, b)| b).collect())
                .collect()
        };
        assert_eq!(
            sizes(runs(&s(&[3, 4, 3, 5, 1, 12, 2]), 10)),
            vec![vec![3, 4, 3], vec![5, 1], vec![12], vec![2]]
        );
        assert_eq!(sizes(runs(&s(&[]), 10)), Vec::<Vec<u64>>::new());
        assert_eq!(
            sizes(runs(&s(&[u64::MAX, 1]), 10)),
            vec![vec![u64::MAX], vec![1]]
        );
        // Order is kept: the concatenation of the runs is the input.
        let input = s(&[1, 9, 2, 8, 3, 7]);
        let flat: Vec<Loc> = runs(&input, 10)
            .into_iter()
            .flatten()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(flat, input.into_iter().map(|(l, _)| l).collect::<Vec<_>>());
    }
}
