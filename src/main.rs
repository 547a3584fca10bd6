//! `curate`: turn raw text corpora into training data for small language models.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use curate_pipeline::{self as pipeline, report, run_report, Functions, Progress};

#[derive(Parser)]
#[command(
    name = "curate",
    version,
    about = "Turn raw text corpora into training data for small language models"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run a workflow: every stage in dependency order, resuming committed work.
    ///
    /// As array task I of N (`--task-index`/`--task-count`, or Slurm's and
    /// Kubernetes' task variables), this process runs the units with
    /// `id % N == I` of every phase, waiting at each phase's end for the
    /// other tasks; with `--phase` it runs that one phase and returns.
    Run {
        workflow: PathBuf,
        /// Validate and print the DAG and plans without running anything.
        #[arg(long)]
        dry_run: bool,
        /// Output directory or URL, e.g. s3://bucket/run (overrides `output:`).
        #[arg(long, short)]
        output: Option<String>,
        /// Worker threads (overrides the workflow's `threads:`).
        #[arg(long, short)]
        threads: Option<usize>,
        /// This task's index, 0-based (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX).
        #[arg(long)]
        task_index: Option<usize>,
        /// Tasks sharing the work (default: SLURM_ARRAY_TASK_COUNT or CURATE_TASK_COUNT).
        #[arg(long)]
        task_count: Option<usize>,
        /// Run only this phase (`stage:phase`; see `curate plan`).
        #[arg(long)]
        phase: Option<String>,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Ballista's scheduler with every curate function: `curate run
    /// --engine ballista --scheduler df://HOST:PORT` sends query-shaped
    /// stages' work to it, and `curate executor`s run it.
    Scheduler {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:50050")]
        bind: std::net::SocketAddr,
        /// Host name executors and clients reach this scheduler at (default: the bind host).
        #[arg(long)]
        external_host: Option<String>,
        /// Seconds without a heartbeat before an executor counts as dead.
        #[arg(long, default_value_t = 180)]
        executor_timeout: u64,
        /// Attempts of a task before its job fails.
        #[arg(long, default_value_t = 4)]
        task_max_failures: usize,
    },
    /// Ballista's executor with every curate function and object store.
    Executor {
        /// The scheduler (`df://HOST:PORT` or `HOST:PORT`).
        #[arg(long)]
        scheduler: String,
        /// Address for tasks' results (Arrow Flight); gRPC listens on the next port.
        #[arg(long, default_value = "127.0.0.1:50051")]
        bind: std::net::SocketAddr,
        /// The gRPC port (default: the bind port + 1).
        #[arg(long)]
        grpc_port: Option<u16>,
        /// Host name the scheduler and clients reach this executor at (default: the bind host).
        #[arg(long)]
        external_host: Option<String>,
        /// Tasks run at once (default: the cores).
        #[arg(long)]
        concurrent_tasks: Option<usize>,
        /// Seconds between heartbeats to the scheduler.
        #[arg(long, default_value_t = 60)]
        heartbeat: u64,
        /// Directory for shuffle and spill files (default: a temporary one).
        #[arg(long)]
        work_dir: Option<String>,
        /// Tests only: a stock Ballista executor (Ballista's default function
        /// registry, session and runtime: no curate function).
        #[arg(long, hide = true)]
        stock: bool,
    },
    /// Print the workflow's phases in run order: the jobs of a batch run.
    Plan {
        workflow: PathBuf,
        /// Output directory or URL (overrides `output:`).
        #[arg(long, short)]
        output: Option<String>,
        /// Write one Kubernetes Indexed Job manifest per phase into DIR.
        #[arg(long, value_name = "DIR")]
        k8s: Option<PathBuf>,
        /// Print JSON (phase id, stage, phase, single, tasks) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Submit the workflow to a batch system: one array job per phase, chained.
    Submit {
        workflow: PathBuf,
        /// Submit to Slurm with sbatch.
        #[arg(long, required = true)]
        slurm: bool,
        /// Print the sbatch scripts instead of submitting them.
        #[arg(long)]
        dry_run: bool,
        /// Output directory or URL (overrides `output:`).
        #[arg(long, short)]
        output: Option<String>,
    },
    /// Wait until a phase is complete (Kubernetes init containers chain phases with it).
    Wait {
        workflow: PathBuf,
        /// The phase (`stage:phase`).
        #[arg(long)]
        phase: String,
        /// Output directory or URL (overrides `output:`).
        #[arg(long, short)]
        output: Option<String>,
        /// Give up after this many seconds (default: wait forever).
        #[arg(long)]
        timeout: Option<u64>,
    },
    /// Check a workflow and print its DAG, plans and what a rerun would
    /// recompute (and why) against the existing output; with `--engine
    /// ballista`, which stage's work runs where.
    Validate {
        workflow: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Print the summary of an existing output (run directory or stage directory).
    Stats {
        dir: PathBuf,
        /// Print the report's facts as JSON instead (what `curate report` shows).
        #[arg(long)]
        json: bool,
        /// Threads for the statistics (with --json; default: all cores).
        #[arg(long, short)]
        threads: Option<usize>,
    },
    /// Write DIR/report.html: one self-contained page on what the run did to
    /// the data (stages, drops with examples, score distributions, teacher,
    /// training).
    Report {
        dir: PathBuf,
        /// Threads for the statistics (default: all cores).
        #[arg(long, short)]
        threads: Option<usize>,
    },
    /// List stage kinds and SQL functions.
    Stages,
    /// Encode text with a tokenizer.json (as `tokenize` does); prints the ids as JSON.
    Encode {
        #[arg(long)]
        tokenizer: PathBuf,
        text: String,
    },
    /// Print a model's logits for a text as JSON {ids, logits} (for comparing
    /// with `transformers`; see scripts/check_hf_logits.py).
    #[command(hide = true)]
    Logits {
        #[arg(long)]
        model: PathBuf,
        text: String,
    },
    /// The GPU trainer's tools, in a binary built with `--features cuda`:
    /// `gpu check` tests every CUDA kernel and the training loop against the
    /// CPU; `gpu bench --preset 1m,8m,33m` times training steps.
    Gpu {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Generate text from a model written by `train_model` (its `model/` directory).
    Sample {
        /// The model directory: config.json, model.safetensors, tokenizer.json.
        #[arg(long)]
        model: PathBuf,
        #[arg(long, default_value = "Once upon a time")]
        prompt: String,
        #[arg(long, default_value_t = 100)]
        max_new_tokens: usize,
        /// 0 samples greedily.
        #[arg(long, default_value_t = 0.8)]
        temperature: f64,
        /// 0 keeps every token.
        #[arg(long, default_value_t = 40)]
        top_k: usize,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Number of samples.
        #[arg(long, short, default_value_t = 1)]
        n: usize,
    },
}

/// Where query-shaped stages run.
#[derive(clap::Args)]
struct EngineArgs {
    /// `local` (this process) or `ballista` (the cluster at `--scheduler`).
    #[arg(long, value_enum, default_value_t = Engine::Local)]
    engine: Engine,
    /// The Ballista scheduler, `df://HOST:PORT` (with `--engine ballista`).
    #[arg(long)]
    scheduler: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Engine {
    Local,
    Ballista,
}

impl EngineArgs {
    fn remote(&self) -> anyhow::Result<pipeline::engine::Remote> {
        match (self.engine, &self.scheduler) {
            (Engine::Local, None) => Ok(None),
            (Engine::Local, Some(_)) => {
                anyhow::bail!("--scheduler is for --engine ballista")
            }
            (Engine::Ballista, None) => {
                anyhow::bail!("--engine ballista needs --scheduler df://HOST:PORT")
            }
            (Engine::Ballista, Some(s)) => Ok(Some(std::sync::Arc::new(
                curate_ballista::Ballista::new(s)?,
            ))),
        }
    }
}

/// A runtime for the scheduler and executor (Ballista's binaries give
/// their threads 32 MB stacks: deep plans recurse).
fn server_runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(32 * 1024 * 1024)
        .build()?)
}

#[cfg(feature = "cuda")]
fn gpu_cmd(args: Vec<String>) -> anyhow::Result<ExitCode> {
    Ok(if curate_trainer::gpu::cli::run(&args)? {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(not(feature = "cuda"))]
fn gpu_cmd(_: Vec<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this curate binary was built without CUDA support: build it with `--features cuda` \
         (scripts/build_cuda.sh)"
    )
}

/// glibc keeps freed memory for reuse; with its default (dynamic) mmap
/// threshold the large transient Parquet buffers of a stage stayed resident,
/// so `dedup_minhash` at 1.1M documents peaked at 438 MB. Allocations of
/// 1 MiB and more are mapped and returned on free instead (214 MB, ~10% more
/// system time), and all threads share one arena.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 20);
        // One heap for all threads: per-thread arenas each kept their own
        // free memory (13 MB more at peak in dedup_minhash at 1.1M docs).
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Peak resident memory of this process so far, bytes.
fn peak_rss_bytes() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: getrusage writes into the struct we pass.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } == 0 {
            return Some(ru.ru_maxrss as u64 * 1024);
        }
    }
    None
}

