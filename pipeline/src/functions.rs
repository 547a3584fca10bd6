//! The function registry every stage plans with: one place that turns
//! `curate_filters::udf::udfs()` into a configured DataFusion session, so a
//! distributed engine can execute the same plans with the same functions.

use datafusion::execution::config::SessionConfig;
use datafusion::logical_expr::ScalarUDF;
use datafusion::prelude::SessionContext;

pub struct Functions {
    udfs: Vec<ScalarUDF>,
}

impl Default for Functions {
    fn default() -> Self {
        Functions {
            udfs: curate_filters::udf::udfs(),
        }
    }
}

impl Functions {
    /// The functions themselves (to register in another session).
    pub fn udfs(&self) -> &[ScalarUDF] {
        &self.udfs
    }

    pub fn names(&self) -> Vec<String> {
        self.udfs.iter().map(|u| u.name().to_string()).collect()
    }

    /// A session with every curate function registered. `partitions` is 1
    /// for per-unit plans (order-preserving; units run in parallel instead).
    pub fn session(&self, partitions: usize) -> SessionContext {
        let mut cfg = SessionConfig::new()
            .with_target_partitions(partitions.max(1))
            .with_batch_size(4096);
        // Keep plain Utf8 columns so output opens the same in every reader.
        cfg.options_mut().execution.parquet.schema_force_view_types = false;
        // A file is read by the partition it is grouped under: no work
        // stealing between sibling scans (row order is part of the output).
        cfg.options_mut().execution.enable_file_stream_work_stealing = false;
        let ctx = SessionContext::new_with_config(cfg);
        for u in &self.udfs {
            ctx.register_udf(u.clone());
        }
        crate::storage::register_stores(&ctx);
        ctx
    }
}
