//! Kill at every fault point, and at seeded random times, of
//! ingest -> heuristics -> filter -> dedup_minhash -> train_tokenizer ->
//! tokenize -> train_model; rerun; the output equals an uninterrupted run's.
//!
//! The points are not hard-coded: the reference run writes every point it
//! reaches (`CURATE_FAULT_TRACE`), and the test kills at each distinct
//! `stage:point#occurrence` for the first and the last unit that reaches it
//! (`CURATE_FAULT_EVERY=1`: at every unit). "Equal" is: the same files;
//! every Parquet table row for row, and byte for byte unless it holds a
//! measured throughput (`tokens_per_s` of the training log, compared without
//! it); token shards, `tokenizer.json`, model and checkpoint weights byte for
//! byte (CPU training is deterministic); manifests without their timings.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use arrow_cast::display::{ArrayFormatter, FormatOptions};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::*;

const WF: &str = r#"
name: faults
threads: 2
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl"}
  scored: {uses: heuristics, inputs: [raw]}
  good: {uses: filter, inputs: [scored], where: "word_count >= 20"}
  near: {uses: dedup_minhash, inputs: [good]}
  tok: {uses: train_tokenizer, inputs: [near], vocab_size: 300}
  tokens: {uses: tokenize, inputs: [tok, near], val_fraction: 0.1}
  gpt:
    uses: train_model
    inputs: [tokens]
    model: {hidden_size: 32, layers: 1, heads: 2, context: 32}
    steps: 30
    batch_size: 4
    eval_every: 10
    eval_batches: 2
"#;

/// Columns that measure the machine, not the data (training throughput, the
/// teacher's latency).
const MEASURED: &[&str] = &["tokens_per_s", "latency_ms"];

/// The workflow and four JSONL inputs from `workflows/corpus/stories.jsonl.gz`
/// (every ninth story planted again, one word changed, in the next file: the
/// near duplicates `dedup_minhash` removes).
fn setup(dir: &Path) -> PathBuf {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(repo().join("workflows/corpus/stories.jsonl.gz")).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let mut files = vec![String::new(); 4];
    for (i, line) in text.lines().enumerate() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let t = doc["text"].as_str().unwrap();
        files[i % 4].push_str(&serde_json::json!({ "text": t }).to_string());
        files[i % 4].push('\n');
        if i % 9 == 0 {
            let mut w: Vec<&str> = t.split_whitespace().collect();
            let mid = w.len() / 2;
            w[mid] = "zebra";
            files[(i + 1) % 4].push_str(&serde_json::json!({ "text": w.join(" ") }).to_string());
            files[(i + 1) % 4].push('\n');
        }
    }
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for (k, f) in files.iter().enumerate() {
        std::fs::write(dir.join(format!("in/part{k}.jsonl")), f).unwrap();
    }
    workflow(dir, WF)
}

fn run_cmd(wf: &Path, out: &Path) -> std::process::Command {
    let mut c = curate();
    c.arg("run").arg(wf).arg("-o").arg(out);
    c.env_remove("CURATE_FAULT")
        .env_remove("CURATE_FAULT_TRACE");
    c
}

/// What a comparison covered.
#[derive(Default)]
struct Compared {
    files: usize,
    tables: usize,
    rows: u64,
    bytes_equal: usize,
}

/// Every row of a Parquet file as text, without the measured columns.
fn rows_of(p: &Path) -> (Vec<String>, Vec<Vec<String>>, bool) {
    let r = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(p).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut names = vec![];
    let mut rows = vec![];
    let mut measured = false;
    for b in r {
        let b = b.unwrap();
        let keep: Vec<usize> = (0..b.num_columns())
            .filter(|&i| {
                let m = MEASURED.contains(&b.schema().field(i).name().as_str());
                measured |= m;
                !m
            })
            .collect();
        names = keep
            .iter()
            .map(|&i| b.schema().field(i).name().clone())
            .collect();
        let opts = FormatOptions::default().with_null("NULL");
        let fmts: Vec<ArrayFormatter> = keep
            .iter()
            .map(|&i| ArrayFormatter::try_new(b.column(i).as_ref(), &opts).unwrap())
            .collect();
        for r in 0..b.num_rows() {
            rows.push(fmts.iter().map(|f| f.value(r).to_string()).collect());
        }
    }
    (names, rows, measured)
}

