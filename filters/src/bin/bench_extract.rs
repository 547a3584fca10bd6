//! Benchmark / batch driver for `curate_filters::extract`.
//!
//! ```text
//! bench_extract PAGES.txt OUT.jsonl [--rounds N] [--comments] [--no-tables] [--no-lists]
//! ```
//! `PAGES.txt` lists one HTML file per line. Every page is decoded from its
//! bytes (`extract::charset::decode`: `<meta>` charset, then detection) and
//! extracted, single-threaded; both steps are timed (the peer script hands
//! trafilatura the same bytes, and it decodes them itself). Writes
//! `{"page", "text", "title", "lang", "encoding"}` lines and a last
//! `{"timing": {"tool", "pages", "bytes", "rounds", "cpu_s", "wall_s"}}` line
//! (the best of `--rounds` passes, thread CPU time), the format
//! `scripts/bench/extract_compare.py` reads.

use std::io::{BufWriter, Write};
use std::time::Instant;

use curate_filters::extract::{charset, extract, Extracted, Options};
use serde_json::json;

fn thread_cpu_s() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(|ns| ns as f64 * 1e-9)
        .unwrap_or(0.0)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: bench_extract PAGES.txt OUT.jsonl [--rounds N] [--comments] [--no-tables] [--no-lists]");
        std::process::exit(2);
    }
    let mut rounds = 3;
    let mut opts = Options::default();
    let mut i = 3;
    while i < args.len() {
        match args[i].as_str() {
            "--rounds" => {
                i += 1;
                rounds = args[i].parse().expect("--rounds N");
            }
            "--comments" => opts.comments = true,
            "--no-tables" => opts.tables = false,
            "--no-lists" => opts.lists = false,
            a => panic!("unknown argument {a}"),
        }
        i += 1;
    }
    let paths: Vec<String> = std::fs::read_to_string(&args[1])?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let pages: Vec<Vec<u8>> = paths
        .iter()
        .map(std::fs::read)
        .collect::<std::io::Result<_>>()?;
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let mut best = (f64::INFINITY, f64::INFINITY);
    let mut results: Vec<(Extracted, &'static str)> = vec![];
    for r in 0..rounds.max(1) {
        let (c0, w0) = (thread_cpu_s(), Instant::now());
        results = pages
            .iter()
            .map(|b| {
                let d = charset::decode(b, None, None);
                (extract(&d.text, &opts), d.encoding)
            })
            .collect();
        let (cpu, wall) = (thread_cpu_s() - c0, w0.elapsed().as_secs_f64());
        eprintln!(
            "curate round {}/{}: {} pages, {:.3} CPU s, {:.1} docs/s per core",
            r + 1,
            rounds,
            pages.len(),
            cpu,
            pages.len() as f64 / cpu
        );
        best = (best.0.min(cpu), best.1.min(wall));
    }
    let mut out = BufWriter::new(std::fs::File::create(&args[2])?);
    for (p, (e, enc)) in paths.iter().zip(&results) {
        let line =
            json!({"page": p, "text": e.text, "title": e.title, "lang": e.lang, "encoding": enc});
        writeln!(out, "{line}")?;
    }
    let mut tool = format!("curate {}", env!("CARGO_PKG_VERSION"));
    if opts.comments {
        tool.push_str(" (comments)");
    }
    if !opts.tables {
        tool.push_str(" (no tables)");
    }
    if !opts.lists {
        tool.push_str(" (no lists)");
    }
    let timing = json!({"timing": {"tool": tool, "pages": pages.len(), "bytes": bytes,
        "rounds": rounds, "cpu_s": best.0, "wall_s": best.1}});
    writeln!(out, "{timing}")?;
    Ok(())
}
