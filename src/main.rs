//! `curate`: turn raw text corpora into training data for small language models.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use curate_pipeline::{self as pipeline, report, Functions, Progress};

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
    Run {
        workflow: PathBuf,
        /// Validate and print the DAG and plans without running anything.
        #[arg(long)]
        dry_run: bool,
        /// Output directory (overrides the workflow's `output:`).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Worker threads (overrides the workflow's `threads:`).
        #[arg(long, short)]
        threads: Option<usize>,
    },
    /// Check a workflow and print its DAG and plans.
    Validate { workflow: PathBuf },
    /// Print the summary of an existing output (run directory or stage directory).
    Stats { dir: PathBuf },
    /// List stage kinds and SQL functions.
    Stages,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CURATE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
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

fn real_main(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.cmd {
        Cmd::Run {
            workflow,
            dry_run,
            output,
            threads,
        } => {
            let mut wf = match pipeline::load(&workflow, output.as_deref()) {
                Ok(wf) => wf,
                Err(invalid) => {
                    eprintln!("{invalid}");
                    eprintln!("workflow is invalid: {} problem(s)", invalid.0.len());
                    return Ok(ExitCode::from(2));
                }
            };
            if let Some(t) = threads {
                wf.threads = t.max(1);
            }
            if dry_run {
                print!("{}", pipeline::describe(&wf, &Functions::default()));
                return Ok(ExitCode::SUCCESS);
            }
            let started = std::time::Instant::now();
            let reports = pipeline::run(&wf, &Progress::auto())?;
            println!("{}", report::summary(&reports));
            println!(
                "workflow `{}` done in {:.2}s; output in {}",
                wf.name,
                started.elapsed().as_secs_f64(),
                wf.output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Validate { workflow } => match pipeline::load(&workflow, None) {
            Ok(wf) => {
                print!("{}", pipeline::describe(&wf, &Functions::default()));
                println!("\nworkflow is valid");
                Ok(ExitCode::SUCCESS)
            }
            Err(invalid) => {
                eprintln!("{invalid}");
                eprintln!("workflow is invalid: {} problem(s)", invalid.0.len());
                Ok(ExitCode::from(2))
            }
        },
        Cmd::Stats { dir } => {
            let reports = report::load_reports(&dir)?;
            print!("{}", report::summary(&reports));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Stages => {
            println!("stage kinds:");
            for k in pipeline::stages::KINDS {
                println!("  {:<12} {}", k.name(), k.summary());
            }
            println!("\nSQL functions (usable in `filter` predicates):");
            for f in Functions::default().names() {
                println!("  {f}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