/// Drop what measures time or this run's history from a JSON document.
fn scrub(v: &mut serde_json::Value, row_only: &BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for k in ["wall_seconds", "resumed_units", "notes"]
                .iter()
                .chain(MEASURED)
            {
                m.remove(*k);
            }
            if m.get("path")
                .and_then(|p| p.as_str())
                .is_some_and(|p| row_only.contains(p))
            {
                m.remove("bytes");
                m.remove("xxh3");
            }
            for x in m.values_mut() {
                scrub(x, row_only);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| scrub(x, row_only)),
        _ => {}
    }
}

/// The files a user or a later stage reads (bookkeeping that records this
/// run's own history is left out: unit markers, task records, hash caches,
/// the teacher journal (its lines in answer order), `run.json`'s
/// statuses, `run_facts.json`'s wall time and peak memory), relative to
/// `root`.
fn outputs(root: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, d: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if [
                "_units",
                "_journal",
                "_tasks.json",
                "_file_hashes.json",
                "run.json",
                "run_facts.json",
            ]
            .contains(&name.as_str())
            {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(rel);
            }
        }
    }
    let mut s = BTreeSet::new();
    walk(root, root, &mut s);
    s
}

/// Compare a rerun's output with the reference; panics naming the first
/// difference.
fn compare(reference: &Path, got: &Path, what: &str) -> Compared {
    let (a, b) = (outputs(reference), outputs(got));
    assert_eq!(a, b, "{what}: the set of output files differs");
    let mut c = Compared::default();
    // Parquet first: which files are compared by rows only.
    let mut row_only: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in a.iter().filter(|f| f.ends_with(".parquet")) {
        let (x, y) = (rows_of(&reference.join(f)), rows_of(&got.join(f)));
        assert_eq!(x.0, y.0, "{what}: {f}: columns differ");
        assert_eq!(x.1.len(), y.1.len(), "{what}: {f}: row count differs");
        for (i, (r, s)) in x.1.iter().zip(&y.1).enumerate() {
            assert_eq!(r, s, "{what}: {f}: row {i} differs");
        }
        c.tables += 1;
        c.rows += x.1.len() as u64;
        if x.2 {
            // The stage directory's manifest names it relative to itself.
            let (stage, rest) = f.split_once('/').unwrap();
            row_only
                .entry(stage.to_string())
                .or_default()
                .insert(rest.to_string());
        } else {
            assert!(
                std::fs::read(reference.join(f)).unwrap() == std::fs::read(got.join(f)).unwrap(),
                "{what}: {f}: same rows, different bytes"
            );
            c.bytes_equal += 1;
        }
        c.files += 1;
    }
    for f in a.iter().filter(|f| !f.ends_with(".parquet")) {
        let (x, y) = (
            std::fs::read(reference.join(f)).unwrap(),
            std::fs::read(got.join(f)).unwrap(),
        );
        if f.ends_with(".json") && (f.ends_with("manifest.json") || f.ends_with("state.json")) {
            let stage = f.split_once('/').map(|s| s.0).unwrap_or("");
            let empty = BTreeSet::new();
            let ro = row_only.get(stage).unwrap_or(&empty);
            let mut jx: serde_json::Value = serde_json::from_slice(&x).unwrap();
            let mut jy: serde_json::Value = serde_json::from_slice(&y).unwrap();
            scrub(&mut jx, ro);
            scrub(&mut jy, ro);
            assert_eq!(jx, jy, "{what}: {f} differs");
        } else {
            assert!(x == y, "{what}: {f}: bytes differ");
            c.bytes_equal += 1;
        }
        c.files += 1;
    }
    c
}

