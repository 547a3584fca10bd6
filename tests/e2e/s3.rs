//! Object storage for real: an S3-compatible server on 127.0.0.1
//! (`scripts/s3_server.sh`: moto's S3, requests served one at a time so a
//! conditional PUT is atomic) holds the quickstart's inputs and its whole
//! output (shards, unit markers, manifests): the rows equal a local run's,
//! as one process and as three array tasks; two tasks racing for the same
//! units commit each once; an unreachable store, a missing bucket and rejected
//! credentials are clear errors.

use super::*;
use std::process::{Child, Command, Stdio};

pub(crate) struct S3 {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl S3 {
    /// Start a server of our own (own state dir, free port) with bucket `curate`.
    pub(crate) fn start() -> S3 {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(repo().join("scripts/s3_server.sh"))
            .arg("start")
            .env("CURATE_S3_DIR", dir.path())
            .env("CURATE_S3_BUCKETS", "curate")
            .output()
            .expect("scripts/s3_server.sh");
        assert!(
            out.status.success(),
            "the S3 server did not start:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let env = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("export "))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string()))
            .collect::<Vec<_>>();
        assert!(env.iter().any(|(k, _)| k == "AWS_ENDPOINT_URL"), "{env:?}");
        S3 { dir, env }
    }

    /// The client environment (endpoint, region, credentials).
    pub(crate) fn env(&self) -> &[(String, String)] {
        &self.env
    }

    pub(crate) fn curate(&self) -> Command {
        let mut c = curate();
        c.envs(self.env.iter().map(|(k, v)| (k, v)));
        c
    }

    /// boto3 in the server's venv, with the client environment.
    fn python(&self, code: &str, args: &[&str]) -> Output {
        let out = Command::new(venv().join("bin/python"))
            .arg("-c")
            .arg(format!(
                "import boto3, os, sys\nfrom botocore.config import Config\ns3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'], config=Config(s3={{'addressing_style': 'path'}}))\n{code}"
            ))
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "boto3: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub(crate) fn upload(&self, local: &Path, key: &str) {
        self.python(
            "s3.upload_file(sys.argv[1], 'curate', sys.argv[2])",
            &[local.to_str().unwrap(), key],
        );
    }

    /// Every object under `prefix`, downloaded into `to` (same relative paths).
    pub(crate) fn download(&self, prefix: &str, to: &Path) -> Vec<String> {
        let out = self.python(
            "p = sys.argv[1]\nkeys = []\nfor page in s3.get_paginator('list_objects_v2').paginate(Bucket='curate', Prefix=p):\n    for o in page.get('Contents', []):\n        k = o['Key']; keys.append(k)\n        dst = os.path.join(sys.argv[2], k[len(p):])\n        os.makedirs(os.path.dirname(dst), exist_ok=True)\n        s3.download_file('curate', k, dst)\nprint('\\n'.join(keys))",
            &[prefix, to.to_str().unwrap()],
        );
        stdout(&out).lines().map(str::to_string).collect()
    }
}

impl Drop for S3 {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("scripts/s3_server.sh"))
            .arg("stop")
            .env("CURATE_S3_DIR", self.dir.path())
            .output();
    }
}

const STAGES: [&str; 7] = ["raw", "notes", "scored", "good", "unique", "clean", "final"];

/// The quickstart with its inputs at `corpus` (a local dir or a URL).
fn quickstart(corpus: &str) -> String {
    let q = std::fs::read_to_string(repo().join("workflows/quickstart.yaml")).unwrap();
    q.replace("corpus/", &format!("{corpus}/"))
}

type Rows = Vec<(
    String,
    Vec<Option<String>>,
    Vec<Option<String>>,
    serde_json::Value,
)>;

/// Compare two runs stage by stage, naming the first difference.
fn assert_same(got: &Rows, want: &Rows, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: stages");
    for (g, w) in got.iter().zip(want) {
        let s = &w.0;
        assert_eq!(g.3, w.3, "{what}: stage `{s}`: counts differ");
        for (a, b, t) in [(&g.1, &w.1, "kept"), (&g.2, &w.2, "rejected")] {
            assert_eq!(
                a.len(),
                b.len(),
                "{what}: stage `{s}`: {t} row count differs"
            );
            if let Some(i) = (0..a.len()).find(|&i| a[i] != b[i]) {
                panic!(
                    "{what}: stage `{s}`: {t} row {i} differs:\n{:?}\n{:?}",
                    a[i], b[i]
                );
            }
        }
    }
}

