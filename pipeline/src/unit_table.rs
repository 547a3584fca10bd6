//! A table whose partition `i` is Parquet file `i`: how a stage whose work
//! is a query hands it to DataFusion. One physical plan covers the stage;
//! partition `i` of its output is unit `i` (an upstream shard), so the
//! query runs on DataFusion's executor and every unit still commits on its
//! own (resume, array tasks), and the same plan could run its partitions as
//! tasks of a distributed engine.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::Session;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::{FileGroup, FileScanConfigBuilder};
use datafusion::datasource::{TableProvider, TableType};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::ExecutionPlan;

use crate::storage::Loc;

/// Parquet files (all in one store), each its own partition, in order.
#[derive(Debug)]
pub struct UnitFiles {
    schema: SchemaRef,
    store: String,
    /// (path within the store, size in bytes)
    files: Vec<(String, u64)>,
}

impl UnitFiles {
    /// `files`: the shards with their sizes; `schema`: their columns.
    pub fn new(schema: SchemaRef, files: &[(Loc, u64)]) -> anyhow::Result<UnitFiles> {
        let mut store = None;
        let mut out = vec![];
        for (l, size) in files {
            let (s, p) = l.store_and_path()?;
            match &store {
                None => store = Some(s),
                Some(first) if *first != s => {
                    anyhow::bail!(
                        "the input shards are in two stores ({first}, {s}): not supported"
                    )
                }
                _ => {}
            }
            out.push((p, *size));
        }
        Ok(UnitFiles {
            schema,
            store: store.unwrap_or_else(|| "file://".into()),
            files: out,
        })
    }

    pub fn partitions(&self) -> usize {
        self.files.len()
    }
}

#[async_trait]
impl TableProvider for UnitFiles {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let format = ParquetFormat::default().with_options(state.table_options().parquet.clone());
        let source = format.file_source(self.schema.clone().into());
        let groups: Vec<FileGroup> = self
            .files
            .iter()
            .map(|(p, size)| FileGroup::new(vec![PartitionedFile::new(p.clone(), *size)]))
            .collect();
        let url = ObjectStoreUrl::parse(&self.store)
            .map_err(|e| DataFusionError::Plan(format!("{}: {e}", self.store)))?;
        let config = FileScanConfigBuilder::new(url, source)
            .with_file_groups(groups)
            .with_projection_indices(projection.cloned())?
            .with_limit(limit)
            .with_preserve_order(true)
            .build();
        format.create_physical_plan(state, config).await
    }
}