fn killed(o: &Output) -> bool {
    o.status.signal() == Some(9)
}

/// (stage, unit, point) of each trace line, in order.
fn trace(p: &Path) -> Vec<(String, usize, String)> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| {
            let mut it = l.splitn(3, ':');
            let (s, u, p) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
            (s.to_string(), u.parse().unwrap(), p.to_string())
        })
        .collect()
}

/// Where to kill: each `stage:point#occurrence` the trace shows, at its first
/// and last unit (`every`: at each unit); and how many distinct
/// `stage:unit:point` the trace holds.
fn kill_plan(reached: &[(String, usize, String)], every: bool) -> (Vec<String>, usize) {
    // The occurrence of each (stage, unit, point): a multi-phase stage
    // passes a unit's points once per phase.
    let mut seen: BTreeMap<(String, usize, String), usize> = BTreeMap::new();
    // (stage, point, occurrence) -> units that reach it
    let mut by_point: BTreeMap<(String, String, usize), BTreeSet<usize>> = BTreeMap::new();
    for (s, u, p) in reached {
        let k = seen.entry((s.clone(), *u, p.clone())).or_default();
        *k += 1;
        by_point
            .entry((s.clone(), p.clone(), *k))
            .or_default()
            .insert(*u);
    }
    let mut kills: Vec<String> = vec![];
    for ((s, p, k), units) in &by_point {
        let chosen: BTreeSet<usize> = if every {
            units.clone()
        } else {
            [units.first(), units.last()]
                .into_iter()
                .flatten()
                .copied()
                .collect()
        };
        for u in chosen {
            kills.push(format!("{s}:{u}:{p}#{k}"));
        }
    }
    (kills, seen.len())
}

