//! `curate-pipeline`: workflow YAML -> validated DAG -> execution on
//! DataFusion, with resume, progress and reports.

pub mod cluster;
pub mod engine;
pub mod exec;
/// Fault points (`CURATE_FAULT`): a tiny crate so the journal and the
/// trainer, below the pipeline, can name theirs.
pub use curate_fault as fault;
pub mod fingerprint;
pub mod functions;
pub mod progress;
pub mod report;
pub mod run_report;
pub mod shards;
pub mod stage;
pub mod stages;
pub mod storage;
pub mod unit_table;
pub mod workflow;
pub mod yaml;

pub use exec::{run, run_with, RunOptions, StageReport};
pub use functions::Functions;
pub use progress::Progress;
pub use workflow::{describe, load, Workflow};
