//! Benchmark / batch driver for `curate_filters::heuristics`.
//!
//! ```text
//! bench_heuristics INPUT.jsonl OUTPUT.jsonl [--per-set] [--summary SUMMARY.json]
//!                  [--dump-words WORDS.jsonl]
//! ```
//! Reads `{"id", "text"}` lines, scores every document single-threaded with
//! `heuristics::score`, writes `{"id", "gopher_quality", "gopher_repetition", "c4",
//! "fineweb"}` verdicts (reason string or null) and prints docs, bytes, seconds (wall and
//! thread CPU time; only the scoring is timed, plus the total), docs/s.
//! `--per-set` additionally times each rule set's stand-alone function in its own pass
//! (each doing its own tokenization), which is what datatrove's filters do.
//! `--dump-words` writes datatrove-style word lists and per-line (`split('\n')`)
//! sentence counts (for tokenizer diffing).

use curate_filters::heuristics::{self, HeuristicsConfig};
use serde_json::{json, Value};
use std::io::{BufWriter, Write};
use std::time::Instant;

type SetFn<'a> = &'a dyn Fn(&str) -> Option<&'static str>;

/// Wall-clock and on-CPU time of the calling thread (Linux `/proc/thread-self/schedstat`,
/// nanosecond resolution; falls back to wall time elsewhere). The box this runs on is
/// shared, so per-core throughput is reported from CPU time.
struct Timer {
    wall: Instant,
    cpu: Option<u64>,
}

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

impl Timer {
    fn start() -> Self {
        Timer {
            cpu: thread_cpu_ns(),
            wall: Instant::now(),
        }
    }

    /// (wall seconds, CPU seconds)
    fn stop(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = match (self.cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => wall,
        };
        (wall, cpu)
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_heuristics: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = vec![];
    let mut per_set = false;
    let mut summary_path = None;
    let mut dump_words = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--per-set" => per_set = true,
            "--summary" => summary_path = Some(it.next().ok_or("--summary needs a path")?.clone()),
            "--dump-words" => {
                dump_words = Some(it.next().ok_or("--dump-words needs a path")?.clone())
            }
            "-h" | "--help" => {
                println!("usage: bench_heuristics INPUT.jsonl OUTPUT.jsonl [--per-set] [--summary S.json] [--dump-words W.jsonl]");
                return Ok(());
            }
            _ => pos.push(a.clone()),
        }
    }
    let [input, output] =
        <[String; 2]>::try_from(pos).map_err(|_| "need INPUT and OUTPUT paths")?;

    let t_total = Instant::now();
    let raw = std::fs::read_to_string(&input).map_err(|e| format!("{input}: {e}"))?;
    let mut docs: Vec<(Value, String)> = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut v: Value =
            serde_json::from_str(line).map_err(|e| format!("{input}:{}: {e}", i + 1))?;
        let text = match v.get_mut("text").map(Value::take) {
            Some(Value::String(s)) => s,
            _ => return Err(format!("{input}:{}: missing string field \"text\"", i + 1)),
        };
        let id = v.get_mut("id").map(Value::take).unwrap_or(Value::from(i));
        docs.push((id, text));
    }
    drop(raw);
    let n_docs = docs.len();
    let n_bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let cfg = HeuristicsConfig::default();

    // warm-up (lazy tables)
    let _ = heuristics::score("Warm up the tokenizer tables. http://example.com", &cfg);

    let t_score = Timer::start();
    let results: Vec<heuristics::HeuristicsResult> =
        docs.iter().map(|d| heuristics::score(&d.1, &cfg)).collect();
    let (score_s, score_cpu) = t_score.stop();

    // (name, wall seconds, thread CPU seconds)
    let mut per_set_s: Vec<(&str, f64, f64)> = Vec::new();
    if per_set {
        let sets: [(&str, SetFn); 4] = [
            ("gopher_quality", &|t| {
                heuristics::gopher_quality(t, &cfg.gopher_quality)
            }),
            ("gopher_repetition", &|t| {
                heuristics::gopher_repetition(t, &cfg.gopher_repetition)
            }),
            ("c4", &|t| heuristics::c4(t, &cfg.c4)),
            ("fineweb", &|t| heuristics::fineweb(t, &cfg.fineweb)),
        ];
        for (name, f) in sets {
            let t = Timer::start();
            let mut fails = 0usize;
            for d in &docs {
                fails += f(&d.1).is_some() as usize;
            }
            std::hint::black_box(fails);
            let (wall, cpu) = t.stop();
            per_set_s.push((name, wall, cpu));
        }
    }

    let f = std::fs::File::create(&output).map_err(|e| format!("{output}: {e}"))?;
    let mut w = BufWriter::new(f);
    for ((id, _), r) in docs.iter().zip(&results) {
        let line = json!({
            "id": id,
            "gopher_quality": r.gopher_quality,
            "gopher_repetition": r.gopher_repetition,
            "c4": r.c4,
            "fineweb": r.fineweb,
            "word_count": r.word_count,
        });
        writeln!(w, "{line}").map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;

    if let Some(p) = dump_words {
        let f = std::fs::File::create(&p).map_err(|e| format!("{p}: {e}"))?;
        let mut w = BufWriter::new(f);
        for (id, text) in &docs {
            let words = heuristics::split_into_words(text);
            let sents: Vec<usize> = text.split('\n').map(heuristics::sentence_count).collect();
            writeln!(w, "{}", json!({"id": id, "words": words, "sents": sents}))
                .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    let total_s = t_total.elapsed().as_secs_f64();

    println!(
        "rust: {n_docs} docs, {:.1} MB, score() {score_s:.3} s wall / {score_cpu:.3} s CPU \
         ({:.0} docs/s per core, {:.1} MB/s), total {total_s:.3} s",
        n_bytes as f64 / 1e6,
        n_docs as f64 / score_cpu,
        n_bytes as f64 / 1e6 / score_cpu
    );
    for (k, wall, cpu) in &per_set_s {
        println!(
            "rust: {k:<18} {wall:.3} s wall / {cpu:.3} s CPU ({:.0} docs/s per core)",
            n_docs as f64 / cpu
        );
    }
    if let Some(p) = summary_path {
        let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let wall: serde_json::Map<String, Value> = per_set_s
            .iter()
            .map(|(k, w, _)| (k.to_string(), json!(w)))
            .collect();
        let cpu: serde_json::Map<String, Value> = per_set_s
            .iter()
            .map(|(k, _, c)| (k.to_string(), json!(c)))
            .collect();
        let s = json!({
            "loadavg_end": loadavg.trim(),
            "docs": n_docs,
            "bytes": n_bytes,
            "score_seconds": score_s,
            "score_cpu_seconds": score_cpu,
            "total_seconds": total_s,
            "per_set_seconds": wall,
            "per_set_cpu_seconds": cpu,
        });
        std::fs::write(&p, s.to_string()).map_err(|e| format!("{p}: {e}"))?;
    }
    Ok(())
}
