//! `curate report` rendered in a real headless Chromium (Debian's `chromium`,
//! installed by scripts/test.sh), driven over the DevTools protocol on
//! `--remote-debugging-pipe` (fds 3 and 4, NUL-separated JSON): the page
//! must load without console errors or network requests, every number it
//! ties to a manifest must equal the manifest, and every chart must draw
//! something. Also: `curate stats --json` against the manifests, and a
//! report on an output with a missing and corrupt stages.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use arrow_array::Array;
use serde_json::{json, Value};

use super::*;

/// Where Chromium is: `CURATE_CHROMIUM`, else `chromium` (Debian) or
/// `chromium-browser` on the PATH. Panics when there is none.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CURATE_CHROMIUM") {
        return PathBuf::from(p);
    }
    for name in ["chromium", "chromium-browser"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "Chromium is missing: the report test needs a real browser. scripts/test.sh installs \
         Debian's `chromium` (apt-get install --no-install-recommends chromium), or set CURATE_CHROMIUM"
    );
}

/// A headless Chromium driven over the DevTools pipe.
struct Browser {
    child: Child,
    to: std::io::PipeWriter,
    from: mpsc::Receiver<Value>,
    next_id: u64,
    /// Events received while waiting for answers (and not yet taken).
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn launch() -> Browser {
        let bin = chromium();
        let profile = tempfile::tempdir().unwrap();
        // Chromium reads commands on fd 3 and writes answers and events on fd 4.
        let (their_in, to) = std::io::pipe().unwrap();
        let (from_r, their_out) = std::io::pipe().unwrap();
        let (a, b) = (their_in.as_raw_fd(), their_out.as_raw_fd());
        let mut cmd = Command::new(&bin);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--remote-debugging-pipe",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(profile.path().join("stderr.log")).unwrap());
        // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                // Copy above 10 first so neither dup2 overwrites the other's source.
                let a2 = libc::fcntl(a, libc::F_DUPFD_CLOEXEC, 10);
                let b2 = libc::fcntl(b, libc::F_DUPFD_CLOEXEC, 10);
                if a2 < 0 || b2 < 0 || libc::dup2(a2, 3) < 0 || libc::dup2(b2, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
        drop(their_in);
        drop(their_out);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(from_r);
            loop {
                let mut buf = vec![];
                match r.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        buf.pop();
                        if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                            if tx.send(v).is_err() {
                                break;
                            }
                        }
                    }
                }
            }
        });
        Browser {
            child,
            to,
            from: rx,
            next_id: 1,
            events: vec![],
            _profile: profile,
        }
    }

    fn stderr_log(&self) -> String {
        std::fs::read_to_string(self._profile.path().join("stderr.log")).unwrap_or_default()
    }

    fn recv(&mut self, deadline: Instant, what: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.from.recv_timeout(left) {
            Ok(v) => v,
            Err(e) => panic!(
                "Chromium: no {what} ({e}); its stderr:\n{}",
                self.stderr_log()
            ),
        }
    }

    /// Send a command (to a page session when `session` is set); its result.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let v = self.recv(deadline, &format!("answer to {method}"));
            if v.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(e) = v.get("error") {
                    panic!("Chromium: {method} failed: {e}");
                }
                return v["result"].clone();
            }
            self.events.push(v);
        }
    }

    fn wait_event(&mut self, method: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
                return self.events.remove(i);
            }
            let v = self.recv(deadline, &format!("event {method}"));
            self.events.push(v);
        }
    }
}

/// What the browser saw of one page.
struct Rendered {
    /// The result of [`PROBE`].
    probe: Value,
    /// Console errors, uncaught exceptions, error log entries.
    errors: Vec<String>,
    /// Every URL the page requested.
    requests: Vec<String>,
    png: Vec<u8>,
}