/// Kill a run of `wf` at each of `kills`, rerun it, compare with `reference`.
fn kill_each(wf: &Path, reference: &Path, kills: &[String], scratch: &Path) -> Compared {
    let mut total = Compared::default();
    let t0 = Instant::now();
    for (i, k) in kills.iter().enumerate() {
        let out = scratch.join("k");
        let o = run_cmd(wf, &out).env("CURATE_FAULT", k).output().unwrap();
        let at = format!(
            "CURATE_FAULT: killing the process at {}",
            k.split('#').next().unwrap()
        );
        assert!(
            killed(&o) && stderr(&o).contains(&at),
            "{k}: the run was not killed there ({:?}): {}",
            o.status,
            stderr(&o)
        );
        let r = run_ok(&mut run_cmd(wf, &out));
        assert!(!stderr(&r).contains("panicked"), "{k}: {}", stderr(&r));
        let c = compare(reference, &out, k);
        total.files += c.files;
        total.tables += c.tables;
        total.rows += c.rows;
        total.bytes_equal += c.bytes_equal;
        if i % 10 == 0 {
            eprintln!(
                "faults: {}/{} kills done ({:.0}s)",
                i + 1,
                kills.len(),
                t0.elapsed().as_secs_f64()
            );
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
    total
}

#[test]
fn kill_at_every_fault_point_then_rerun_equals_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let wf = setup(tmp.path());
    let reference = tmp.path().join("reference");
    let tfile = tmp.path().join("trace.txt");
    run_ok(run_cmd(&wf, &reference).env("CURATE_FAULT_TRACE", &tfile));
    let reached = trace(&tfile);
    let every = std::env::var("CURATE_FAULT_EVERY").is_ok_and(|v| v == "1");
    let (kills, distinct) = kill_plan(&reached, every);
    let names: BTreeSet<&str> = reached.iter().map(|r| r.2.as_str()).collect();
    let stages: BTreeSet<&str> = reached.iter().map(|r| r.0.as_str()).collect();
    for want in [
        "after-shards",
        "before-marker",
        "after-marker",
        "before-manifest",
        "after-manifest",
        "ckpt-weights-tmp",
        "ckpt-after-weights",
        "ckpt-after-state",
    ] {
        assert!(names.contains(want), "no `{want}` point reached: {names:?}");
    }
    assert_eq!(stages.len(), 7, "{stages:?}");
    eprintln!(
        "faults: the reference run reached {} points ({} distinct stage:unit:point, {} point names over {} stages); killing at {} of them{}",
        reached.len(),
        distinct,
        names.len(),
        stages.len(),
        kills.len(),
        if every { " (every unit)" } else { " (first and last unit of each stage:point#occurrence)" }
    );

    let t0 = Instant::now();
    let total = kill_each(&wf, &reference, &kills, tmp.path());
    eprintln!(
        "faults: {} kill points, each rerun equal to the reference: {} files compared ({} byte for byte), {} Parquet tables, {} rows compared, {:.0}s",
        kills.len(),
        total.files,
        total.bytes_equal,
        total.tables,
        total.rows,
        t0.elapsed().as_secs_f64()
    );
}

#[test]
fn seeded_random_sigkills_then_rerun_equals_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let wf = setup(tmp.path());
    let reference = tmp.path().join("reference");
    let t = Instant::now();
    run_ok(&mut run_cmd(&wf, &reference));
    let span = t.elapsed().as_millis() as usize;
    let mut rng = Lcg(20240917);
    let (mut landed, mut total) = (0, Compared::default());
    let mut where_: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..20 {
        let delay = Duration::from_millis(rng.below(span.max(1)) as u64);
        let out = tmp.path().join(format!("r{i}"));
        let mut child = run_cmd(&wf, &out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            landed += 1;
        }
        child.wait().unwrap();
        // How far it got: stages with a manifest.
        let done = ["raw", "scored", "good", "near", "tok", "tokens", "gpt"]
            .iter()
            .filter(|s| out.join(s).join("manifest.json").exists())
            .count();
        *where_.entry(done).or_default() += 1;
        let r = run_ok(&mut run_cmd(&wf, &out));
        assert!(!stderr(&r).contains("panicked"), "{}", stderr(&r));
        let c = compare(&reference, &out, &format!("kill {i} after {delay:?}"));
        total.files += c.files;
        total.rows += c.rows;
        total.tables += c.tables;
        std::fs::remove_dir_all(&out).unwrap();
    }
    eprintln!(
        "faults: 20 SIGKILLs at seeded times in 0..{span} ms (the reference run's wall time): {landed} landed mid-run; stages committed at the kill -> kills: {where_:?}; {} files, {} tables, {} rows compared, all equal",
        total.files, total.tables, total.rows
    );
    assert!(landed >= 15, "only {landed} of 20 kills landed mid-run");
}

/// The whole answers in a stage's teacher journal (key -> text); a torn
/// last line is not an answer. Panics if a key was answered twice.
fn journal(stage: &Path) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(stage.join("_journal")) else {
        return m;
    };
    for e in rd {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for l in text.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let k = v["key"].as_str().unwrap().to_string();
            let t = v["text"].as_str().unwrap().to_string();
            assert!(m.insert(k.clone(), t).is_none(), "{k} answered twice");
        }
    }
    m
}

/// (prompt_index, doc_id, text) of every row `generate` wrote, kept and rejected.
fn stories(stage: &Path) -> Vec<(u64, String, String)> {
    let mut v = vec![];
    for d in [stage.to_path_buf(), stage.join("rejected")] {
        let ids = column(&d, "doc_id");
        let texts = column(&d, "text");
        let idx = crate::u64_column(&d, "prompt_index");
        for ((i, id), t) in idx.into_iter().zip(ids).zip(texts) {
            v.push((i, id.unwrap(), t.unwrap()));
        }
    }
    v.sort();
    v
}

