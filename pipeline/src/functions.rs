//! The function registry every stage plans with: one place that turns
//! `curate_filters::udf::udfs()` into a configured DataFusion session, so a
//! distributed engine can execute the same plans with the same functions.

use datafusion::execution::config::SessionConfig;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};
use datafusion::prelude::SessionContext;

pub struct Functions {
    udfs: Vec<ScalarUDF>,
    udafs: Vec<AggregateUDF>,
}

impl Default for Functions {
    fn default() -> Self {
        install_model_fetcher();
        Functions {
            udfs: curate_filters::udf::udfs(),
            udafs: curate_filters::udf::udafs(),
        }
    }
}

impl Functions {
    /// The functions themselves (to register in another session).
    pub fn udfs(&self) -> &[ScalarUDF] {
        &self.udfs
    }

    /// The aggregate functions (to register in another session).
    pub fn udafs(&self) -> &[AggregateUDF] {
        &self.udafs
    }

    /// Every function's name, scalar and aggregate.
    pub fn names(&self) -> Vec<String> {
        self.udfs
            .iter()
            .map(|u| u.name().to_string())
            .chain(self.udafs.iter().map(|u| u.name().to_string()))
            .collect()
    }

    /// Register every function in `ctx`.
    pub fn register(&self, ctx: &SessionContext) {
        for u in &self.udfs {
            ctx.register_udf(u.clone());
        }
        for u in &self.udafs {
            ctx.register_udaf(u.clone());
        }
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
        self.register(&ctx);
        crate::storage::register_stores(&ctx);
        ctx
    }
}

/// Model functions given an object-store URL (`curate_langid(text,
/// 's3://bucket/lid.bin#xxh3=...')`) fetch it into
/// `$CURATE_SCRATCH/models` with the environment's credentials, in every
/// process that builds this registry (the client, each Ballista executor).
fn install_model_fetcher() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        curate_filters::model_file::set_fetcher(Box::new(|url: &str| {
            let loc = crate::storage::Loc::parse(url, std::path::Path::new("/"))
                .map_err(|e| format!("{e:#}"))?;
            loc.fetch(&crate::storage::scratch_root().join("models"))
                .map_err(|e| format!("{e:#}"))
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Array, BooleanArray};

    /// The MinHash settings are an argument: the registry's function,
    /// resolved by name, computes with the spec it is given (what
    /// `dedup_minhash` passes), not with its default configuration.
    #[test]
    fn minhash_spec_argument_sets_the_configuration() {
        use curate_filters::minhash::{MinHashConfig, MinHasher, Scheme};
        use datafusion::arrow::array::{ListArray, UInt64Array};
        let cfg = MinHashConfig {
            ngram: 3,
            bands: 5,
            rows: 3,
            seed: 11,
            scheme: Scheme::Fast,
        };
        let text = "the quick brown fox jumps over the lazy dog again and again";
        let sql = format!(
            "SELECT curate_minhash_signature(t, '{}'), curate_minhash_signature(t) FROM (VALUES ('{text}')) v(t)",
            cfg.spec()
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let b = rt
            .block_on(async {
                Functions::default()
                    .session(1)
                    .sql(&sql)
                    .await?
                    .collect()
                    .await
            })
            .unwrap();
        let values = |i: usize| -> Vec<u64> {
            let l = b[0].column(i).as_any().downcast_ref::<ListArray>().unwrap();
            let v = l.value(0);
            v.as_any()
                .downcast_ref::<UInt64Array>()
                .unwrap()
                .values()
                .to_vec()
        };
        assert_eq!(values(0), MinHasher::new(cfg).signature(text).unwrap());
        assert_eq!(
            values(1),
            MinHasher::new(MinHashConfig::default())
                .signature(text)
                .unwrap()
        );
        let bad = rt.block_on(async {
            Functions::default()
                .session(1)
                .sql("SELECT curate_minhash_signature(t, 'bands=2') FROM (VALUES ('a b c')) v(t)")
                .await?
                .collect()
                .await
        });
        assert!(bad.unwrap_err().to_string().contains("bad MinHash spec"));
    }

    /// Every curate function but `curate_norm_hash_parts`: NULL text in,
    /// NULL out; a text (even empty) in, a value out.
    #[test]
    fn null_text_gives_null_for_every_function() {
        use curate_filters::classifier::{train, train_line, TrainConfig};
        let d = tempfile::tempdir().unwrap();
        let mut s = String::new();
        for i in 0..50 {
            s += &train_line("0", &format!("bad awful poor {i}"));
            s += &train_line("1", &format!("good great fine {i}"));
        }
        std::fs::write(d.path().join("t.txt"), s).unwrap();
        let m = d.path().join("m.bin");
        train(&d.path().join("t.txt"), &m, &TrainConfig::default()).unwrap();
        let m = m.to_str().unwrap().replace('\'', "''");
        let calls = [
            "curate_heuristics(t)".to_string(),
            "curate_pii(t)".into(),
            "curate_identity(t)".into(),
            "curate_norm_hash(t)".into(),
            "gopher_quality_ok(t)".into(),
            "c4_ok(t)".into(),
            "curate_minhash_bands(t)".into(),
            "curate_minhash_signature(t)".into(),
            "curate_extract(t, 'u')".into(),
            format!("curate_langid(t, '{m}')"),
            format!("curate_edu(t, '{m}')"),
            format!("curate_label_prob(t, '{m}', '1')"),
        ];
        let select: Vec<String> = calls.iter().map(|c| format!("{c} IS NULL")).collect();
        let sql = format!(
            "SELECT {} FROM (VALUES ('good great words here, more than a few of them'), (''), (CAST(NULL AS VARCHAR))) v(t)",
            select.join(", ")
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let batches = rt
            .block_on(async {
                let ctx = Functions::default().session(1);
                ctx.sql(&sql).await?.collect().await
            })
            .unwrap();
        let b = &batches[0];
        assert_eq!(b.num_rows(), 3);
        for (k, c) in calls.iter().enumerate() {
            let col = b.column(k).as_any().downcast_ref::<BooleanArray>().unwrap();
            assert!(!col.value(0), "{c}: NULL for a text");
            assert!(col.value(2), "{c}: not NULL for a NULL text");
            // The empty text: minhash has no shingles (documented NULL);
            // everything else scores it.
            if !c.starts_with("curate_minhash") {
                assert!(!col.value(1), "{c}: NULL for an empty text");
            }
        }
        // The one exception: dedup_exact's key refuses a NULL text (a
        // document without a key would escape deduplication).
        let err = rt
            .block_on(async {
                let ctx = Functions::default().session(1);
                let q = "SELECT curate_norm_hash_parts(t) FROM (VALUES ('a'), (CAST(NULL AS VARCHAR))) v(t)";
                ctx.sql(q).await?.collect().await
            })
            .unwrap_err()
            .to_string();
        assert!(err.contains("curate_norm_hash_parts: NULL text"), "{err}");
    }
}
