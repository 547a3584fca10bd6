//! `--engine ballista`: a real cluster of our own binary (`curate
//! scheduler` and two `curate executor`s on 127.0.0.1, free ports) runs the
//! query-shaped stages; the output equals the local run's, row for row.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use arrow_cast::display::{ArrayFormatter, FormatOptions};

use super::*;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_port(port: u16, what: &str, child: &mut Child) {
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(s)) = child.try_wait() {
            panic!("{what} exited early: {s}");
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "{what} did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A scheduler and executors, killed when dropped.
pub struct Cluster {
    pub scheduler: String,
    pub procs: Vec<Child>,
    pub logs: PathBuf,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for c in &mut self.procs {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// How one executor of a test cluster is started.
#[derive(Debug, Clone, Default)]
pub struct Executor {
    /// A stock Ballista executor (`curate executor --stock`: Ballista's
    /// default function registry, none of curate's functions).
    pub stock: bool,
    /// Extra environment (e.g. `CURATE_PAUSE_FN` for this executor only).
    pub env: Vec<(String, String)>,
}

impl Cluster {
    /// `executors` executors of one task slot each, heartbeats every
    /// second, dead after `timeout_s` without one.
    pub fn start(dir: &Path, executors: usize, timeout_s: u64) -> Cluster {
        Cluster::start_with(dir, &vec![Executor::default(); executors], timeout_s)
    }

    /// [`Cluster::start`] with each executor as given.
    pub fn start_with(dir: &Path, executors: &[Executor], timeout_s: u64) -> Cluster {
        Cluster::start_env(dir, executors, timeout_s, &[])
    }

    /// [`Cluster::start_with`], the scheduler with extra environment (the
    /// object store's credentials: it lists files when it plans).
    pub fn start_env(
        dir: &Path,
        executors: &[Executor],
        timeout_s: u64,
        scheduler_env: &[(String, String)],
    ) -> Cluster {
        let logs = dir.join("cluster-logs");
        std::fs::create_dir_all(&logs).unwrap();
        let sp = free_port();
        let log = |name: &str| Stdio::from(std::fs::File::create(logs.join(name)).unwrap());
        let mut procs = vec![];
        let mut s = curate()
            .args(["scheduler", "--bind", &format!("127.0.0.1:{sp}")])
            .args(["--executor-timeout", &timeout_s.to_string()])
            .envs(scheduler_env.iter().map(|(k, v)| (k, v)))
            .stdout(log("scheduler.out"))
            .stderr(log("scheduler.err"))
            .spawn()
            .unwrap();
        wait_port(sp, "curate scheduler", &mut s);
        procs.push(s);
        for (i, spec) in executors.iter().enumerate() {
            let (fp, gp) = (free_port(), free_port());
            std::fs::create_dir_all(dir.join(format!("work{i}"))).unwrap();
            let mut cmd = curate();
            if spec.stock {
                cmd.arg("executor").arg("--stock");
            } else {
                cmd.arg("executor");
            }
            cmd.envs(spec.env.iter().map(|(k, v)| (k, v)));
            let mut e = cmd
                .args(["--scheduler", &format!("127.0.0.1:{sp}")])
                .args(["--bind", &format!("127.0.0.1:{fp}")])
                .args(["--grpc-port", &gp.to_string()])
                .args(["--concurrent-tasks", "1", "--heartbeat", "1"])
                .arg("--work-dir")
                .arg(dir.join(format!("work{i}")))
                .stdout(log(&format!("executor{i}.out")))
                .stderr(log(&format!("executor{i}.err")))
                .spawn()
                .unwrap();
            wait_port(fp, "curate executor", &mut e);
            wait_port(gp, "curate executor", &mut e);
            procs.push(e);
        }
        Cluster {
            scheduler: format!("df://127.0.0.1:{sp}"),
            procs,
            logs,
        }
    }

    pub fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.logs.join(name)).unwrap_or_default()
    }
}

/// Every row of every Parquet file in `dir` (in file order) as text, with
/// the column names and types.
pub fn rows_as_text(dir: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut cols = vec![];
    let mut rows = vec![];
    for b in read_batches(dir) {
        cols = b
            .schema()
            .fields()
            .iter()
            .map(|f| format!("{}: {}", f.name(), f.data_type()))
            .collect();
        let opts = FormatOptions::default().with_null("NULL");
        let fmts: Vec<ArrayFormatter> = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts).unwrap())
            .collect();
        for r in 0..b.num_rows() {
            rows.push(fmts.iter().map(|f| f.value(r).to_string()).collect());
        }
    }
    (cols, rows)
}