/// Per stage: texts of the kept and rejected rows, in order, and the counts.
fn rows(out: &Path) -> Rows {
    STAGES
        .iter()
        .map(|s| {
            let d = out.join(s);
            let mut m = manifest(&d)["counts"].clone();
            // Input bytes differ (the same files, read from another store); rows may not.
            // Bytes differ too: `source` names the file where it was read.
            m.as_object_mut().unwrap().remove("bytes_in");
            m.as_object_mut().unwrap().remove("bytes_out");
            (
                s.to_string(),
                column(&d, "text"),
                column(&d.join("rejected"), "text"),
                m,
            )
        })
        .collect()
}

#[test]
fn quickstart_on_s3_equals_the_local_run() {
    let s3 = S3::start();
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repo().join("workflows/corpus");
    for f in [
        "stories.jsonl.gz",
        "web_and_wiki.jsonl.zst",
        "toxicity.jsonl.zst",
        "notes.txt",
    ] {
        s3.upload(&corpus.join(f), &format!("corpus/{f}"));
    }
    // Local reference (same workflow, local inputs).
    let local_wf = tmp.path().join("local.yaml");
    std::fs::write(&local_wf, quickstart(corpus.to_str().unwrap())).unwrap();
    let local = tmp.path().join("local");
    run_ok(curate().arg("run").arg(&local_wf).arg("-o").arg(&local));
    let reference = rows(&local);

    // Inputs and output in the object store.
    let wf = tmp.path().join("s3.yaml");
    std::fs::write(&wf, quickstart("s3://curate/corpus")).unwrap();
    let o = run_ok(
        s3.curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg("s3://curate/one"),
    );
    assert!(
        stdout(&o).contains("output in s3://curate/one"),
        "{}",
        stdout(&o)
    );
    let got = tmp.path().join("one");
    let keys = s3.download("one/", &got);
    assert!(
        keys.iter().any(|k| k == "one/final/manifest.json"),
        "{keys:?}"
    );
    assert!(
        keys.iter().any(|k| k.starts_with("one/unique/_units/")),
        "{keys:?}"
    );
    assert!(
        !keys
            .iter()
            .any(|k| k.ends_with(".tmp") || k.contains("/_work/")),
        "{keys:?}"
    );
    assert_same(&rows(&got), &reference, "S3 run vs local run");
    // A rerun finds everything committed in the store.
    let o = run_ok(
        s3.curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg("s3://curate/one"),
    );
    assert_eq!(
        stdout(&o).matches(" skipped ").count(),
        STAGES.len(),
        "{}",
        stdout(&o)
    );

    // Three array tasks per phase, on the store.
    let plan = run_ok(s3.curate().arg("plan").arg("--json").arg(&wf));
    let phases: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    for p in phases.as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let children: Vec<Child> = (0..3)
            .map(|i| {
                s3.curate()
                    .args(["run", "--phase", id, "--task-count", "3", "--task-index"])
                    .arg(i.to_string())
                    .arg("-o")
                    .arg("s3://curate/tasks")
                    .arg(&wf)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "{id}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    let tasks = tmp.path().join("tasks");
    s3.download("tasks/", &tasks);
    assert_same(&rows(&tasks), &reference, "3 tasks on S3 vs local run");
}

#[test]
fn racing_tasks_on_s3_commit_once_and_unreachable_store_is_an_error() {
    let s3 = S3::start();
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repo().join("workflows/corpus");
    let wf = tmp.path().join("wf.yaml");
    std::fs::write(&wf, quickstart(corpus.to_str().unwrap())).unwrap();
    // Two processes that both believe they are the only task reach every
    // commit of `scored` together: the conditional PUT lets one win.
    run_ok(
        s3.curate()
            .args(["run", "--phase", "raw"])
            .arg("-o")
            .arg("s3://curate/race")
            .arg(&wf),
    );
    run_ok(
        s3.curate()
            .args(["run", "--phase", "notes"])
            .arg("-o")
            .arg("s3://curate/race")
            .arg(&wf),
    );
    let children: Vec<Child> = (0..2)
        .map(|_| {
            s3.curate()
                .args(["run", "--phase", "scored"])
                .arg("-o")
                .arg("s3://curate/race")
                .arg(&wf)
                .env("CURATE_PAUSE", "scored:0:before-marker:8000")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut lost = 0;
    for c in children {
        let o = c.wait_with_output().unwrap();
        let e = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(o.status.success(), "{e}");
        lost += e.matches("committed by another task").count();
    }
    assert!(lost >= 1, "the two tasks never raced for a unit");
    let got = tmp.path().join("race");
    s3.download("race/", &got);
    let m = manifest(&got.join("scored"));
    let units = m["units"].as_u64().unwrap() as usize;
    let markers = std::fs::read_dir(got.join("scored/_units"))
        .unwrap()
        .count();
    assert_eq!(markers, units, "one marker per unit");
    let local = tmp.path().join("local");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&local));
    assert_eq!(
        column(&got.join("scored"), "text"),
        column(&local.join("scored"), "text")
    );

    // A store nobody answers for: a clear error naming the stage and the URL.
    let o = curate()
        .envs(s3.env.iter().map(|(k, v)| (k, v)))
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("CURATE_STORAGE_RETRY_S", "2")
        .arg("run")
        .arg(&wf)
        .arg("-o")
        .arg("s3://curate/nowhere")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("s3://curate/nowhere"), "{e}");
    // A missing bucket likewise.
    let o = s3
        .curate()
        .arg("run")
        .arg(&wf)
        .arg("-o")
        .arg("s3://no-such-bucket/x")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("s3://no-such-bucket/x"),
        "{}",
        stderr(&o)
    );

    // Credentials the store rejects: moto with authentication on
    // (INITIAL_NO_AUTH_ACTION_COUNT=0) knows no access key, so every request
    // is refused with 403 InvalidAccessKeyId.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut strict = Command::new(venv().join("bin/moto_server"))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .env("INITIAL_NO_AUTH_ACTION_COUNT", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server in the S3 venv");
    let t0 = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < std::time::Duration::from_secs(60),
            "moto_server did not listen"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let o = s3
        .curate()
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
        .env("CURATE_STORAGE_RETRY_S", "2")
        .arg("run")
        .arg(&wf)
        .arg("-o")
        .arg("s3://curate/denied")
        .output()
        .unwrap();
    let _ = strict.kill();
    let _ = strict.wait();
    let e = stderr(&o);
    assert!(!o.status.success(), "{e}");
    assert!(
        e.contains("s3://curate/denied") && e.contains("InvalidAccessKeyId"),
        "{e}"
    );
    let secret = s3
        .env
        .iter()
        .find(|(k, _)| k == "AWS_SECRET_ACCESS_KEY")
        .map(|(_, v)| v.clone())
        .unwrap();
    assert!(!e.contains(&secret) && !stdout(&o).contains(&secret));
}

