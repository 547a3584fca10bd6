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

fn main() -> ExitCode {
    tune_malloc();
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
