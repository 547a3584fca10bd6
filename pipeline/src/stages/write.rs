//! `write`: export the input stage's rows as the final dataset to `path`,
//! re-sharded to `shard_size` with zstd, a `manifest.json` beside the shards.

use anyhow::Result;
use curate_schemas as schemas;
use datafusion::arrow::datatypes::SchemaRef;
use serde::Deserialize;

use super::{one_unit, run_sql_on_shard};
use crate::functions::Functions;
use crate::stage::{params, InputKind, ParamError, Phase, Stage, StageCx, StageKind};

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
pub const REVISION: u32 = 1;

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
            "concatenate input shards in order -> {}",
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
        vec![Phase::single(
            "write",
            "concatenates the input shards in order into shards of `shard_size`",
        )]
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let shards = cx.input_shards();
        let unit = one_unit(cx, format!("{} shards", shards.len()));
        cx.run_units(vec![unit], |_, out| {
            for s in &shards {
                run_sql_on_shard(cx, s, "SELECT * FROM input", |b| {
                    out.counts.rows_in += b.num_rows() as u64;
                    out.write(&b)
                })?;
            }
            Ok(())
        })
    }
}