fn all_cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// The log filter without `CURATE_LOG`: info, but not Ballista's client
/// line for every query it sends ("Connecting to Ballista scheduler").
const DEFAULT_LOG: &str =
    "info,ballista::extension=warn,ballista_core::execution_plans::distributed_query=warn";

fn main() -> ExitCode {
    tune_malloc();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CURATE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG)),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Load and validate a workflow, printing the problems if it is invalid.
fn load(workflow: &std::path::Path, output: Option<&str>) -> Option<pipeline::Workflow> {
    match pipeline::load(workflow, output) {
        Ok(wf) => Some(wf),
        Err(invalid) => {
            eprintln!("{invalid}");
            eprintln!("workflow is invalid: {} problem(s)", invalid.0.len());
            None
        }
    }
}

/// How batch tasks call curate: the cluster's binary (default: this one),
/// the workflow and output as given, from the current directory.
fn invocation(
    cluster: &pipeline::cluster::Cluster,
    workflow: &std::path::Path,
    output: Option<String>,
) -> anyhow::Result<pipeline::cluster::Invocation> {
    Ok(pipeline::cluster::Invocation {
        binary: match &cluster.binary {
            Some(b) => b.clone(),
            None => std::env::current_exe()?.to_string_lossy().into_owned(),
        },
        workflow: workflow.to_path_buf(),
        output,
        workdir: Some(std::env::current_dir()?),
    })
}