/// `generate` against the real teacher (llama.cpp's server with
/// SmolLM2-135M-Instruct, as in `teacher.rs`): kill at each journal point
/// (a torn half line, a line written but not fsynced, fsynced but not yet
/// used) of the first and the last unit, rerun. The server does not answer
/// a repeated request byte for byte the same (its prompt cache changes the
/// numerics), so an answer asked again after a kill may differ from the
/// uninterrupted run's; what must hold, and is checked: the same prompts
/// (prompt_index, doc_id) as the uninterrupted run, each once; every answer
/// journaled before the kill is reused, not asked again (no key answered
/// twice) and is the text in the output; every output row's text is its
/// journal answer.
#[test]
fn teacher_journal_kill_at_every_point_then_rerun_keeps_every_answer() {
    let (_server, port) = super::teacher::start_teacher();
    let tmp = tempfile::tempdir().unwrap();
    let wf = workflow(
        tmp.path(),
        &format!(
            r#"
name: gen
threads: 2
stages:
  stories:
    uses: generate
    inputs: []
    n: 4
    seed: 3
    max_tokens: 24
    prompts_per_unit: 2
    validation_retries: 0
    checks: {{min_words: 5}}
    teacher:
      base_url: http://127.0.0.1:{port}/v1
      model: SmolLM2-135M-Instruct
      max_concurrency: 1
      timeout_s: 120
      max_retries: 3
"#
        ),
    );
    let reference = tmp.path().join("reference");
    let tfile = tmp.path().join("trace.txt");
    run_ok(run_cmd(&wf, &reference).env("CURATE_FAULT_TRACE", &tfile));
    let reached = trace(&tfile);
    let names: BTreeSet<&str> = reached.iter().map(|r| r.2.as_str()).collect();
    for want in ["journal-torn", "journal-after-write", "journal-after-sync"] {
        assert!(names.contains(want), "no `{want}` point reached: {names:?}");
    }
    let want: Vec<(u64, String)> = stories(&reference.join("stories"))
        .into_iter()
        .map(|r| (r.0, r.1))
        .collect();
    assert_eq!(want.len(), 4);
    let (kills, distinct) = kill_plan(&reached, false);
    let kills: Vec<String> = kills
        .into_iter()
        .filter(|k| k.contains(":journal-") && k.ends_with("#1"))
        .collect();
    let t0 = Instant::now();
    let (mut reused, mut rows) = (0, 0);
    for k in &kills {
        let out = tmp.path().join("k");
        let o = run_cmd(&wf, &out).env("CURATE_FAULT", k).output().unwrap();
        assert!(killed(&o), "{k}: not killed: {}", stderr(&o));
        let before = journal(&out.join("stories"));
        run_ok(&mut run_cmd(&wf, &out));
        let after = journal(&out.join("stories"));
        let got = stories(&out.join("stories"));
        assert_eq!(
            got.iter().map(|r| (r.0, r.1.clone())).collect::<Vec<_>>(),
            want,
            "{k}: prompts differ"
        );
        for (_, id, text) in &got {
            assert_eq!(
                after.get(id),
                Some(text),
                "{k}: {id}: output is not its journal answer"
            );
        }
        for (key, text) in &before {
            assert_eq!(
                after.get(key),
                Some(text),
                "{k}: {key}: journaled answer not reused"
            );
        }
        reused += before.len();
        rows += got.len();
        std::fs::remove_dir_all(&out).unwrap();
    }
    eprintln!(
        "faults (teacher): the reference run reached {} points ({distinct} distinct); {} journal kill points, each rerun with the same prompts, {reused} answers journaled before a kill reused, {rows} rows checked against the journal, {:.0}s",
        reached.len(),
        kills.len(),
        t0.elapsed().as_secs_f64()
    );
    assert!(kills.len() >= 6, "{kills:?}");
}
