//! Where the per-unit query of a query-shaped stage runs. By default in
//! this process, on DataFusion's executor ([`crate::stage::StageCx::run_query_units`]);
//! with a [`RemoteQueries`] (`curate run --engine ballista`) each unit's
//! query is planned and executed by a cluster. A stage whose unit output
//! is its query's rows ([`crate::stage::StageCx::run_output_units`]) has
//! the cluster write the unit's shard too ([`RemoteQueries::write_files`]);
//! other stages get the result stream back and write it here. Either way
//! this process commits every unit, so resume works unit by unit as in a
//! local run.

use std::sync::Arc;

use anyhow::Result;
use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::config::TableParquetOptions;
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

    /// Run `sql` over `files` (as [`Self::execute_files`]) and write its
    /// result where the engine runs, as one Parquet file `dest` (a path or
    /// URL that the engine and this process both see) with `options`,
    /// published whole. Returns the rows written.
    async fn write_files(
        &self,
        table: &str,
        files: &[Loc],
        schema: SchemaRef,
        sql: &str,
        dest: &Loc,
        options: &TableParquetOptions,
    ) -> Result<u64>;
}

/// The engine of a run: `None` is this process.
pub type Remote = Option<Arc<dyn RemoteQueries>>;