/// `curate submit --slurm`: one sbatch array job per phase not yet
/// committed, each `afterok` the previous one.
fn submit_slurm(
    wf: &pipeline::Workflow,
    workflow: &std::path::Path,
    output: Option<String>,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let cluster = wf.cluster.clone().unwrap_or_default();
    let inv = invocation(&cluster, workflow, output)?;
    let done = pipeline::exec::committed_stages(wf)?;
    let phases: Vec<_> = pipeline::exec::phases(wf)
        .into_iter()
        .filter(|p| !done.contains_key(&p.stage))
        .collect();
    if phases.is_empty() {
        println!(
            "every stage of `{}` is committed: nothing to submit",
            wf.name
        );
        return Ok(ExitCode::SUCCESS);
    }
    let jobs = pipeline::cluster::jobs(&cluster, &phases);
    // Scripts and logs live beside the run, on the shared file system.
    let submit_dir = match wf.output.as_path() {
        Some(p) => p.join("_submit"),
        None => std::env::current_dir()?.join(format!(".curate-submit-{}", wf.name)),
    };
    let logs = submit_dir.join("logs");
    let mut prev: Option<String> = None;
    for (n, j) in jobs.iter().enumerate() {
        let script = pipeline::cluster::sbatch_script(wf, &cluster, &inv, n, j, &logs);
        if dry_run {
            println!(
                "# {n:02}: sbatch{} <<'EOF'",
                if n > 0 {
                    " --dependency=afterok:<previous> --kill-on-invalid-dep=yes"
                } else {
                    ""
                }
            );
            print!("{script}");
            println!("EOF");
            continue;
        }
        std::fs::create_dir_all(&logs)?;
        let path = submit_dir.join(format!(
            "{n:02}-{}-{}.sbatch",
            j.phase.stage, j.phase.phase.name
        ));
        std::fs::write(&path, &script)?;
        let mut cmd = std::process::Command::new("sbatch");
        cmd.arg("--parsable");
        if let Some(p) = &prev {
            // Cancelled, not pending forever, if the phase before fails.
            cmd.arg(format!("--dependency=afterok:{p}"));
            cmd.arg("--kill-on-invalid-dep=yes");
        }
        cmd.arg(&path);
        let out = cmd
            .output()
            .context("running sbatch (is Slurm installed and on PATH?)")?;
        if !out.status.success() {
            anyhow::bail!(
                "sbatch {} failed: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let id = String::from_utf8_lossy(&out.stdout)
            .trim()
            .split(';')
            .next()
            .unwrap_or_default()
            .to_string();
        println!(
            "{id}  {:<28} {:>3} task(s){}",
            j.phase.id(),
            j.tasks,
            prev.as_ref()
                .map(|p| format!("  after {p}"))
                .unwrap_or_default()
        );
        prev = Some(id);
    }
    if !dry_run {
        println!("logs in {}", logs.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn real_main(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.cmd {
        Cmd::Run {
            workflow,
            dry_run,
            output,
            threads,
            task_index,
            task_count,
            phase,
            engine,
        } => {
            let remote = engine.remote()?;
            let task = pipeline::stage::Task::resolve(task_index, task_count)?;
            let Some(mut wf) = load(&workflow, output.as_deref()) else {
                return Ok(ExitCode::from(2));
            };
            if let Some(t) = threads {
                wf.threads = t.max(1);
            }
            if dry_run {
                print!("{}", pipeline::describe(&wf, &Functions::default()));
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(p) = &phase {
                pipeline::exec::find_phase(&wf, p)?;
            }
            let started = std::time::Instant::now();
            let opts = pipeline::RunOptions {
                task,
                phase,
                remote,
            };
            let started_unix = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0);
            let result = pipeline::run_with(&wf, &Progress::auto(), &opts);
            // Facts for `curate report` (workflow hash, version, wall time,
            // peak memory), written whether the run completed or not, by a
            // whole-workflow run in one process on a local output.
            let whole = opts.phase.is_none() && task.count == 1;
            let local_out = wf.output.as_path().filter(|p| p.is_dir());
            if let (true, Some(out)) = (whole, local_out) {
                let mut facts = run_report::RunFacts::new(&wf, started_unix);
                facts.wall_seconds = started.elapsed().as_secs_f64();
                facts.peak_rss_bytes = peak_rss_bytes();
                facts.error = result.as_ref().err().map(|e| format!("{e:#}"));
                if let Err(e) = facts.write(out) {
                    tracing::warn!("could not write {}: {e:#}", run_report::RUN_FACTS);
                }
                if wf.report {
                    match run_report::write(out, wf.threads) {
                        Ok((path, _)) => eprintln!("report: {}", path.display()),
                        Err(e) => eprintln!("error: writing the report: {e:#}"),
                    }
                }
            } else if wf.report && whole {
                eprintln!(
                    "warning: `report: true`: no report for output {}: `curate report` reads a local output directory",
                    wf.output
                );
            }
            let reports = result?;
            println!("{}", report::summary(&reports));
            let what = match (&opts.phase, task.count) {
                (Some(p), _) => format!("phase {p} ({task})"),
                (None, 1) => format!("workflow `{}`", wf.name),
                (None, _) => format!("workflow `{}` ({task})", wf.name),
            };
            println!(
                "{what} done in {:.2}s; output in {}",
                started.elapsed().as_secs_f64(),
                wf.output
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Plan {
            workflow,
            output,
            k8s,
            json,
        } => {
            let Some(wf) = load(&workflow, output.as_deref()) else {
                return Ok(ExitCode::from(2));
            };
            let cluster = wf.cluster.clone().unwrap_or_default();
            let phases = pipeline::exec::phases(&wf);
            let jobs = pipeline::cluster::jobs(&cluster, &phases);
            if let Some(dir) = k8s {
                // Pods read the workflow from a ConfigMap: relative paths in it
                // resolve from there, so data must be URLs (or absolute paths on
                // a volume every pod mounts).
                let file_name = workflow
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "workflow.yaml".into());
                if !wf.output.is_remote() && output.is_none() {
                    eprintln!(
                        "warning: output {} is a local path: on Kubernetes, use an object store URL (-o s3://...) or a volume every pod mounts",
                        wf.output
                    );
                }
                let mut inv = invocation(&cluster, &workflow, output)?;
                inv.workflow =
                    std::path::Path::new(pipeline::cluster::K8S_WORKFLOW_DIR).join(&file_name);
                inv.workdir = None;
                if cluster.binary.is_none() {
                    inv.binary = "curate".into();
                }
                std::fs::create_dir_all(&dir)?;
                let cm = dir.join("00-workflow.yaml");
                std::fs::write(
                    &cm,
                    pipeline::cluster::k8s_config_map(
                        &wf,
                        &cluster,
                        &file_name,
                        &std::fs::read_to_string(&workflow)?,
                    ),
                )?;
                println!("{}", cm.display());
                for (n, j) in jobs.iter().enumerate() {
                    let prev = n.checked_sub(1).map(|p| &jobs[p]);
                    let text = pipeline::cluster::k8s_job(&wf, &cluster, &inv, n, j, prev)?;
                    let f = dir.join(format!(
                        "{:02}-{}-{}.yaml",
                        n + 1,
                        j.phase.stage,
                        j.phase.phase.name
                    ));
                    std::fs::write(&f, text)?;
                    println!("{}", f.display());
                }
                return Ok(ExitCode::SUCCESS);
            }
            if json {
                let v: Vec<_> = jobs
                    .iter()
                    .map(|j| {
                        serde_json::json!({
                            "id": j.phase.id(),
                            "stage": j.phase.stage,
                            "phase": j.phase.phase.name,
                            "single": j.phase.phase.single,
                            "tasks": j.tasks,
                            "what": j.phase.phase.what,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                for (n, j) in jobs.iter().enumerate() {
                    println!(
                        "{n:>3}  {:<28} {:>3} task(s)  {}{}",
                        j.phase.id(),
                        j.tasks,
                        if j.phase.phase.single {
                            "[one task] "
                        } else {
                            ""
                        },
                        j.phase.phase.what
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Submit {
            workflow,
            slurm: _,
            dry_run,
            output,
        } => {
            let Some(wf) = load(&workflow, output.as_deref()) else {
                return Ok(ExitCode::from(2));
            };
            submit_slurm(&wf, &workflow, output, dry_run)
        }
        Cmd::Wait {
            workflow,
            phase,
            output,
            timeout,
        } => {
            let Some(wf) = load(&workflow, output.as_deref()) else {
                return Ok(ExitCode::from(2));
            };
            let p = pipeline::exec::find_phase(&wf, &phase)?;
            let started = std::time::Instant::now();
            let mut told = std::time::Instant::now();
            while !pipeline::exec::phase_complete(&wf, &p)? {
                if timeout.is_some_and(|t| started.elapsed().as_secs() >= t) {
                    anyhow::bail!(
                        "phase {phase} is not complete after {}s",
                        started.elapsed().as_secs()
                    );
                }
                if told.elapsed().as_secs() >= 60 {
                    eprintln!(
                        "waiting for phase {phase} ({}s)",
                        started.elapsed().as_secs()
                    );
                    told = std::time::Instant::now();
                }
                std::thread::sleep(std::time::Duration::from_secs(2));
            }
            println!("phase {phase} is complete");
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Scheduler {
            bind,
            external_host,
            executor_timeout,
            task_max_failures,
        } => {
            server_runtime()?.block_on(curate_ballista::run_scheduler(
                curate_ballista::SchedulerOptions {
                    bind,
                    external_host,
                    executor_timeout_s: executor_timeout,
                    task_max_failures,
                },
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Executor {
            scheduler,
            bind,
            grpc_port,
            external_host,
            concurrent_tasks,
            heartbeat,
            work_dir,
            stock,
        } => {
            server_runtime()?.block_on(curate_ballista::run_executor(
                curate_ballista::ExecutorOptions {
                    scheduler,
                    bind,
                    grpc_port,
                    external_host,
                    concurrent_tasks,
                    heartbeat_s: heartbeat,
                    work_dir,
                    stock,
                },
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Validate { workflow, engine } => match pipeline::load(&workflow, None) {
            Ok(wf) => {
                let remote = engine.remote()?;
                print!("{}", pipeline::describe(&wf, &Functions::default()));
                if let Some(r) = &remote {
                    println!(
                        "
where each stage runs (--engine ballista):"
                    );
                    print!("{}", pipeline::workflow::engine_plan(&wf, &r.describe()));
                }
                match pipeline::fingerprint::rerun_plan(&wf) {
                    Ok(plan) => {
                        println!("\na rerun against {}:", wf.output);
                        for (name, v) in plan {
                            println!("  {name}: {v}");
                        }
                    }
                    Err(e) => println!("\na rerun: cannot read {}: {e:#}", wf.output),
                }
                println!("\nworkflow is valid");
                Ok(ExitCode::SUCCESS)
            }
            Err(invalid) => {
                eprintln!("{invalid}");
                eprintln!("workflow is invalid: {} problem(s)", invalid.0.len());
                Ok(ExitCode::from(2))
            }
        },
        Cmd::Stats {
            dir,
            json: true,
            threads,
        } => {
            let r = run_report::collect(&dir, threads.unwrap_or_else(all_cores))?;
            println!("{}", serde_json::to_string_pretty(&r)?);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Stats { dir, .. } => {
            let reports = report::load_reports(&dir)?;
            print!("{}", report::summary(&reports));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Report { dir, threads } => {
            let (path, r) = run_report::write(&dir, threads.unwrap_or_else(all_cores))?;
            for s in r.stages.iter().filter(|s| s.problem.is_some()) {
                eprintln!(
                    "warning: stage `{}` {}: {}",
                    s.name,
                    s.status,
                    s.problem.as_deref().unwrap_or_default()
                );
            }
            for p in &r.problems {
                eprintln!("warning: {p}");
            }
            println!(
                "{} ({} stages, {:.1} KB, {:.2}s)",
                path.display(),
                r.stages.len(),
                std::fs::metadata(&path)?.len() as f64 / 1000.0,
                r.report_seconds
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Stages => {
            println!("stage kinds:");
            for k in pipeline::stages::KINDS {
                println!("  {:<16} {}", k.name(), k.summary());
            }
            println!("\nSQL functions (usable in `filter` predicates):");
            for f in Functions::default().names() {
                println!("  {f}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Encode { tokenizer, text } => {
            let tok = curate_trainer::bpe::load(&tokenizer)?;
            let ids = curate_trainer::bpe::encode(&tok, &text)?;
            println!("{}", serde_json::to_string(&ids)?);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Logits { model, text } => {
            use curate_trainer::{bpe, model as gpt};
            let dev = candle_core::Device::Cpu;
            let m = gpt::load_dir(&model, &dev)?;
            let tok = bpe::load(&model.join("tokenizer.json"))?;
            let ids = bpe::encode(&tok, &text)?;
            let x = candle_core::Tensor::new(ids.as_slice(), &dev)?.unsqueeze(0)?;
            let logits: Vec<Vec<f32>> = m.forward(&x)?.squeeze(0)?.to_vec2()?;
            println!("{}", serde_json::json!({"ids": ids, "logits": logits}));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Gpu { args } => gpu_cmd(args),
        Cmd::Sample {
            model,
            prompt,
            max_new_tokens,
            temperature,
            top_k,
            seed,
            n,
        } => {
            use curate_trainer::{bpe, model as gpt, sample};
            let m = gpt::load_dir(&model, &candle_core::Device::Cpu)?;
            let tok = bpe::load(&model.join("tokenizer.json"))?;
            let eot = bpe::eot_id(&tok)?;
            let ids: Vec<u32> = std::iter::once(eot)
                .chain(bpe::encode(&tok, &prompt)?)
                .collect();
            for i in 0..n {
                let cfg = sample::SampleConfig {
                    max_new_tokens,
                    temperature,
                    top_k,
                    seed: seed + i as u64,
                    stop: Some(eot),
                };
                let new = sample::generate(&m, &ids, &cfg)?;
                println!("{prompt}{}", bpe::decode(&tok, &new)?);
                if i + 1 < n {
                    println!("---");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