/// Runs in the page: numbers tied to manifests, charts and their marks,
/// stages marked with problems, threshold lines.
const PROBE: &str = r#"(() => {
  const m = {};
  for (const e of document.querySelectorAll('[data-m]')) {
    (m[e.dataset.m] = m[e.dataset.m] || []).push(e.textContent.trim());
  }
  const charts = [...document.querySelectorAll('svg.chart')].map(s => {
    const marks = [...s.querySelectorAll('.mark')];
    const sized = marks.filter(x => {
      const b = x.getBBox();
      return x.tagName === 'rect' ? (b.width > 0 && b.height > 0) : (b.width > 0 || b.height > 0);
    }).length;
    const r = s.getBoundingClientRect();
    return {title: (s.querySelector('title') || {}).textContent || '', marks: marks.length, sized,
            width: r.width, height: r.height};
  });
  const problems = {};
  for (const e of document.querySelectorAll('[data-problem-stage]')) problems[e.dataset.problemStage] = e.textContent;
  const thresholds = [...document.querySelectorAll('svg line.threshold title')].map(t => t.textContent);
  const ev = {};
  for (const e of document.querySelectorAll('[data-eval]')) ev[e.dataset.eval] = e.textContent.trim();
  return {m, charts, problems, thresholds, eval: ev, title: document.title,
          height: document.documentElement.scrollHeight,
          scripts: document.scripts.length,
          text: document.body.innerText};
})()"#;

fn b64decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= val(*c) << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// Load `page` in a fresh headless Chromium, probe it and take a screenshot
/// of its top (1280 px wide, at half scale).
fn render(page: &Path) -> Rendered {
    let mut b = Browser::launch();
    let target = b.call(None, "Target.createTarget", json!({"url": "about:blank"}));
    let tid = target["targetId"].as_str().unwrap().to_string();
    let att = b.call(
        None,
        "Target.attachToTarget",
        json!({"targetId": tid, "flatten": true}),
    );
    let sid = att["sessionId"].as_str().unwrap().to_string();
    let s = Some(sid.as_str());
    for m in [
        "Page.enable",
        "Runtime.enable",
        "Log.enable",
        "Network.enable",
    ] {
        b.call(s, m, json!({}));
    }
    b.call(
        s,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": false}),
    );
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let nav = b.call(s, "Page.navigate", json!({"url": url}));
    assert!(nav.get("errorText").is_none(), "navigating to {url}: {nav}");
    b.wait_event("Page.loadEventFired", Duration::from_secs(60));
    let probe = b.call(
        s,
        "Runtime.evaluate",
        json!({"expression": PROBE, "returnByValue": true}),
    );
    assert!(
        probe.get("exceptionDetails").is_none(),
        "probe failed: {probe}"
    );
    let probe = probe["result"]["value"].clone();
    let height = probe["height"].as_f64().unwrap_or(1000.0).min(1800.0);
    let shot = b.call(
        s,
        "Page.captureScreenshot",
        json!({"format": "png", "captureBeyondViewport": true,
               "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 0.5}}),
    );
    let png = b64decode(shot["data"].as_str().unwrap());
    // Let late console messages arrive, then read every event.
    std::thread::sleep(Duration::from_millis(300));
    while let Ok(v) = b.from.try_recv() {
        b.events.push(v);
    }
    let mut errors = vec![];
    let mut requests = vec![];
    for e in &b.events {
        let p = &e["params"];
        match e["method"].as_str().unwrap_or("") {
            "Runtime.consoleAPICalled"
                if ["error", "assert"].contains(&p["type"].as_str().unwrap_or("")) =>
            {
                errors.push(format!("console.{}: {}", p["type"], p["args"]))
            }
            "Runtime.exceptionThrown" => {
                errors.push(format!("exception: {}", p["exceptionDetails"]))
            }
            "Log.entryAdded" if p["entry"]["level"] == "error" => {
                errors.push(format!("log: {} {}", p["entry"]["text"], p["entry"]["url"]))
            }
            "Network.requestWillBeSent" => {
                requests.push(p["request"]["url"].as_str().unwrap_or("").to_string())
            }
            "Network.loadingFailed" => errors.push(format!("loading failed: {p}")),
            _ => {}
        }
    }
    let _ = b.call(None, "Browser.close", json!({}));
    Rendered {
        probe,
        errors,
        requests,
        png,
    }
}

/// Save a screenshot under the target dir (and, for the README's two, into
/// docs/ with `CURATE_UPDATE_SCREENSHOTS=1`); returns where.
fn keep_screenshot(name: &str, png: &[u8]) -> PathBuf {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("report-{name}.png"));
    std::fs::write(&p, png).unwrap();
    // The README shows these two.
    let readme = ["quickstart", "score"].contains(&name);
    if readme && std::env::var_os("CURATE_UPDATE_SCREENSHOTS").is_some() {
        std::fs::create_dir_all(repo().join("docs")).unwrap();
        std::fs::write(repo().join(format!("docs/report-{name}.png")), png).unwrap();
    }
    p
}

fn manifests(out: &Path) -> BTreeMap<String, Value> {
    let run: Value = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    run["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap().to_string();
            (name.clone(), manifest(&out.join(&name)))
        })
        .collect()
}

