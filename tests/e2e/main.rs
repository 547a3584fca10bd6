//! End-to-end tests: run the `curate` binary as a user would, on real files.

mod ablation;
mod bad_input;
mod ballista;
mod classify;
mod faults;
mod malformed;
mod minhash;
mod pii;
mod quality;
mod quickstart;
mod reliability;
mod report;
mod resume;
mod s3;
mod scale;
mod slurm;
mod teacher;
mod train;
mod validate;
mod web;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use arrow_array::{Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

pub fn curate() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_curate"));
    c.env("CURATE_PROGRESS", "plain");
    c
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("spawn curate");
    assert!(
        out.status.success(),
        "curate failed ({:?}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// All Parquet files directly in `dir`, sorted by name.
pub fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

pub fn read_batches(dir: &Path) -> Vec<RecordBatch> {
    let mut out = vec![];
    for f in parquet_files(dir) {
        let r = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&f).unwrap())
            .unwrap()
            .build()
            .unwrap();
        for b in r {
            out.push(b.unwrap());
        }
    }
    out
}

/// Values of a string column over every shard in `dir`, in order.
pub fn column(dir: &Path, name: &str) -> Vec<Option<String>> {
    let mut out = vec![];
    for b in read_batches(dir) {
        let c = b
            .column_by_name(name)
            .unwrap_or_else(|| panic!("no column {name}"));
        let s = c.as_any().downcast_ref::<StringArray>().unwrap();
        for i in 0..s.len() {
            out.push((!s.is_null(i)).then(|| s.value(i).to_string()));
        }
    }
    out
}

/// Values of a UInt64 column over every shard in `dir`, in order.
pub fn u64_column(dir: &Path, name: &str) -> Vec<u64> {
    read_batches(dir)
        .iter()
        .flat_map(|b| {
            let c = b
                .column_by_name(name)
                .unwrap_or_else(|| panic!("no column {name}"));
            c.as_any()
                .downcast_ref::<arrow_array::UInt64Array>()
                .unwrap_or_else(|| panic!("column {name} is not UInt64"))
                .values()
                .to_vec()
        })
        .collect()
}

pub fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

pub fn count_by(values: &[Option<String>]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for v in values.iter().flatten() {
        *m.entry(v.clone()).or_default() += 1;
    }
    m
}

/// Write a workflow file into `dir` and return its path.
pub fn workflow(dir: &Path, yaml: &str) -> PathBuf {
    let p = dir.join("wf.yaml");
    std::fs::write(&p, yaml).unwrap();
    p
}

/// The shared data beside the checkout (`../shared/data`), or `CURATE_SHARED_DATA`.
pub fn shared_data() -> PathBuf {
    let p = std::env::var_os("CURATE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/data"));
    assert!(
        p.join("langid").is_dir(),
        "{}: no shared data (set CURATE_SHARED_DATA)",
        p.display()
    );
    p
}

/// Real English sentences to build corpora from (TinyStories, in-repo).
pub fn sentences() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("workflows/corpus/notes.txt")).unwrap();
    text.split(['.', '!', '?'])
        .map(|s| s.trim())
        .filter(|s| s.split_whitespace().count() >= 4)
        .map(|s| format!("{s}."))
        .collect()
}

/// A deterministic pseudo-random generator (no extra crates).
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A JSONL document made of `n` random sentences.
pub fn doc(rng: &mut Lcg, sents: &[String], n: usize) -> String {
    let mut words = vec![];
    for _ in 0..n {
        words.push(sents[rng.below(sents.len())].clone());
    }
    serde_json::json!({ "text": words.join(" ") }).to_string()
}
