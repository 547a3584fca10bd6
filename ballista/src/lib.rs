//! curate on Apache DataFusion Ballista 55.
//!
//! Brief overview:
//! - [`run_scheduler`] and [`run_executor`] are Ballista's scheduler and
//!   executor (the `ballista-scheduler` / `ballista-executor` crates as
//!   libraries, configured as upstream's `examples/custom-*.rs` do), with
//!   every curate function registered: `curate scheduler` and
//!   `curate executor`.
//! - [`Ballista`] is the client side of `curate run --engine ballista`: a
//!   [`RemoteQueries`] that sends each unit's query to the scheduler and
//!   streams the result back (the run writes and commits units itself).
//!
//! Functions are resolved **by name** on the scheduler (planning) and on
//! executors (decoding the physical plan), so all three sides register the
//! same [`Functions`], and a function's behaviour is given by its name and
//! arguments alone (settings are literal arguments, as in
//! `curate_minhash_signature(text, spec)`). Ballista's
//! `upgrade_for_ballista` and its default session builder replace a
//! session's scalar functions with Ballista's list, so ours are added after
//! (as chaos-testing's registry does). Plans hold only DataFusion's own
//! nodes (a Parquet listing table, projections, filters) and functions by
//! name: Ballista's default codecs carry them.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use async_trait::async_trait;
use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_core::utils::default_session_builder;
use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use curate_pipeline::engine::RemoteQueries;
use curate_pipeline::storage::Loc;
use curate_pipeline::Functions;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::config::TableParquetOptions;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::error::DataFusionError;
use datafusion::execution::object_store::{DefaultObjectStoreRegistry, ObjectStoreRegistry};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::execution::{FunctionRegistry, SendableRecordBatchStream, SessionState};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::prelude::{SessionConfig, SessionContext};
use object_store::ObjectStore;

/// The default scheduler port (Ballista's).
pub const DEFAULT_PORT: u16 = 50050;

/// `df://host:port` (or `host:port`) as the scheduler's gRPC URL
/// `http://host:port`.
pub fn scheduler_url(s: &str) -> Result<String> {
    let with_scheme = if s.contains("://") {
        s.to_string()
    } else {
        format!("df://{s}")
    };
    let u = url::Url::parse(&with_scheme)
        .with_context(|| format!("bad scheduler address `{s}` (want df://HOST:PORT)"))?;
    if !matches!(u.scheme(), "df" | "http") {
        bail!("bad scheduler address `{s}`: want df://HOST:PORT");
    }
    let host = u
        .host_str()
        .ok_or_else(|| anyhow!("bad scheduler address `{s}`: no host"))?;
    Ok(format!(
        "http://{host}:{}",
        u.port().unwrap_or(DEFAULT_PORT)
    ))
}

/// The DataFusion settings of every curate query (as
/// [`Functions::session`]): one partition per unit's query, so rows come
/// back in the shard's order; plain Utf8 columns.
fn curate_config(cfg: SessionConfig) -> SessionConfig {
    let mut cfg = cfg
        .with_target_partitions(1)
        .with_batch_size(4096)
        .with_round_robin_repartition(false)
        .with_repartition_file_scans(false);
    cfg.options_mut().execution.parquet.schema_force_view_types = false;
    cfg.options_mut().execution.enable_file_stream_work_stealing = false;
    cfg
}

/// Add every curate function to a session state (after Ballista has set
/// its list: see the crate docs).
fn add_functions(state: &mut SessionState, fx: &Functions) -> datafusion::error::Result<()> {
    for u in fx.udfs() {
        state.register_udf(Arc::new(u.clone()))?;
    }
    for u in fx.udafs() {
        state.register_udaf(Arc::new(u.clone()))?;
    }
    Ok(())
}