/// The manifest number a page's `data-m` key names.
fn expected(ms: &BTreeMap<String, Value>, key: &str) -> u64 {
    let (stage, what) = key.split_once('/').unwrap();
    let m = ms
        .get(stage)
        .unwrap_or_else(|| panic!("page names unknown stage {stage}"));
    let c = &m["counts"];
    match what {
        "rows_in" | "rows_out" => c[what].as_u64().unwrap(),
        "dropped" => c["drops"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum(),
        "shards" => m["shards"].as_array().unwrap().len() as u64,
        w => {
            let reason = w
                .strip_prefix("drops/")
                .unwrap_or_else(|| panic!("unknown key {key}"));
            c["drops"][reason]
                .as_u64()
                .unwrap_or_else(|| panic!("{stage}: no drop reason {reason}"))
        }
    }
}

fn number(s: &str) -> u64 {
    s.replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {s:?}"))
}

/// Render `out`'s report and check it against the manifests; returns the
/// probe.
fn check_page(out: &Path, name: &str, min_charts: usize) -> Value {
    let page = out.join("report.html");
    let bytes = std::fs::metadata(&page).unwrap().len();
    assert!(
        bytes < 1_000_000,
        "{}: {bytes} bytes: too big for a ticket",
        page.display()
    );
    let r = render(&page);
    assert!(
        r.errors.is_empty(),
        "{name}: the page logged errors: {:#?}",
        r.errors
    );
    let page_url = format!("file://{}", page.canonicalize().unwrap().display());
    assert!(
        r.requests.iter().all(|u| u == &page_url),
        "{name}: the page fetched more than itself: {:?}",
        r.requests
    );
    let p = &r.probe;
    assert_eq!(p["scripts"], 0, "no script in the page");
    let ms = manifests(out);
    // Every number tied to a manifest equals it; every stage shows its counts
    // and every drop reason is there.
    let m = p["m"].as_object().unwrap();
    let mut checked = 0;
    for (key, shown) in m {
        let want = expected(&ms, key);
        for s in shown.as_array().unwrap() {
            assert_eq!(
                number(s.as_str().unwrap()),
                want,
                "{name}: page shows {s} for {key}"
            );
            checked += 1;
        }
    }
    for (stage, man) in &ms {
        for k in ["rows_in", "rows_out", "dropped", "shards"] {
            assert!(
                m.contains_key(&format!("{stage}/{k}")),
                "{name}: no {stage}/{k} on the page"
            );
        }
        for reason in man["counts"]["drops"].as_object().unwrap().keys() {
            assert!(
                m.contains_key(&format!("{stage}/drops/{reason}")),
                "{name}: drop reason {reason} of {stage} not on the page"
            );
        }
    }
    // Every chart draws marks with a size.
    let charts = p["charts"].as_array().unwrap();
    assert!(
        charts.len() >= min_charts,
        "{name}: only {} charts",
        charts.len()
    );
    for c in charts {
        assert!(
            c["sized"].as_u64().unwrap() > 0 && c["width"].as_f64().unwrap() > 0.0,
            "{name}: empty chart {c}"
        );
    }
    let shot = keep_screenshot(name, &r.png);
    assert!(
        r.png.len() > 20_000,
        "{}: {} bytes: a blank page?",
        shot.display(),
        r.png.len()
    );
    eprintln!(
        "{name}: {} numbers equal the manifests, {} charts, page {bytes} bytes, screenshot {} ({} bytes)",
        checked,
        charts.len(),
        shot.display(),
        r.png.len()
    );
    r.probe
}

fn stats_json(out: &Path) -> Value {
    let o = run_ok(curate().arg("stats").arg("--json").arg(out));
    serde_json::from_slice(&o.stdout).expect("stats --json prints JSON")
}

/// `stats --json` against the manifests: counts, drops, walls.
fn check_stats_json(out: &Path, j: &Value) {
    let ms = manifests(out);
    let stages = j["stages"].as_array().unwrap();
    assert_eq!(stages.len(), ms.len());
    for s in stages {
        let name = s["name"].as_str().unwrap();
        let m = &ms[name];
        assert_eq!(s["problem"], Value::Null, "{name}: {}", s["problem"]);
        let c = &s["counts"];
        for k in ["rows_in", "rows_out", "bytes_in", "bytes_out"] {
            assert_eq!(c[k], m["counts"][k], "{name} {k}");
        }
        assert_eq!(c["drops"], m["counts"]["drops"], "{name} drops");
        assert_eq!(s["wall_seconds"], m["wall_seconds"], "{name} wall");
        assert_eq!(
            s["shards"].as_u64().unwrap() as usize,
            m["shards"].as_array().unwrap().len()
        );
    }
    assert!(j["run"]["workflow_xxh3"].as_str().unwrap().len() == 32);
    assert!(j["run"]["peak_rss_bytes"].as_u64().unwrap() > 1_000_000);
}

fn stage<'a>(j: &'a Value, name: &str) -> &'a Value {
    j["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no stage {name}"))
}

