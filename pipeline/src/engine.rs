//! Where the per-unit query of a query-shaped stage runs. By default in
//! this process, on DataFusion's executor ([`crate::stage::StageCx::run_query_units`]);
//! with a [`RemoteQueries`] (`curate run --engine ballista`) each unit's
//! query is planned and executed by a cluster, and only its result stream
//! comes back: this process still writes and commits every unit, so resume
//! works unit by unit as in a local run.

use std::sync::Arc;

use anyhow::Result;
use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::execution::SendableRecordBatchStream;

use crate::storage::Loc;

/// A query engine outside this process.
#[async_trait]
pub trait RemoteQueries: Send + Sync + std::fmt::Debug {
    /// What and where it is, for messages (`Ballista at df://host:port`).
    fn describe(&self) -> String;

    /// Fail early, with a clear message, when the engine cannot be reached.
    async fn check(&self) -> Result<()>;

    /// Run `sql` over one shard, registered as table `input` with `schema`
    /// (the shard's URL or path must be readable where the engine runs).
    async fn execute(
        &self,
        shard: &Loc,
        schema: SchemaRef,
        sql: &str,
    ) -> Result<SendableRecordBatchStream>;

    /// Run `sql` over Parquet files registered as one table `table` with
    /// `schema` (a phase's work files; readable where the engine runs).
    async fn execute_files(
        &self,
        table: &str,
        files: &[Loc],
        schema: SchemaRef,
        sql: &str,
    ) -> Result<SendableRecordBatchStream>;
}

/// The engine of a run: `None` is this process.
pub type Remote = Option<Arc<dyn RemoteQueries>>;