/// The scheduler's session builder: Ballista's default session, then our
/// functions and object stores (used to plan every job: planning lists a
/// table's files and resolves a write's destination by URL).
pub fn scheduler_session(cfg: SessionConfig) -> datafusion::error::Result<SessionState> {
    let state = default_session_builder(cfg)?;
    let runtime = RuntimeEnvBuilder::new()
        .with_object_store_registry(Arc::new(CurateStores::default()))
        .build()?;
    let mut state = SessionStateBuilder::new_from_existing(state)
        .with_runtime_env(Arc::new(runtime))
        .build();
    add_functions(&mut state, &Functions::default())?;
    Ok(state)
}

/// The executors' function registry: Ballista's built-ins plus ours (the
/// names a physical plan's functions are resolved by).
pub fn executor_registry() -> BallistaFunctionRegistry {
    let mut r = BallistaFunctionRegistry::default();
    let fx = Functions::default();
    for u in fx.udfs() {
        r.scalar_functions
            .insert(u.name().to_string(), Arc::new(u.clone()));
    }
    for u in fx.udafs() {
        r.aggregate_functions
            .insert(u.name().to_string(), Arc::new(u.clone()));
    }
    r
}

/// Object stores by URL as curate opens them (`s3://`, `gs://`, `az://`
/// from the environment, made on first use), for executors: a plan names
/// its files by URL and the executor must open them itself.
#[derive(Debug, Default)]
pub struct CurateStores {
    known: DefaultObjectStoreRegistry,
}

impl ObjectStoreRegistry for CurateStores {
    fn register_store(
        &self,
        url: &url::Url,
        store: Arc<dyn ObjectStore>,
    ) -> Option<Arc<dyn ObjectStore>> {
        self.known.register_store(url, store)
    }

    fn deregister_store(&self, url: &url::Url) -> datafusion::error::Result<Arc<dyn ObjectStore>> {
        self.known.deregister_store(url)
    }

    fn get_store(&self, url: &url::Url) -> datafusion::error::Result<Arc<dyn ObjectStore>> {
        if let Ok(s) = self.known.get_store(url) {
            return Ok(s);
        }
        let store = curate_pipeline::storage::object_store_for(url)
            .map_err(|e| datafusion::error::DataFusionError::External(e.into()))?;
        self.known.register_store(url, store.clone());
        Ok(store)
    }
}

/// What `curate scheduler` takes.
#[derive(Debug, Clone)]
pub struct SchedulerOptions {
    pub bind: SocketAddr,
    /// The host executors and clients reach it at (default: the bind host).
    pub external_host: Option<String>,
    /// Seconds without a heartbeat before an executor is dead (Ballista: 180).
    pub executor_timeout_s: u64,
    /// Task attempts before a job fails (Ballista: 4).
    pub task_max_failures: usize,
}

/// Run Ballista's scheduler with curate's functions until it stops.
pub async fn run_scheduler(o: SchedulerOptions) -> Result<()> {
    let config = SchedulerConfig {
        bind_host: o.bind.ip().to_string(),
        bind_port: o.bind.port(),
        external_host: o.external_host.unwrap_or_else(|| o.bind.ip().to_string()),
        executor_timeout_seconds: o.executor_timeout_s,
        expire_dead_executor_interval_seconds: (o.executor_timeout_s / 2).clamp(1, 15),
        no_executors_grace_period_seconds: o.executor_timeout_s,
        task_max_failures: o.task_max_failures,
        override_config_producer: Some(Arc::new(|| {
            curate_config(SessionConfig::new_with_ballista())
        })),
        override_session_builder: Some(Arc::new(scheduler_session)),
        ..Default::default()
    };
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(|e| anyhow!("starting the scheduler: {e}"))?;
    start_server(cluster, o.bind, Arc::new(config))
        .await
        .map_err(|e| anyhow!("scheduler on {}: {e}", o.bind))
}