fn dist<'a>(s: &'a Value, column: &str) -> &'a Value {
    s["distributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["column"] == column)
        .unwrap_or_else(|| panic!("{}: no distribution of {column}", s["name"]))
}

/// Every value of a numeric column over a stage's shards (read with the
/// parquet crate, independently of the report's DataFusion queries).
fn numbers(dir: &Path, name: &str) -> Vec<f64> {
    let mut out = vec![];
    for b in read_batches(dir) {
        use arrow_array::{Float32Array, Float64Array, UInt32Array, UInt64Array, UInt8Array};
        let c = b.column_by_name(name).unwrap();
        let a = c.as_any();
        let v: Vec<Option<f64>> = if let Some(x) = a.downcast_ref::<Float32Array>() {
            x.iter().map(|x| x.map(f64::from)).collect()
        } else if let Some(x) = a.downcast_ref::<Float64Array>() {
            x.iter().collect()
        } else if let Some(x) = a.downcast_ref::<UInt32Array>() {
            x.iter().map(|x| x.map(f64::from)).collect()
        } else if let Some(x) = a.downcast_ref::<UInt8Array>() {
            x.iter().map(|x| x.map(f64::from)).collect()
        } else if let Some(x) = a.downcast_ref::<UInt64Array>() {
            x.iter().map(|x| x.map(|v| v as f64)).collect()
        } else {
            panic!("{name}: {:?}", c.data_type())
        };
        out.extend(v.into_iter().flatten());
    }
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out
}