/// The moto venv that `scripts/s3_server.sh install` made.
fn venv() -> PathBuf {
    std::env::var("CURATE_S3_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/curate/s3-moto-5.2.5")
        })
}

/// `evaluate` of a language model whose `train_model` output is in the
/// object store (its `model/` files are fetched, not opened as a local
/// directory, which failed): the local run's held-out tokens and bytes.
#[test]
fn language_model_evaluated_on_s3_like_the_local_run() {
    let s3 = S3::start();
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repo().join("workflows/corpus");
    for f in ["tinystories_val_prefix.txt.gz", "notes.txt"] {
        s3.upload(&corpus.join(f), &format!("corpus/{f}"));
    }
    let yaml = |at: &str| {
        format!(
            r#"
stages:
  stories: {{uses: ingest, inputs: [{at}/tinystories_val_prefix.txt.gz], text_mode: line}}
  heldout: {{uses: ingest, inputs: [{at}/notes.txt], text_mode: line}}
  tok: {{uses: train_tokenizer, inputs: [stories], vocab_size: 300}}
  tokens: {{uses: tokenize, inputs: [tok, stories], val_fraction: 0.1}}
  lm:
    uses: train_model
    inputs: [tokens]
    model: {{hidden_size: 32, layers: 1, heads: 2, context: 16}}
    steps: 5
    batch_size: 4
  eval: {{uses: evaluate, inputs: [heldout, lm], bootstrap: 20}}
"#
        )
    };
    let local_wf = tmp.path().join("local.yaml");
    std::fs::write(&local_wf, yaml(corpus.to_str().unwrap())).unwrap();
    let local = tmp.path().join("local");
    run_ok(curate().arg("run").arg(&local_wf).arg("-o").arg(&local));
    let wf = tmp.path().join("s3.yaml");
    std::fs::write(&wf, yaml("s3://curate/corpus")).unwrap();
    run_ok(
        s3.curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg("s3://curate/lm"),
    );
    let got = tmp.path().join("got");
    let keys = s3.download("lm/eval/", &got);
    assert!(keys.iter().any(|k| k == "lm/eval/eval.json"), "{keys:?}");
    let json = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    let (a, b) = (
        json(&local.join("eval/eval.json")),
        json(&got.join("eval.json")),
    );
    // The same held-out documents and tokenizer: the same tokens and bytes.
    // The models differ a little: a document's id hashes its source path
    // (`s3://...` here), and tokenize's train/validation split hashes the id.
    let (la, lb) = (&a["language_models"]["lm"], &b["language_models"]["lm"]);
    for k in ["tokens", "bytes", "documents"] {
        assert_eq!(la[k], lb[k], "{k}: local {la} vs S3 {lb}");
    }
    let (x, y) = (
        la["bits_per_byte"].as_f64().unwrap(),
        lb["bits_per_byte"].as_f64().unwrap(),
    );
    assert!(x > 1.0 && (x - y).abs() < 0.2, "local {la} vs S3 {lb}");
}