/// What `curate executor` takes.
#[derive(Debug, Clone)]
pub struct ExecutorOptions {
    /// The scheduler, `df://HOST:PORT` or `HOST:PORT`.
    pub scheduler: String,
    /// Where tasks are received (the Arrow Flight port for results).
    pub bind: SocketAddr,
    /// The gRPC port (default: the bind port + 1).
    pub grpc_port: Option<u16>,
    /// The host the scheduler and clients reach it at (default: the bind host).
    pub external_host: Option<String>,
    /// Concurrent tasks (default: the cores).
    pub concurrent_tasks: Option<usize>,
    /// Seconds between heartbeats (Ballista: 60).
    pub heartbeat_s: u64,
    /// Shuffle and spill files (default: a temporary directory).
    pub work_dir: Option<String>,
    /// A stock Ballista executor: Ballista's default function registry,
    /// session config and runtime, none of curate's functions or object
    /// stores (tests: what a cluster without our executors does).
    pub stock: bool,
}

/// Run Ballista's executor with curate's functions and object stores until
/// it stops.
pub async fn run_executor(o: ExecutorOptions) -> Result<()> {
    let url = url::Url::parse(&scheduler_url(&o.scheduler)?)?;
    let (scheduler_host, scheduler_port) = (
        url.host_str().unwrap_or("localhost").to_string(),
        url.port().unwrap_or(DEFAULT_PORT),
    );
    let work_dir = o.work_dir.clone();
    let config = ExecutorProcessConfig {
        bind_host: o.bind.ip().to_string(),
        port: o.bind.port(),
        grpc_port: o.grpc_port.unwrap_or(o.bind.port().saturating_add(1)),
        external_host: Some(o.external_host.unwrap_or_else(|| o.bind.ip().to_string())),
        scheduler_host,
        scheduler_port,
        scheduler_connect_timeout_seconds: 30,
        vcores: o.concurrent_tasks.unwrap_or(0),
        work_dir: o.work_dir,
        print_thread_info: false,
        executor_heartbeat_interval_seconds: o.heartbeat_s.max(1),
        override_function_registry: Some(Arc::new(executor_registry())),
        override_config_producer: Some(Arc::new(|| {
            curate_config(SessionConfig::new_with_ballista())
        })),
        override_runtime_producer: Some(Arc::new(move |_: &SessionConfig| {
            let mut b = RuntimeEnvBuilder::new()
                .with_object_store_registry(Arc::new(CurateStores::default()));
            if let Some(d) = &work_dir {
                b = b.with_temp_file_path(d.clone());
            }
            Ok(Arc::new(b.build()?))
        })),
        ..Default::default()
    };
    let config = if o.stock {
        ExecutorProcessConfig {
            override_function_registry: None,
            override_config_producer: None,
            override_runtime_producer: None,
            ..config
        }
    } else {
        config
    };
    start_executor_process(Arc::new(config))
        .await
        .map_err(|e| anyhow!("executor: {e}"))
}

/// The client of `curate run --engine ballista`.
#[derive(Debug, Clone)]
pub struct Ballista {
    /// As given (`df://host:port`).
    address: String,
    /// `http://host:port`.
    url: String,
}

impl Ballista {
    pub fn new(address: &str) -> Result<Ballista> {
        Ok(Ballista {
            address: address.to_string(),
            url: scheduler_url(address)?,
        })
    }

    /// A session whose queries run on the cluster, with our settings and
    /// functions (registered after `remote_with_state`, which replaces the
    /// scalar functions with Ballista's list).
    pub async fn session(&self) -> Result<SessionContext> {
        let cfg = curate_config(SessionConfig::new_with_ballista());
        let state = SessionStateBuilder::new()
            .with_default_features()
            .with_config(cfg)
            .build();
        // `remote_with_state` wants df://; `url` is http://host:port.
        let df = self.url.replacen("http://", "df://", 1);
        let ctx = SessionContext::remote_with_state(&df, state).await?;
        Functions::default().register(&ctx);
        Ok(ctx)
    }
}