/// A histogram's counts add up to the column's values, its min/max equal
/// the data's, and its median is within a bin of the exact one.
fn check_numeric(d: &Value, values: &[f64]) {
    let n = d["numeric"].as_object().unwrap();
    let h = &n["histogram"];
    let total: u64 = h["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .sum::<u64>()
        + h["overflow"].as_u64().unwrap();
    assert_eq!(
        total as usize,
        values.len(),
        "{}: histogram total",
        d["column"]
    );
    assert_eq!(d["count"].as_u64().unwrap() as usize, values.len());
    assert_eq!(n["min"].as_f64().unwrap(), values[0]);
    assert_eq!(n["max"].as_f64().unwrap(), *values.last().unwrap());
    let median = values[values.len() / 2];
    let (lo, hi) = (values[0], *values.last().unwrap());
    let tol = ((hi - lo) / 4096.0 * 2.0)
        .max(hi.ln_1p() / 4096.0 * 2.0 * hi.max(1.0))
        .max(1.0);
    let p50 = n["p50"].as_f64().unwrap();
    assert!(
        (p50 - median).abs() <= tol,
        "{}: p50 {p50}, exact median {median}",
        d["column"]
    );
}

/// Run the quickstart with `report: true` (the workflow copied, its corpus
/// paths made absolute) into `out`.
fn quickstart_with_report(out: &Path, tmp: &Path) {
    let corpus = repo().join("workflows/corpus");
    let text = std::fs::read_to_string(repo().join("workflows/quickstart.yaml"))
        .unwrap()
        .replace("corpus/", &format!("{}/", corpus.display()));
    let wf = tmp.join("quickstart.yaml");
    std::fs::write(&wf, format!("report: true\n{text}")).unwrap();
    let o = run_ok(curate().arg("run").arg(&wf).arg("--output").arg(out));
    assert!(stderr(&o).contains("report: "), "{}", stderr(&o));
}

#[test]
fn browser_driver_sees_console_errors_and_requests() {
    // The checks below could not fail if the driver missed errors: show it
    // catches a console error, an exception and a failed fetch.
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("bad.html");
    std::fs::write(
        &p,
        r#"<!DOCTYPE html><html><body><img src="missing.png"><script>console.error("boom"); null.x;</script></body></html>"#,
    )
    .unwrap();
    let r = render(&p);
    let all = r.errors.join("\n");
    assert!(all.contains("boom"), "{all}");
    assert!(all.contains("exception"), "{all}");
    assert!(
        r.requests.iter().any(|u| u.ends_with("missing.png")),
        "{:?}",
        r.requests
    );
    assert!(
        all.contains("loading failed"),
        "the failed image load: {all}"
    );
}

#[test]
fn quickstart_report_renders_in_chromium_and_matches_the_manifests() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    quickstart_with_report(&out, tmp.path());
    assert!(out.join("run_facts.json").exists());
    let probe = check_page(&out, "quickstart", 5);
    // The filter's thresholds are drawn on the histograms they cut.
    let th: Vec<&str> = probe["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(th.contains(&"good: word_count >= 50"), "{th:?}");
    let text = probe["text"].as_str().unwrap();
    assert!(text.contains("exact_duplicate"), "examples of drops");
    assert!(text.contains("filter: gopher_quality_ok"));

    let j = stats_json(&out);
    check_stats_json(&out, &j);
    // Statistics against the data, read independently.
    let scored = stage(&j, "scored");
    check_numeric(
        dist(scored, "word_count"),
        &numbers(&out.join("scored"), "word_count"),
    );
    let ok = dist(scored, "gopher_quality_ok");
    let truth = column_bools(&out.join("scored"), "gopher_quality_ok");
    assert_eq!(
        ok["true_count"].as_u64().unwrap() as usize,
        truth.iter().filter(|b| **b).count()
    );
    let reasons = dist(scored, "drop_reason");
    assert!(!reasons["top"].as_array().unwrap().is_empty());
    // Examples: up to 3 per reason, each pointing at a real row of a shard.
    let good = stage(&j, "good");
    let ex = good["examples"].as_array().unwrap();
    assert!(!ex.is_empty());
    let mut per: HashMap<&str, usize> = HashMap::new();
    for e in ex {
        *per.entry(e["reason"].as_str().unwrap()).or_default() += 1;
        let file = out.join(e["file"].as_str().unwrap());
        let rows = read_file_column(&file, "doc_id");
        assert_eq!(
            rows[e["row"].as_u64().unwrap() as usize].as_deref(),
            e["doc_id"].as_str(),
            "example row points at its document"
        );
    }
    assert!(per.values().all(|n| *n <= 3));
    assert_eq!(
        per.len(),
        good["counts"]["drops"].as_object().unwrap().len()
    );
    // The funnel ends at the final dataset.
    let f = j["funnel"].as_array().unwrap();
    assert_eq!(f.last().unwrap()["stage"], "final");
    assert_eq!(
        f.last().unwrap()["rows"],
        manifest(&out.join("final"))["counts"]["rows_out"]
    );
}

fn column_bools(dir: &Path, name: &str) -> Vec<bool> {
    let mut out = vec![];
    for b in read_batches(dir) {
        let c = b.column_by_name(name).unwrap();
        let c = c
            .as_any()
            .downcast_ref::<arrow_array::BooleanArray>()
            .unwrap();
        out.extend((0..c.len()).map(|i| c.value(i)));
    }
    out
}

fn read_file_column(file: &Path, name: &str) -> Vec<Option<String>> {
    let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(file).unwrap(),
    )
    .unwrap()
    .build()
    .unwrap();
    let mut out = vec![];
    for b in r {
        let b = b.unwrap();
        let c = b.column_by_name(name).unwrap();
        let s = c
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .unwrap();
        out.extend((0..s.len()).map(|i| (!s.is_null(i)).then(|| s.value(i).to_string())));
    }
    out
}

