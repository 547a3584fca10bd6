//! Benchmark of in-process fastText scoring (filters::classifier), for
//! scripts/bench_classify.sh, which runs the `fasttext` CLI's
//! `predict-prob` on the same models and lines in the same run.
//!
//!   bench_classify --input docs.txt --model NAME=PATH:K [--model ...] [--dump DIR]
//!
//! One document per input line. For each model: predict the top K labels
//! (K < 1: all) of every line on one thread, print one JSON line with
//! docs/s, and with --dump write `DIR/NAME.txt` in the CLI's
//! `predict-prob` format for the parity check.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use curate_filters::classifier::{Classifier, LABEL_PREFIX};

fn main() {
    let mut input: Option<PathBuf> = None;
    let mut models: Vec<(String, PathBuf, i32)> = vec![];
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--input" => input = args.next().map(PathBuf::from),
            "--dump" => dump = args.next().map(PathBuf::from),
            "--model" => {
                let spec = args.next().expect("--model NAME=PATH:K");
                let (name, rest) = spec.split_once('=').expect("--model NAME=PATH:K");
                let (path, k) = rest.rsplit_once(':').expect("--model NAME=PATH:K");
                models.push((name.into(), path.into(), k.parse().expect("K")));
            }
            _ => panic!("unknown argument {a}"),
        }
    }
    let input = input.expect("--input FILE");
    let text = std::fs::read_to_string(&input).expect("read input");
    let lines: Vec<&str> = text.lines().collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    for (name, path, k) in &models {
        let t0 = Instant::now();
        let c = Classifier::load(path).unwrap_or_else(|e| panic!("{e}"));
        let load_s = t0.elapsed().as_secs_f64();
        let mut out = dump.as_ref().map(|d| {
            std::io::BufWriter::new(std::fs::File::create(d.join(format!("{name}.txt"))).unwrap())
        });
        let mut check = 0.0f64;
        let t0 = Instant::now();
        for l in &lines {
            let p = c.predict(l, *k).unwrap_or_else(|e| panic!("{e}"));
            check += p.first().map_or(0.0, |x| x.1 as f64);
            if let Some(o) = out.as_mut() {
                let s: Vec<String> = p
                    .iter()
                    .map(|(l, p)| format!("{LABEL_PREFIX}{l} {p}"))
                    .collect();
                writeln!(o, "{}", s.join(" ")).unwrap();
            }
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "{}",
            serde_json::json!({
                "tool": "curate",
                "model": name,
                "k": k,
                "docs": lines.len(),
                "bytes": bytes,
                "load_s": load_s,
                "seconds": secs,
                "docs_per_s": lines.len() as f64 / secs,
                "mb_per_s": bytes as f64 / 1e6 / secs,
                "checksum": check,
            })
        );
    }
}
