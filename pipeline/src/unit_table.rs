//! A table whose partition `i` is Parquet file `i` (or group of files `i`): how a stage whose work
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

/// Groups of Parquet files (all in one store), each group its own
/// partition, read in order.
#[derive(Debug)]
pub struct UnitFiles {
    schema: SchemaRef,
    store: String,
    /// Per partition: (path within the store, size in bytes)
    groups: Vec<Vec<(String, u64)>>,
}

impl UnitFiles {
    /// `groups`: each unit's shards with their sizes; `schema`: their columns.
    pub fn new(schema: SchemaRef, groups: &[Vec<(Loc, u64)>]) -> anyhow::Result<UnitFiles> {
        let mut store = None;
        let mut out = vec![];
        for (l, size) in groups.iter().flatten() {
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
        let mut out = out.into_iter();
        let groups = groups
            .iter()
            .map(|g| out.by_ref().take(g.len()).collect())
            .collect();
        Ok(UnitFiles {
            schema,
            store: store.unwrap_or_else(|| "file://".into()),
            groups,
        })
    }

    pub fn partitions(&self) -> usize {
        self.groups.len()
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
            .groups
            .iter()
            .map(|g| {
                FileGroup::new(
                    g.iter()
                        .map(|(p, size)| PartitionedFile::new(p.clone(), *size))
                        .collect(),
                )
            })
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