#[test]
fn score_report_renders_in_chromium_and_matches_the_manifests() {
    super::classify::lid_model();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_ok(
        curate()
            .arg("run")
            .arg(repo().join("workflows/score.yaml"))
            .arg("--output")
            .arg(&out),
    );
    run_ok(curate().arg("report").arg(&out));
    let probe = check_page(&out, "score", 5);
    let th: Vec<&str> = probe["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in ["english: lang_score >= 0.65", "english: toxicity < 0.9"] {
        assert!(th.contains(&t), "{t} not drawn: {th:?}");
    }
    let titles: Vec<&str> = probe["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    for t in [
        "lang: top values of lang",
        "lang: histogram of lang_score",
        "scored: histogram of toxicity",
        "scored: histogram of identity_mentions.gender",
    ] {
        assert!(titles.contains(&t), "no chart {t}: {titles:?}");
    }
    let j = stats_json(&out);
    check_stats_json(&out, &j);
    let lang = stage(&j, "lang");
    check_numeric(
        dist(lang, "lang_score"),
        &numbers(&out.join("lang"), "lang_score"),
    );
    let top = dist(lang, "lang")["top"].as_array().unwrap();
    let truth = count_by(&column(&out.join("lang"), "lang"));
    let (best, n) = truth.iter().max_by_key(|x| x.1).unwrap();
    assert_eq!(top[0], json!([best, n]));
    let scored = stage(&j, "scored");
    check_numeric(
        dist(scored, "toxicity"),
        &numbers(&out.join("scored"), "toxicity"),
    );
    for axis in ["gender", "religion", "sexual_orientation"] {
        dist(scored, &format!("identity_mentions.{axis}"));
    }
    // The classifier's held-out evaluation is in the report.
    let acc = stage(&j, "toxicity_model")["classifier"]["accuracy"]
        .as_f64()
        .unwrap();
    let eval: Value =
        serde_json::from_slice(&std::fs::read(out.join("toxicity_model/eval.json")).unwrap())
            .unwrap();
    assert_eq!(acc, eval["accuracy"].as_f64().unwrap());
}

#[test]
fn training_and_evaluate_report_shows_loss_curves_sample_and_metrics() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let corpus = repo().join("workflows/corpus");
    let wf = workflow(
        tmp.path(),
        &format!(
            r#"
name: lm
report: true
output: {out}
stages:
  stories:
    uses: ingest
    inputs: {corpus}/tinystories_val_prefix.txt.gz
    text_mode: line
  tok:
    uses: train_tokenizer
    inputs: [stories]
    vocab_size: 512
  tokens:
    uses: tokenize
    inputs: [tok, stories]
    val_fraction: 0.1
  gpt:
    uses: train_model
    inputs: [tokens]
    model: {{hidden_size: 32, layers: 1, heads: 2, context: 32}}
    steps: 40
    batch_size: 8
    lr: 3.0e-3
    eval_every: 10
    eval_batches: 2
    sample: {{prompt: "Once upon a time", max_new_tokens: 12}}
  heldout:
    uses: ingest
    inputs: {corpus}/stories.jsonl.gz
  eval:
    uses: evaluate
    inputs: [heldout, gpt]
    bootstrap: 50
"#,
            out = out.display(),
            corpus = corpus.display()
        ),
    );
    let o = run_ok(curate().arg("run").arg(&wf));
    assert!(stderr(&o).contains("report: "), "{}", stderr(&o));
    let probe = check_page(&out, "train", 3);
    let titles: Vec<&str> = probe["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    for t in ["gpt: loss curves", "gpt: tokens per second"] {
        assert!(titles.contains(&t), "no chart {t}: {titles:?}");
    }
    // The loss chart draws both curves: one mark per series at least.
    let loss = probe["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "gpt: loss curves")
        .unwrap();
    assert!(loss["sized"].as_u64().unwrap() >= 2, "{loss}");
    let text = probe["text"].as_str().unwrap();
    let notes = manifest(&out.join("gpt"))["notes"].clone();
    let sample = notes
        .as_array()
        .unwrap()
        .iter()
        .find_map(|n| n.as_str().unwrap().strip_prefix("sample: "))
        .expect("the model's sample note");
    assert!(text.contains(sample.trim()), "the sample is on the page");
    // Every metric of the evaluate table is on the page, as the table has it.
    let shown = &probe["eval"];
    let mut n = 0;
    for b in read_batches(&out.join("eval")) {
        let s = b.column_by_name("score").unwrap();
        let s = s
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .unwrap();
        let m = b.column_by_name("metric").unwrap();
        let m = m
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .unwrap();
        let v = b.column_by_name("value").unwrap();
        let v = v
            .as_any()
            .downcast_ref::<arrow_array::Float64Array>()
            .unwrap();
        for i in 0..b.num_rows() {
            let key = format!("eval/{}/{}", s.value(i), m.value(i));
            let cell = shown[&key]
                .as_str()
                .unwrap_or_else(|| panic!("{key} not on the page"));
            if !v.is_null(i) {
                let got: f64 = cell.replace(',', "").parse().unwrap();
                let want = v.value(i);
                assert!(
                    (got - want).abs() <= want.abs() * 1e-3 + 1e-3,
                    "{key}: page {cell}, table {want}"
                );
            }
            n += 1;
        }
    }
    assert!(n >= 3, "{n} metrics");
    let j = stats_json(&out);
    check_stats_json(&out, &j);
    let t = &stage(&j, "gpt")["training"];
    let tps: Vec<f64> = read_batches(&out.join("gpt"))
        .iter()
        .flat_map(|b| {
            let c = b.column_by_name("tokens_per_s").unwrap();
            let c = c
                .as_any()
                .downcast_ref::<arrow_array::Float64Array>()
                .unwrap();
            c.values().to_vec()
        })
        .collect();
    let mean = tps.iter().sum::<f64>() / tps.len() as f64;
    assert!((t["mean_tokens_per_s"].as_f64().unwrap() - mean).abs() < 1e-6 * mean);
    assert_eq!(t["steps"].as_array().unwrap().len(), tps.len());
}