/// A job error with, when an executor rejected the task (Ballista: "task
/// could not be prepared or was rejected by executor", e.g. a stock
/// executor that cannot resolve a function of the plan), the curate
/// functions the query needs.
fn rejected_hint(sql: &str) -> impl Fn(DataFusionError) -> String + Send + Sync + 'static {
    let mut fns: Vec<String> = Functions::default()
        .names()
        .into_iter()
        .filter(|n| sql.contains(&format!("{n}(")))
        .collect();
    fns.dedup();
    move |e: DataFusionError| {
        let msg = e.to_string();
        if msg.contains("rejected by executor") && !fns.is_empty() {
            format!(
                "{msg}: an executor could not prepare the task; every executor must be a `curate executor` (a stock Ballista executor has no {})",
                fns.join(", ")
            )
        } else {
            msg
        }
    }
}

/// A shard's location as executors must see it: an absolute path, or the
/// object store URL.
fn shard_url(shard: &Loc) -> Result<String> {
    match shard.as_path() {
        Some(p) => Ok(std::path::absolute(p)
            .with_context(|| format!("resolving {}", p.display()))?
            .to_string_lossy()
            .into_owned()),
        None => Ok(shard.df_url()),
    }
}

#[async_trait]
impl RemoteQueries for Ballista {
    fn describe(&self) -> String {
        format!("the Ballista scheduler at {}", self.address)
    }

    async fn check(&self) -> Result<()> {
        use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
        match tokio::time::timeout(
            Duration::from_secs(10),
            SchedulerGrpcClient::connect(self.url.clone()),
        )
        .await
        {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(anyhow!("connecting to {}: {e}", self.url)),
            Err(_) => Err(anyhow!("connecting to {}: no answer in 10 s", self.url)),
        }
    }

    async fn execute(
        &self,
        shard: &Loc,
        schema: SchemaRef,
        sql: &str,
    ) -> Result<SendableRecordBatchStream> {
        self.execute_files("input", std::slice::from_ref(shard), schema, sql)
            .await
    }

