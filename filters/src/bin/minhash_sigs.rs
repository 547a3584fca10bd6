//! Prints MinHash signatures for the parity check against datatrove
//! (`scripts/bench/minhash_parity.py`).
//!
//!   minhash_sigs [--scheme datatrove|fast] < docs.jsonl > sigs.txt
//!
//! One JSON object with a "text" field per input line; one output line per
//! document: the number of distinct shingles, then the 112 signature values
//! (nothing after the count when the document has no shingles).

use std::io::{BufRead, BufWriter, Write};

use curate_filters::minhash::{MinHashConfig, MinHasher, Scheme};

fn main() {
    let mut cfg = MinHashConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next().as_deref()) {
            ("--scheme", Some("fast")) => cfg.scheme = Scheme::Fast,
            ("--scheme", Some("datatrove")) => cfg.scheme = Scheme::Datatrove,
            _ => {
                eprintln!("usage: minhash_sigs [--scheme datatrove|fast] < docs.jsonl");
                std::process::exit(2);
            }
        }
    }
    let h = MinHasher::new(cfg);
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line.expect("read stdin");
        let v: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("line {}: not JSON: {e}", i + 1));
        let text = v["text"].as_str().unwrap_or_default();
        let sh = h.shingles(text);
        write!(out, "{}", sh.len()).unwrap();
        if let Some(sig) = h.signature_of(&sh) {
            for x in sig {
                write!(out, " {x}").unwrap();
            }
        }
        writeln!(out).unwrap();
    }
}