#[test]
fn report_marks_missing_and_corrupt_stages_and_still_writes_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    quickstart_with_report(&out, tmp.path());
    // `unique` gone, `good`'s manifest cut short, a shard of `clean` overwritten.
    std::fs::remove_dir_all(out.join("unique")).unwrap();
    let m = std::fs::read(out.join("good/manifest.json")).unwrap();
    std::fs::write(out.join("good/manifest.json"), &m[..m.len() / 2]).unwrap();
    let shard = parquet_files(&out.join("clean"))[0].clone();
    let len = std::fs::metadata(&shard).unwrap().len() as usize;
    std::fs::write(&shard, vec![b'x'; len]).unwrap();
    std::fs::remove_file(out.join("report.html")).unwrap();

    let o = run_ok(curate().arg("report").arg(&out));
    let err = stderr(&o);
    for s in ["unique", "good", "clean"] {
        assert!(
            err.contains(&format!("stage `{s}`")),
            "no warning for {s}: {err}"
        );
    }
    let r = render(&out.join("report.html"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let p = r.probe["problems"].as_object().unwrap();
    let reason = |s: &str| {
        p.get(s)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{s} not marked: {p:?}"))
    };
    assert!(
        reason("unique").contains("does not exist"),
        "{}",
        reason("unique")
    );
    assert!(
        reason("good").contains("manifest.json"),
        "{}",
        reason("good")
    );
    assert!(
        reason("clean").contains(&shard.file_name().unwrap().to_string_lossy().to_string()),
        "{}",
        reason("clean")
    );
    assert_eq!(p.len(), 3, "{p:?}");
    // The intact stages still show their numbers.
    let m = r.probe["m"].as_object().unwrap();
    for s in ["raw", "notes", "scored", "final"] {
        let want = manifest(&out.join(s))["counts"]["rows_out"]
            .as_u64()
            .unwrap();
        let shown = m[&format!("{s}/rows_out")][0].as_str().unwrap();
        assert_eq!(number(shown), want);
    }
    keep_screenshot("corrupt", &r.png);
    // stats --json says the same.
    let j = stats_json(&out);
    assert_eq!(stage(&j, "unique")["status"], "missing");
    assert_eq!(stage(&j, "good")["status"], "corrupt");
    assert_eq!(stage(&j, "clean")["status"], "corrupt");
    assert_eq!(stage(&j, "scored")["problem"], Value::Null);
    // Not an output at all: a clear error.
    let o = curate()
        .arg("report")
        .arg(tmp.path().join("nothing"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a directory"), "{}", stderr(&o));
    // An output in object storage: said so, not "not a directory".
    let o = curate()
        .arg("report")
        .arg("s3://bucket/out")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("reads a local output directory"),
        "{}",
        stderr(&o)
    );
}
