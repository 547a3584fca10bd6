//! The GPU trainer's self-test and benchmark without the pipeline (a quick
//! build): `cargo run --release -p curate-trainer --features cuda --example gpu -- check`.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match curate_trainer::gpu::cli::run(&args) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