    async fn execute_files(
        &self,
        table: &str,
        files: &[Loc],
        schema: SchemaRef,
        sql: &str,
    ) -> Result<SendableRecordBatchStream> {
        let ctx = self.session().await?;
        let urls = files.iter().map(shard_url).collect::<Result<Vec<_>>>()?;
        curate_pipeline::stages::register_files(&ctx, table, &urls, Some(&schema)).await?;
        let hint = rejected_hint(sql);
        let stream = ctx
            .sql(sql)
            .await?
            .execute_stream()
            .await
            .map_err(|e| anyhow!(hint(e)))?;
        let schema = stream.schema();
        use futures::StreamExt;
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            schema,
            stream.map(move |b| b.map_err(|e| DataFusionError::Execution(hint(e)))),
        )))
    }

    async fn write_files(
        &self,
        table: &str,
        files: &[Loc],
        schema: SchemaRef,
        sql: &str,
        dest: &Loc,
        options: &TableParquetOptions,
    ) -> Result<u64> {
        let ctx = self.session().await?;
        let urls = files.iter().map(shard_url).collect::<Result<Vec<_>>>()?;
        curate_pipeline::stages::register_files(&ctx, table, &urls, Some(&schema)).await?;
        let hint = rejected_hint(sql);
        // One file (the path ends in .parquet), written by the executor
        // that runs the query: DataFusion's Parquet sink, published whole
        // by the object store (a local store renames a staged file).
        let got = ctx
            .sql(sql)
            .await?
            .write_parquet(
                &shard_url(dest)?,
                DataFrameWriteOptions::new().with_single_file_output(true),
                Some(options.clone()),
            )
            .await
            .map_err(|e| anyhow!(hint(e)))?;
        let rows = curate_pipeline::stages::first_count(&got)
            .with_context(|| format!("writing {dest}: the engine returned no row count"))?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballista_core::extension::SessionStateExt;
    use datafusion::arrow::util::pretty::pretty_format_batches;

    fn names() -> Vec<String> {
        let n = Functions::default().names();
        assert!(n.len() >= 12, "{n:?}");
        n
    }

    /// Built-ins that must survive Ballista's function lists (scalar and
    /// aggregate).
    const BUILTINS: [&str; 6] = [
        "abs",
        "character_length",
        "lower",
        "arrow_cast",
        "count",
        "avg",
    ];

    /// Whether a session state has `n` as a scalar or aggregate function.
    fn in_state(s: &SessionState, n: &str) -> bool {
        s.scalar_functions().contains_key(n) || s.aggregate_functions().contains_key(n)
    }

    #[test]
    fn executor_registry_resolves_every_name_and_builtins() {
        let r = executor_registry();
        for n in names().iter().map(String::as_str).chain(BUILTINS) {
            use datafusion::execution::FunctionRegistry;
            assert!(
                r.udf(n).is_ok() || r.udaf(n).is_ok(),
                "{n} does not resolve on an executor"
            );
        }
    }

    #[test]
    fn scheduler_session_resolves_every_name_and_builtins() {
        let s = scheduler_session(curate_config(SessionConfig::new_with_ballista())).unwrap();
        for n in names().iter().map(String::as_str).chain(BUILTINS) {
            assert!(in_state(&s, n), "{n} is not in the scheduler's session");
        }
    }

    #[test]
    fn client_session_keeps_every_name_after_upgrade_for_ballista() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        // No connection is made until a query runs.
        let ctx = rt
            .block_on(Ballista::new("df://127.0.0.1:1").unwrap().session())
            .unwrap();
        let state = ctx.state();
        for n in names().iter().map(String::as_str).chain(BUILTINS) {
            assert!(in_state(&state, n), "{n} is lost by upgrade_for_ballista");
        }
        // And a plain upgrade does lose a function registered before it:
        // the reason `session` registers ours after.
        let plain = SessionContext::new();
        plain.register_udf(Functions::default().udfs()[0].clone());
        let upgraded = plain
            .state()
            .upgrade_for_ballista("http://127.0.0.1:1".into())
            .unwrap();
        assert!(!upgraded
            .scalar_functions()
            .contains_key(Functions::default().udfs()[0].name()));
    }

    #[test]
    fn scheduler_addresses() {
        assert_eq!(scheduler_url("df://h:7").unwrap(), "http://h:7");
        assert_eq!(scheduler_url("h:7").unwrap(), "http://h:7");
        assert_eq!(scheduler_url("df://h").unwrap(), "http://h:50050");
        assert!(scheduler_url("s3://h:7").is_err());
    }

    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    /// Every curate function called through a real scheduler and executor
    /// (in this process, on free ports) gives what the local session gives:
    /// each name resolves on the executor, with the same behaviour (the
    /// MinHash settings travel as an argument).
    #[test]
    fn every_function_runs_on_an_executor_as_locally() {
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
        // As the stages pass a model: its path and content hash, checked
        // where the function runs.
        let m = curate_filters::model_file::location(&m)
            .unwrap()
            .replace('\'', "''");
        let spec = curate_filters::minhash::MinHashConfig {
            ngram: 3,
            bands: 4,
            rows: 2,
            seed: 7,
            scheme: curate_filters::minhash::Scheme::Fast,
        }
        .spec();
        // An n-gram index, as `decontaminate` writes and passes it.
        let idx = {
            let mut g = curate_filters::decontam::EvalGrams::new(3);
            g.sets.push("quiz".into());
            g.add(0, "great words here");
            let b = g.to_bytes();
            let p = d.path().join("index.bin");
            std::fs::write(&p, &b).unwrap();
            curate_filters::model_file::bytes_location(p.to_str().unwrap(), &b).replace('\'', "''")
        };
        let calls = [
            format!("curate_contamination(t, '{idx}')"),
            "curate_heuristics(t)".to_string(),
            "curate_pii(t)".into(),
            "curate_identity(t)".into(),
            "curate_norm_hash(t)".into(),
            // (a NULL text is an error for this one: see its docs)
            "curate_norm_hash_parts(coalesce(t, ''))".into(),
            "gopher_quality_ok(t)".into(),
            "c4_ok(t)".into(),
            "curate_minhash_bands(t)".into(),
            "curate_minhash_signature(t)".into(),
            format!("curate_minhash_signature(t, '{spec}')"),
            "curate_extract(t, 'u')".into(),
            format!("curate_langid(t, '{m}')"),
            format!("curate_edu(t, '{m}')"),
            format!("curate_label_prob(t, '{m}', '1')"),
            "curate_holdout(t, 3, 0.5)".into(),
            "curate_in_positions(character_length(t), '13,51')".into(),
            "gopher_repetition_ok(t)".into(),
            "fineweb_ok(t)".into(),
            "abs(-1)".into(),
            "lower(t)".into(),
        ];
        // The aggregate, over every row (a NULL text counts as empty).
        let agg = "SELECT curate_identity_audit(t) FROM input";
        // Every registered name is called at least once.
        for n in names() {
            assert!(
                calls.iter().any(|c| c.starts_with(&format!("{n}(")))
                    || agg.contains(&format!(" {n}(")),
                "{n} is not covered"
            );
        }
        let sql = format!("SELECT {} FROM input", calls.join(", "));
        let data = d.path().join("in.parquet");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_stack_size(32 << 20)
            .build()
            .unwrap();
        let local = rt
            .block_on(async {
                let ctx = Functions::default().session(1);
                let w = ctx
                    .sql(&format!(
                        "COPY (SELECT * FROM (VALUES ('Good great words here, more than a few of them: mail me at a@b.org'), ('<p>bad awful</p>'), (CAST(NULL AS VARCHAR))) v(t)) TO '{}' STORED AS PARQUET",
                        data.display()
                    ))
                    .await?;
                w.collect().await?;
                ctx.register_parquet("input", data.to_str().unwrap(), Default::default())
                    .await?;
                let rows = ctx.sql(&sql).await?.collect().await?;
                let audit = ctx.sql(agg).await?.collect().await?;
                datafusion::error::Result::<_>::Ok((rows, audit))
            })
            .unwrap();
        let sp = free_port();
        let (ep, gp) = (free_port(), free_port());
        rt.spawn(run_scheduler(SchedulerOptions {
            bind: format!("127.0.0.1:{sp}").parse().unwrap(),
            external_host: None,
            executor_timeout_s: 30,
            task_max_failures: 1,
        }));
        rt.spawn(run_executor(ExecutorOptions {
            scheduler: format!("127.0.0.1:{sp}"),
            bind: format!("127.0.0.1:{ep}").parse().unwrap(),
            grpc_port: Some(gp),
            external_host: None,
            concurrent_tasks: Some(1),
            heartbeat_s: 1,
            work_dir: Some(d.path().join("work").to_string_lossy().into_owned()),
            stock: false,
        }));
        let b = Ballista::new(&format!("df://127.0.0.1:{sp}")).unwrap();
        let remote = rt
            .block_on(async {
                let schema = {
                    let ctx = SessionContext::new();
                    ctx.register_parquet("x", data.to_str().unwrap(), Default::default())
                        .await?;
                    Arc::new(ctx.table("x").await?.schema().as_arrow().clone())
                };
                let started = std::time::Instant::now();
                while b.check().await.is_err() {
                    anyhow::ensure!(started.elapsed().as_secs() < 30, "no scheduler");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                use futures::TryStreamExt;
                let at = Loc::local(&data);
                let stream = b.execute(&at, schema.clone(), &sql).await?;
                let rows = stream.try_collect::<Vec<_>>().await?;
                let stream = b.execute(&at, schema, agg).await?;
                let audit = stream.try_collect::<Vec<_>>().await?;
                anyhow::Ok((rows, audit))
            })
            .unwrap();
        for (l, r) in [(&local.0, &remote.0), (&local.1, &remote.1)] {
            let (l, r) = (
                pretty_format_batches(l).unwrap().to_string(),
                pretty_format_batches(r).unwrap().to_string(),
            );
            assert_eq!(l, r);
        }
        // The audit saw the three rows and the words of the first.
        let a = pretty_format_batches(&remote.1).unwrap().to_string();
        assert!(a.contains(r#""docs":3"#), "{a}");
        rt.shutdown_background();
    }
}