/// The stage outputs (and rejected rows) of two runs are equal row for row.
pub fn assert_same_rows(a: &Path, b: &Path, stages: &[&str]) {
    for s in stages {
        for sub in ["", "rejected"] {
            let (da, db) = (a.join(s).join(sub), b.join(s).join(sub));
            let (ca, ra) = rows_as_text(&da);
            let (cb, rb) = rows_as_text(&db);
            assert_eq!(ca, cb, "{s}/{sub}: columns differ");
            assert_eq!(ra.len(), rb.len(), "{s}/{sub}: row counts differ");
            for (i, (x, y)) in ra.iter().zip(&rb).enumerate() {
                assert_eq!(x, y, "{s}/{sub}: row {i} differs");
            }
            if sub.is_empty() {
                assert!(!ra.is_empty(), "{s}: no rows");
            }
        }
    }
}

fn run_quickstart(out: &Path, engine: Option<&str>) -> Output {
    let mut c = curate();
    c.arg("run")
        .arg(repo().join("workflows/quickstart.yaml"))
        .arg("--output")
        .arg(out);
    if let Some(s) = engine {
        c.args(["--engine", "ballista", "--scheduler", s]);
    }
    c.output().unwrap()
}

/// A Parquet file's key-value metadata, and its writer as `created_by`.
pub fn footer_metadata(f: &Path) -> BTreeMap<String, String> {
    let r =
        parquet::file::reader::SerializedFileReader::new(std::fs::File::open(f).unwrap()).unwrap();
    use parquet::file::reader::FileReader;
    let m = r.metadata().file_metadata();
    let mut kv: BTreeMap<String, String> = m
        .key_value_metadata()
        .into_iter()
        .flatten()
        .map(|k| (k.key.clone(), k.value.clone().unwrap_or_default()))
        .collect();
    kv.insert("created_by".into(), m.created_by().unwrap_or("").into());
    kv
}

#[test]
fn ballista_quickstart_equals_local_row_for_row() {
    let tmp = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(tmp.path(), 2, 30);
    let (local, remote) = (tmp.path().join("local"), tmp.path().join("ballista"));
    let o = run_quickstart(&local, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_quickstart(&remote, Some(&cluster.scheduler));
    assert!(
        o.status.success(),
        "{}\nscheduler:\n{}",
        stderr(&o),
        cluster.log("scheduler.out")
    );
    assert_same_rows(
        &local,
        &remote,
        &["raw", "notes", "scored", "good", "unique", "clean", "final"],
    );
    // The cluster did the work: one job per unit of scored, good, clean.
    let units: u64 = ["scored", "good", "clean"]
        .iter()
        .map(|s| {
            manifest(&remote.join(s))["shards"]
                .as_array()
                .map(|a| a.len() as u64)
                .unwrap_or(0)
        })
        .sum();
    assert!(units > 0);
    // `final` (write) concatenates clean's shards, more than one, into one
    // shard of one unit: the executor read them in order (the rows equal).
    let clean_shards = manifest(&remote.join("clean"))["shards"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    assert!(clean_shards > 1, "clean has {clean_shards} shards");
    let m = manifest(&remote.join("final"));
    assert_eq!(m["units"], 1, "{m}");
    assert_eq!(m["shards"].as_array().map(Vec::len), Some(1), "{m}");
    // The executors wrote the shards of scored, good (and its rejected/),
    // clean and final (DataFusion's Parquet sink, with our key-value metadata);
    // the local run wrote them here (parquet-rs's writer).
    for (run, by) in [(&remote, "datafusion"), (&local, "parquet-rs")] {
        for (stage, table) in [
            ("scored", "documents"),
            ("good", "documents"),
            ("good/rejected", "rejected"),
            ("unique", "documents"),
            ("unique/rejected", "rejected"),
            ("clean", "documents"),
            ("final", "documents"),
        ] {
            let files = parquet_files(&run.join(stage));
            assert!(!files.is_empty(), "{stage}: no shard");
            for f in files {
                let kv = footer_metadata(&f);
                assert!(
                    kv["created_by"].starts_with(by),
                    "{}: written by {}, not {by}",
                    f.display(),
                    kv["created_by"]
                );
                let want = [
                    ("curate.table", table),
                    ("curate.stage", stage.split('/').next().unwrap()),
                    ("curate.schema_version", curate_schemas::SCHEMA_VERSION),
                ];
                for (k, v) in want {
                    assert_eq!(
                        kv.get(k).map(String::as_str),
                        Some(v),
                        "{}: {kv:?}",
                        f.display()
                    );
                }
            }
        }
    }
    let sched = cluster.log("scheduler.out") + &cluster.log("scheduler.err");
    let jobs = sched.matches("Job ").count() + sched.matches("job ").count();
    assert!(jobs > 0, "the scheduler ran no job:\n{sched}");

    // A rerun on the cluster recomputes nothing.
    let o = run_quickstart(&remote, Some(&cluster.scheduler));
    assert!(o.status.success(), "{}", stderr(&o));

    // Two clients as array tasks (the way a large run spreads the writing
    // of results over nodes): each sends its units' queries to the same
    // cluster and writes them; together they give the local output.
    let split = tmp.path().join("ballista-2-tasks");
    let clients: Vec<_> = (0..2)
        .map(|i| {
            curate()
                .arg("run")
                .arg(repo().join("workflows/quickstart.yaml"))
                .arg("--output")
                .arg(&split)
                .args(["--engine", "ballista", "--scheduler", &cluster.scheduler])
                .args(["--task-index", &i.to_string(), "--task-count", "2"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in clients {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_same_rows(
        &local,
        &split,
        &["raw", "notes", "scored", "good", "unique", "clean", "final"],
    );

    // validate says which stage runs where.
    let o = run_ok(
        curate()
            .arg("validate")
            .arg(repo().join("workflows/quickstart.yaml"))
            .args(["--engine", "ballista", "--scheduler", &cluster.scheduler]),
    );
    let v = stdout(&o);
    assert!(
        v.contains("scored (heuristics): on the Ballista scheduler at")
            && v.contains("executors write its shard"),
        "{v}"
    );
    assert!(v.contains("raw (ingest): here"), "{v}");
    assert!(
        v.contains("unique (dedup_exact): on the Ballista scheduler"),
        "{v}"
    );
}

#[test]
fn ballista_unreachable_scheduler_names_the_stage_and_commits_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let port = free_port();
    let o = run_quickstart(&out, Some(&format!("df://127.0.0.1:{port}")));
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("stage `scored`"), "{e}");
    assert!(
        e.contains(&format!("Ballista scheduler at df://127.0.0.1:{port}")),
        "{e}"
    );
    assert!(e.contains("not reachable"), "{e}");
    // Nothing of the stage is committed: no manifest, no unit marker.
    let scored = out.join("scored");
    assert!(!scored.join("manifest.json").exists());
    let units = std::fs::read_dir(scored.join("_units"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(units, 0);
    assert!(parquet_files(&scored).is_empty());
}

fn manifest_units(dir: &Path) -> usize {
    manifest(dir)["shards"].as_array().map_or(0, |a| a.len())
}

const KILL_WF: &str = r#"
name: kill
threads: 2
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl"}
  scored: {uses: heuristics, inputs: [raw]}
  good: {uses: filter, inputs: [scored], where: "word_count >= 20"}
  near: {uses: dedup_minhash, inputs: [good]}
"#;

/// Wait until `marker` exists (a `CURATE_PAUSE_FN` executor wrote it: its
/// task is in the paused function) or `child` exits (then: false).
fn wait_marker(marker: &Path, child: &mut Child) -> bool {
    let t = Instant::now();
    while !marker.exists() {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(
            t.elapsed() < Duration::from_secs(180),
            "no task reached the paused function ({})",
            marker.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// A spawned run whose stdout and stderr are read while it runs (a run that
/// logs more than a pipe holds would otherwise stall on its next line).
struct Drained {
    child: Child,
    out: std::thread::JoinHandle<Vec<u8>>,
    err: std::thread::JoinHandle<Vec<u8>>,
}

impl Drained {
    fn spawn(c: &mut Command) -> Drained {
        use std::io::Read;
        let mut child = c
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut o = child.stdout.take().unwrap();
        let mut e = child.stderr.take().unwrap();
        Drained {
            child,
            out: std::thread::spawn(move || {
                let mut b = vec![];
                o.read_to_end(&mut b).unwrap();
                b
            }),
            err: std::thread::spawn(move || {
                let mut b = vec![];
                e.read_to_end(&mut b).unwrap();
                b
            }),
        }
    }

    fn output(mut self) -> Output {
        let status = self.child.wait().unwrap();
        Output {
            status,
            stdout: self.out.join().unwrap(),
            stderr: self.err.join().unwrap(),
        }
    }
}

/// Kill one of two executors while it runs a task of `scored`: the run
/// either completes (Ballista retries the task elsewhere) or fails naming
/// the stage, and then a rerun completes; either way the output equals the
/// local run's, row for row (no lost or doubled rows). The victim is made
/// to hold a task: `CURATE_PAUSE_FN` (its environment only) pauses its
/// `curate_heuristics` calls and writes a marker, and the kill comes after
/// the marker. `near` (dedup_minhash, its signature query on the cluster)
/// equals the local run's too.
#[test]
fn ballista_executor_killed_mid_stage_gives_the_local_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let sents = sentences();
    let mut rng = Lcg(7);
    for f in 0..24 {
        let docs: Vec<String> = (0..300).map(|_| doc(&mut rng, &sents, 25)).collect();
        std::fs::write(dir.join(format!("in/{f:02}.jsonl")), docs.join("\n")).unwrap();
    }
    let wf = workflow(dir, KILL_WF);
    let local = dir.join("local");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&local));

    let marker = dir.join("victim-has-a-task");
    let victim = Executor {
        env: vec![(
            "CURATE_PAUSE_FN".into(),
            format!("curate_heuristics:600000:{}", marker.display()),
        )],
        ..Default::default()
    };
    let mut cluster = Cluster::start_with(dir, &[Executor::default(), victim], 3);
    let remote = dir.join("remote");
    let run = || {
        let mut c = curate();
        c.arg("run")
            .arg(&wf)
            .arg("-o")
            .arg(&remote)
            .args(["--engine", "ballista", "--scheduler", &cluster.scheduler])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    };
    let mut run1 = Drained::spawn(&mut run());
    // Wait until the victim (executor 1) is in a task of `scored`, then kill it.
    let held = wait_marker(&marker, &mut run1.child);
    assert!(
        held,
        "the run ended before the victim got a task: {}",
        stderr(&run1.output())
    );
    let units = remote.join("scored/_units");
    let committed_at_kill = std::fs::read_dir(&units).map(|d| d.count()).unwrap_or(0);
    let mut victim = cluster.procs.remove(2);
    victim.kill().unwrap();
    victim.wait().unwrap();
    // The run must end (retry or failure), not hang.
    let t = Instant::now();
    while run1.child.try_wait().unwrap().is_none() {
        if t.elapsed() > Duration::from_secs(300) {
            run1.child.kill().unwrap();
            panic!("the run hung after an executor was killed");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let o = run1.output();
    let sched = cluster.log("scheduler.out") + &cluster.log("scheduler.err");
    let lost: Vec<&str> = sched
        .lines()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains("lost") || l.contains("fail") || l.contains("dead") || l.contains("expire")
        })
        .collect();
    eprintln!(
        "killed an executor in a task of scored after {committed_at_kill} of {} unit(s) were committed; first run: {}; scheduler:\n{}",
        manifest_units(&local.join("scored")),
        o.status,
        lost.join("\n")
    );
    assert!(
        committed_at_kill < manifest_units(&local.join("scored")),
        "scored was complete before the kill"
    );
    if !o.status.success() {
        let e = stderr(&o);
        assert!(
            e.contains("stage `scored`") || e.contains("stage `good`"),
            "{e}"
        );
        let o = run().output().unwrap();
        assert!(o.status.success(), "rerun: {}", stderr(&o));
    }
    assert_same_rows(&local, &remote, &["raw", "scored", "good", "near"]);
    // `near`'s signature query ran on the cluster.
    let o = run_ok(curate().arg("validate").arg(&wf).args([
        "--engine",
        "ballista",
        "--scheduler",
        &cluster.scheduler,
    ]));
    assert!(
        stdout(&o).contains("near (dedup_minhash): on the Ballista scheduler"),
        "{}",
        stdout(&o)
    );
}

/// Nothing of `stage` is committed: no manifest, no unit marker, no shard.
fn assert_nothing_committed(stage: &Path) {
    assert!(!stage.join("manifest.json").exists());
    let units = std::fs::read_dir(stage.join("_units"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(units, 0, "{}: units committed", stage.display());
    let files = parquet_files(stage);
    assert!(files.is_empty(), "{files:?}");
}

/// A stock Ballista executor (Ballista's default function registry, none
/// of curate's functions): the first query-shaped stage fails with an error
/// that names the stage and the function, and commits nothing.
#[test]
fn ballista_stock_executor_names_the_stage_and_commits_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let stock = Executor {
        stock: true,
        ..Default::default()
    };
    let cluster = Cluster::start_with(tmp.path(), &[stock], 30);
    let out = tmp.path().join("out");
    let o = run_quickstart(&out, Some(&cluster.scheduler));
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("stage `scored`"), "{e}");
    assert!(e.contains("curate_heuristics"), "{e}");
    assert_nothing_committed(&out.join("scored"));
    // The stage before it (ingest, here) is committed and reused by a rerun.
    assert!(out.join("raw/manifest.json").exists());
}

const MODEL_WF: &str = r#"
name: model
threads: 2
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl"}
  lang: {uses: langid, inputs: [raw], model: m.bin}
"#;

/// A model the executor cannot use: the run passes the model as its path
/// plus the content hash the client computed; the executor (paused in its
/// first `curate_langid` call while the test changes the file) finds
/// another file at that path, then no file at all. Each time `lang` fails
/// with an error naming the stage and what is wrong, and commits nothing;
/// with the model back, a rerun equals the local run.
#[test]
fn ballista_model_an_executor_cannot_open_names_the_stage_and_commits_nothing() {
    use curate_filters::classifier::{train, train_line, TrainConfig};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let model = |name: &str, seed: &str| {
        let mut s = String::new();
        for i in 0..40 {
            s += &train_line("en", &format!("the cat sat on the mat {seed} {i}"));
            s += &train_line("fr", &format!("le chat est sur le tapis {seed} {i}"));
        }
        std::fs::write(dir.join("t.txt"), s).unwrap();
        train(&dir.join("t.txt"), &dir.join(name), &TrainConfig::default()).unwrap();
    };
    model("m.bin", "a");
    model("other.bin", "b");
    let good = std::fs::read(dir.join("m.bin")).unwrap();
    assert_ne!(good, std::fs::read(dir.join("other.bin")).unwrap());
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let sents = sentences();
    let mut rng = Lcg(3);
    for f in 0..2 {
        let docs: Vec<String> = (0..50).map(|_| doc(&mut rng, &sents, 5)).collect();
        std::fs::write(dir.join(format!("in/{f}.jsonl")), docs.join("\n")).unwrap();
    }
    let wf = workflow(dir, MODEL_WF);
    let local = dir.join("local");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&local));

    let marker = dir.join("in-curate_langid");
    let paused = Executor {
        env: vec![(
            "CURATE_PAUSE_FN".into(),
            format!("curate_langid:1500:{}", marker.display()),
        )],
        ..Default::default()
    };
    let cluster = Cluster::start_with(dir, &[paused], 30);
    let remote = dir.join("remote");
    let spawn = || {
        curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg(&remote)
            .args(["--engine", "ballista", "--scheduler", &cluster.scheduler])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let cases: [(&str, &dyn Fn()); 2] = [
        ("is not the one the run was started with", &|| {
            std::fs::copy(dir.join("other.bin"), dir.join("m.bin")).unwrap();
        }),
        ("cannot open the model file", &|| {
            std::fs::remove_file(dir.join("m.bin")).unwrap();
        }),
    ];
    for (want, change) in cases {
        std::fs::write(dir.join("m.bin"), &good).unwrap();
        let _ = std::fs::remove_file(&marker);
        let mut child = spawn();
        assert!(wait_marker(&marker, &mut child), "the run ended early");
        // The client has hashed the model; the executor is about to open it.
        change();
        let o = child.wait_with_output().unwrap();
        assert!(!o.status.success(), "{want}: the run succeeded");
        let e = stderr(&o);
        assert!(e.contains("stage `lang`"), "{e}");
        assert!(e.contains(want), "{e}");
        assert!(e.contains("m.bin"), "{e}");
        assert_nothing_committed(&remote.join("lang"));
    }
    std::fs::write(dir.join("m.bin"), &good).unwrap();
    let o = spawn().wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_rows(&local, &remote, &["raw", "lang"]);
}

/// The score workflow (langid, bias and filter on the cluster, with model
/// files as literal path arguments): the cluster's stages equal the local
/// run's row for row. The stages that train or ingest are taken from the
/// local run (fastText training is not part of the comparison), so the
/// cluster run recomputes exactly the query-shaped stages and what follows.
#[test]
fn ballista_score_workflow_equals_local_row_for_row() {
    super::classify::lid_model();
    let tmp = tempfile::tempdir().unwrap();
    let wf = repo().join("workflows/score.yaml");
    let local = tmp.path().join("local");
    run_ok(curate().arg("run").arg(&wf).arg("--output").arg(&local));
    let remote = tmp.path().join("ballista");
    let cp = std::process::Command::new("cp")
        .arg("-r")
        .arg(&local)
        .arg(&remote)
        .status()
        .unwrap();
    assert!(cp.success());
    let cluster_stages = ["lang", "scored", "english", "final"];
    for s in cluster_stages {
        std::fs::remove_dir_all(remote.join(s)).unwrap();
    }
    let cluster = Cluster::start(tmp.path(), 2, 30);
    let o = run_ok(
        curate()
            .arg("run")
            .arg(&wf)
            .arg("--output")
            .arg(&remote)
            .args(["--engine", "ballista", "--scheduler", &cluster.scheduler]),
    );
    let summary = stdout(&o);
    for s in ["raw", "unique", "labelled", "toxicity_model"] {
        assert!(
            summary
                .lines()
                .any(|l| l.starts_with(s) && l.contains("skipped")),
            "{s} should be reused:\n{summary}"
        );
    }
    assert_same_rows(&local, &remote, &cluster_stages);
    // `bias` (scored): the executors wrote its shards and computed each
    // unit's identity audit (an aggregate); the merged audit equals the
    // local run's.
    for f in parquet_files(&remote.join("scored")) {
        let by = &footer_metadata(&f)["created_by"];
        assert!(
            by.starts_with("datafusion"),
            "{}: written by {by}",
            f.display()
        );
    }
    let audit = |d: &Path| std::fs::read_to_string(d.join("scored/bias_audit.json")).unwrap();
    let (a, b) = (audit(&local), audit(&remote));
    assert!(a.contains("\"docs\""), "{a}");
    assert_eq!(a, b, "bias_audit.json differs");
}

/// Unit markers committed for `phase` of a global stage (under
/// `STAGE/_work/<fingerprint>/PHASE/_units`).
fn phase_units(stage: &Path, phase: &str) -> usize {
    let Ok(fps) = std::fs::read_dir(stage.join("_work")) else {
        return 0;
    };
    fps.map(|fp| {
        std::fs::read_dir(fp.unwrap().path().join(phase).join("_units"))
            .map(|d| d.count())
            .unwrap_or(0)
    })
    .sum()
}

const PHASES_WF: &str = r#"
name: phases
threads: 2
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl"}
  near: {uses: dedup_minhash, inputs: [raw], keep: datatrove}
  exact: {uses: dedup_exact, inputs: [raw]}
"#;

/// The Parquet files of one phase's work subdirectory
/// (`<stage>/_work/<fingerprint>/<phase>/<sub>/`).
fn phase_files(stage: &Path, phase: &str, sub: &str) -> Vec<std::path::PathBuf> {
    let Ok(fps) = std::fs::read_dir(stage.join("_work")) else {
        return vec![];
    };
    fps.flat_map(|fp| parquet_files(&fp.unwrap().path().join(phase).join(sub)))
        .collect()
}

/// Each of `files` was written by DataFusion's sink (an executor), not by
/// this process's writer (parquet-rs).
fn assert_written_by_executors(files: &[std::path::PathBuf]) {
    assert!(!files.is_empty(), "no file");
    for f in files {
        let by = &footer_metadata(f)["created_by"];
        assert!(
            by.starts_with("datafusion"),
            "{}: written by {by}",
            f.display()
        );
    }
}

/// `dedup_minhash`'s bucket query (phase 2) and, with `keep: datatrove`, its
/// candidate-pair sort (phase 3) run on the cluster, and so does
/// `dedup_exact`'s group query: each phase, run alone against a scheduler
/// that is not there, fails naming the stage and the scheduler and commits
/// no unit; against the cluster it completes, the executors write the
/// bucket and group queries' work files, and the stages' rows and removed
/// sets equal the local run's.
#[test]
fn ballista_minhash_bucket_and_pair_sorts_run_on_the_cluster() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let sents = sentences();
    let mut rng = Lcg(11);
    for f in 0..6 {
        let mut docs: Vec<String> = (0..200).map(|_| doc(&mut rng, &sents, 25)).collect();
        // Planted copies: one in ten documents again.
        let copies: Vec<String> = docs.iter().step_by(10).cloned().collect();
        docs.extend(copies);
        std::fs::write(dir.join(format!("in/{f:02}.jsonl")), docs.join("\n")).unwrap();
    }
    let wf = workflow(dir, PHASES_WF);
    let local = dir.join("local");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&local));
    let removed = manifest(&local.join("near"))["counts"]["drops"]["near_duplicate"]
        .as_u64()
        .unwrap_or(0);
    assert!(removed >= 6 * 20, "only {removed} near duplicates removed");

    let cluster = Cluster::start(dir, 2, 30);
    let dead = format!("df://127.0.0.1:{}", free_port());
    let remote = dir.join("remote");
    let phase = |p: &str, scheduler: &str| {
        curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg(&remote)
            .args([
                "--phase",
                p,
                "--engine",
                "ballista",
                "--scheduler",
                scheduler,
            ])
            .output()
            .unwrap()
    };
    run_ok(
        curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg(&remote)
            .args(["--phase", "raw"]),
    );
    // A phase that runs a query: against a scheduler that is not there it
    // fails naming the stage and the scheduler and commits no unit; against
    // the cluster it completes.
    let on_cluster_only = |stage: &str, p: &str| {
        let o = phase(&format!("{stage}:{p}"), &dead);
        assert!(!o.status.success(), "{stage}:{p} ran without the cluster");
        let e = stderr(&o);
        assert!(e.contains(&format!("stage `{stage}`")), "{e}");
        assert!(e.contains(&format!("Ballista scheduler at {dead}")), "{e}");
        assert_eq!(
            phase_units(&remote.join(stage), p),
            0,
            "{stage}:{p} committed a unit"
        );
        let o = phase(&format!("{stage}:{p}"), &cluster.scheduler);
        assert!(o.status.success(), "{stage}:{p}: {}", stderr(&o));
    };
    let near = remote.join("near");
    on_cluster_only("near", "signatures");
    for (p, before) in [("buckets", "signatures"), ("cluster", "buckets")] {
        assert!(phase_units(&near, before) > 0, "{before} committed nothing");
        on_cluster_only("near", p);
    }
    // The shared buckets' rows (pairs/) never passed through the client.
    assert_written_by_executors(&phase_files(&near, "buckets", "pairs"));
    // dedup_exact: the hash and group queries run on the cluster, whose
    // executors write each shard's sorted hashes (hashes/) and each hash
    // range's later copies (dups/).
    let exact = remote.join("exact");
    on_cluster_only("exact", "hash");
    assert_written_by_executors(&phase_files(&exact, "hash", "hashes"));
    on_cluster_only("exact", "group");
    assert_written_by_executors(&phase_files(&exact, "group", "dups"));
    // The filter phase (each shard's rows, the removed ones to rejected/)
    // is a query too: without the cluster it fails and commits nothing.
    let o = phase("near:filter", &dead);
    assert!(
        !o.status.success(),
        "the filter phase ran without the cluster"
    );
    let e = stderr(&o);
    assert!(e.contains("stage `near`"), "{e}");
    assert!(e.contains(&format!("Ballista scheduler at {dead}")), "{e}");
    assert_nothing_committed(&near);
    let o = curate()
        .arg("run")
        .arg(&wf)
        .arg("-o")
        .arg(&remote)
        .args(["--engine", "ballista", "--scheduler", &cluster.scheduler])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_rows(&local, &remote, &["raw", "near", "exact"]);
    assert_eq!(
        manifest(&near)["counts"]["drops"]["near_duplicate"].as_u64(),
        Some(removed)
    );
    let copies = manifest(&local.join("exact"))["counts"]["drops"]["exact_duplicate"].as_u64();
    assert!(copies >= Some(6 * 20), "{copies:?} exact copies removed");
    assert_eq!(
        manifest(&exact)["counts"]["drops"]["exact_duplicate"].as_u64(),
        copies
    );
    // The executors wrote the kept and the rejected shards; the
    // duplicates/ side table (ids, cluster, kept id) equals the local one.
    for sub in ["", "rejected"] {
        assert_written_by_executors(&parquet_files(&near.join(sub)));
    }
    let (ca, ra) = rows_as_text(&local.join("near/duplicates"));
    let (cb, rb) = rows_as_text(&near.join("duplicates"));
    assert_eq!(ca, cb);
    assert_eq!(ra.len() as u64, removed);
    assert_eq!(ra, rb, "near/duplicates differ");
}

/// A model on object storage (`model: s3://...`, a real S3-compatible
/// server on 127.0.0.1): the client hashes the object and passes its URL
/// with the hash; each process that runs `curate_langid` fetches it with
/// its own credentials. In this process and on a cluster the rows equal
/// those of the run given the same model as a local path; an executor that
/// cannot reach the store fails the stage, naming it and the URL, and
/// nothing of it is committed.
#[test]
fn ballista_model_on_object_storage_equals_the_local_path_run() {
    use curate_filters::classifier::{train, train_line, TrainConfig};
    let s3 = super::s3::S3::start();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut s = String::new();
    for i in 0..40 {
        s += &train_line("en", &format!("the cat sat on the mat {i}"));
        s += &train_line("fr", &format!("le chat est sur le tapis {i}"));
    }
    std::fs::write(dir.join("t.txt"), s).unwrap();
    train(
        &dir.join("t.txt"),
        &dir.join("m.bin"),
        &TrainConfig::default(),
    )
    .unwrap();
    s3.upload(&dir.join("m.bin"), "models/m.bin");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let sents = sentences();
    let mut rng = Lcg(5);
    for f in 0..2 {
        let docs: Vec<String> = (0..50).map(|_| doc(&mut rng, &sents, 5)).collect();
        std::fs::write(dir.join(format!("in/{f}.jsonl")), docs.join("\n")).unwrap();
    }
    let local = dir.join("local");
    run_ok(
        curate()
            .arg("run")
            .arg(workflow(dir, MODEL_WF))
            .arg("-o")
            .arg(&local),
    );
    let wf = workflow(
        dir,
        &MODEL_WF.replace("model: m.bin", "model: s3://curate/models/m.bin"),
    );
    // In this process.
    let here = dir.join("here");
    run_ok(s3.curate().arg("run").arg(&wf).arg("-o").arg(&here));
    assert_same_rows(&local, &here, &["raw", "lang"]);

    // On a cluster whose executors fetch the model into their own scratch.
    let scratch = dir.join("executor-scratch");
    let mut env = s3.env().to_vec();
    env.push(("CURATE_SCRATCH".into(), scratch.to_string_lossy().into()));
    let exec = Executor {
        env,
        ..Default::default()
    };
    let cluster = Cluster::start_env(dir, &[exec.clone(), exec], 30, s3.env());
    let remote = dir.join("remote");
    let run = |out: &Path, scheduler: &str| {
        s3.curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg(out)
            .args(["--engine", "ballista", "--scheduler", scheduler])
            .output()
            .unwrap()
    };
    let o = run(&remote, &cluster.scheduler);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same_rows(&local, &remote, &["raw", "lang"]);
    let fetched = std::fs::read_dir(scratch.join("models"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert!(fetched > 0, "no executor fetched the model");
    // The output on the object store too: the executors write `lang`'s
    // shards there with their own credentials.
    let o = run(Path::new("s3://curate/ballista-out"), &cluster.scheduler);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = dir.join("from-s3");
    let keys = s3.download("ballista-out/", &got);
    assert!(
        keys.iter()
            .any(|k| k.starts_with("ballista-out/lang/part-")),
        "{keys:?}"
    );
    assert_same_rows(&local, &got, &["raw", "lang"]);
    for f in parquet_files(&got.join("lang")) {
        let kv = footer_metadata(&f);
        assert!(kv["created_by"].starts_with("datafusion"), "{kv:?}");
    }
    drop(cluster);

    // An executor that cannot reach the store.
    let mut env = s3.env().to_vec();
    env.retain(|(k, _)| k != "AWS_ENDPOINT_URL");
    env.push((
        "AWS_ENDPOINT_URL".into(),
        format!("http://127.0.0.1:{}", free_port()),
    ));
    env.push(("CURATE_STORAGE_RETRY_S".into(), "2".into()));
    env.push((
        "CURATE_SCRATCH".into(),
        dir.join("cut-off-scratch").to_string_lossy().into(),
    ));
    let cluster = Cluster::start_with(
        dir,
        &[Executor {
            env,
            ..Default::default()
        }],
        30,
    );
    let cut = dir.join("cut-off");
    let o = run(&cut, &cluster.scheduler);
    assert!(!o.status.success(), "the run succeeded without the model");
    let e = stderr(&o);
    assert!(e.contains("stage `lang`"), "{e}");
    assert!(
        e.contains("cannot open the model s3://curate/models/m.bin here"),
        "{e}"
    );
    assert_nothing_committed(&cut.join("lang"));
}

/// The web workflow (WARC ingest here; HTML extraction, langid, heuristics
/// and filter on the cluster, whose executors write their shards): every
/// stage equals the local run's row for row, with the same counts. (This
/// fixture rejects no page; the quickstart test covers executor-written
/// `rejected/` shards.)
#[test]
fn ballista_web_workflow_equals_local_row_for_row() {
    super::classify::lid_model();
    let tmp = tempfile::tempdir().unwrap();
    let wf = repo().join("workflows/web.yaml");
    let local = tmp.path().join("local");
    run_ok(curate().arg("run").arg(&wf).arg("--output").arg(&local));
    let cluster = Cluster::start(tmp.path(), 2, 30);
    let remote = tmp.path().join("ballista");
    run_ok(
        curate()
            .arg("run")
            .arg(&wf)
            .arg("--output")
            .arg(&remote)
            .args(["--engine", "ballista", "--scheduler", &cluster.scheduler]),
    );
    let stages = ["raw", "pages", "lang", "scored", "good", "unique", "final"];
    assert_same_rows(&local, &remote, &stages);
    for stage in ["pages", "lang", "scored", "good"] {
        let files = parquet_files(&remote.join(stage));
        assert!(!files.is_empty(), "{stage}: no shard");
        for f in files {
            let kv = footer_metadata(&f);
            assert!(
                kv["created_by"].starts_with("datafusion"),
                "{}: {kv:?}",
                f.display()
            );
        }
    }
    // Same drop counts per reason as the local run.
    for s in ["pages", "good"] {
        assert_eq!(
            manifest(&local.join(s))["counts"],
            manifest(&remote.join(s))["counts"],
            "{s}"
        );
    }
}
