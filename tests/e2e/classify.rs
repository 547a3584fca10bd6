//! fastText scoring through the binary, checked against Debian's `fasttext`
//! CLI on the same model and text:
//! - `langid` with the pretrained `lid.176.ftz` on held-out sentences of 75
//!   languages (../shared/data/langid): per-language accuracy, and every
//!   label and probability equal to `fasttext predict-prob`;
//! - `train_classifier` on a few hundred real Jigsaw comments (toxic or
//!   not), held-out accuracy above a bar and equal to `fasttext test` on the
//!   same split; then `bias` scores unseen comments with that model
//!   (probabilities equal to the CLI's) and audits identity mentions.

use super::*;
use arrow_array::{Float32Array, StructArray, UInt32Array};
use std::collections::BTreeMap;
use std::process::Command;

/// The pretrained language-ID model (fetched by scripts/models.sh).
pub fn lid_model() -> PathBuf {
    let p = repo().join("models/lid.176.ftz");
    if !p.exists() {
        let st = Command::new("bash")
            .arg(repo().join("scripts/models.sh"))
            .status()
            .expect("run scripts/models.sh");
        assert!(st.success(), "scripts/models.sh failed");
    }
    p
}

/// `fasttext predict-prob model file k`, one Vec<(label, prob)> per line.
fn cli_predict(model: &Path, lines: &[String], k: i32, dir: &Path) -> Vec<Vec<(String, f64)>> {
    let f = dir.join("cli_input.txt");
    // The CLI reads one document per line: the same flattening curate does.
    let body: String = lines
        .iter()
        .map(|l| l.replace(['\n', '\r', '\u{0b}', '\u{0c}'], " ") + "\n")
        .collect();
    std::fs::write(&f, body).unwrap();
    let out = Command::new("fasttext")
        .arg("predict-prob")
        .arg(model)
        .arg(&f)
        .arg(k.to_string())
        .output()
        .expect("the fasttext CLI (Debian package `fasttext`; scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<(String, f64)>> = text
        .lines()
        .map(|l| {
            let t: Vec<&str> = l.split(' ').collect();
            t.chunks(2)
                .map(|c| {
                    (
                        c[0].trim_start_matches("__label__").to_string(),
                        c[1].parse().unwrap(),
                    )
                })
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), lines.len(), "one CLI answer per line");
    rows
}

fn f32_column(dir: &Path, name: &str) -> Vec<f32> {
    let mut out = vec![];
    for b in read_batches(dir) {
        let c = b
            .column_by_name(name)
            .unwrap_or_else(|| panic!("no column {name}"));
        out.extend(
            c.as_any()
                .downcast_ref::<Float32Array>()
                .unwrap()
                .values()
                .iter(),
        );
    }
    out
}

/// The CLI prints 5 significant digits; ours are f32.
fn same_prob(ours: f32, cli: f64) -> bool {
    (ours as f64 - cli).abs() <= 1e-5 + 1e-4 * cli.abs()
}

#[test]
fn langid_scores_75_languages_and_matches_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let model = lid_model();
    // 40 sentences per language: 3,000 documents.
    let mut langs = vec![];
    for e in std::fs::read_dir(shared_data().join("langid")).unwrap() {
        let p = e.unwrap().path();
        let iso = p.file_stem().unwrap().to_string_lossy().into_owned();
        let lines: Vec<String> = std::fs::read_to_string(&p)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(40)
            .map(str::to_string)
            .collect();
        std::fs::write(
            tmp.path().join(format!("{iso}.txt")),
            lines.join("\n") + "\n",
        )
        .unwrap();
        langs.push(iso);
    }
    assert_eq!(langs.len(), 75);
    let wf = workflow(
        tmp.path(),
        &format!(
            "name: langid\noutput: {out}\nstages:\n  raw:\n    uses: ingest\n    inputs: {inp}/*.txt\n    text_mode: line\n  lang:\n    uses: langid\n    inputs: [raw]\n    model: {model}\n",
            out = tmp.path().join("out").display(),
            inp = tmp.path().display(),
            model = model.display()
        ),
    );
    let summary = stdout(&run_ok(curate().arg("run").arg(&wf)));
    assert!(summary.contains("langid: 3000 docs"), "{summary}");
    let dir = tmp.path().join("out/lang");
    let texts: Vec<String> = column(&dir, "text")
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let sources = column(&dir, "source");
    let lang = column(&dir, "lang");
    let score = f32_column(&dir, "lang_score");
    assert_eq!(texts.len(), 3000);

    // Accuracy per language (lid.176 says `no` for Norwegian Bokmål).
    let mut per: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (s, l) in sources.iter().zip(&lang) {
        let iso = Path::new(s.as_deref().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let want = if iso == "nb" {
            "no".to_string()
        } else {
            iso.clone()
        };
        let e = per.entry(iso).or_default();
        e.1 += 1;
        e.0 += (l.as_deref() == Some(want.as_str())) as u32;
    }
    let acc = |k: &str| per[k].0 as f64 / per[k].1 as f64;
    let report: Vec<String> = per.keys().map(|k| format!("{k} {:.3}", acc(k))).collect();
    eprintln!("langid accuracy per language: {}", report.join(", "));
    for k in [
        "en", "de", "fr", "es", "ru", "ja", "zh", "ar", "hi", "pt", "it", "pl",
    ] {
        assert!(acc(k) >= 0.9, "{k}: {:.3}\n{}", acc(k), report.join(", "));
    }
    // lid.176 has no label for 8 of the 75 languages; over the other 67:
    let unknown = ["lg", "mi", "sn", "st", "tn", "ts", "xh", "zu"];
    let known: Vec<&(u32, u32)> = per
        .iter()
        .filter(|(k, _)| !unknown.contains(&k.as_str()))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(known.len(), 67);
    let overall = known.iter().map(|v| v.0).sum::<u32>() as f64 / (67.0 * 40.0);
    eprintln!("langid accuracy over the 67 languages lid.176 knows: {overall:.3}");
    assert!(overall >= 0.85, "overall {overall:.3}");

    // Every label and probability equals the CLI's on the same model.
    let cli = cli_predict(&model, &texts, 1, tmp.path());
    let mut flips = 0;
    for i in 0..texts.len() {
        let (l, p) = &cli[i][0];
        if lang[i].as_deref() != Some(l.as_str()) {
            flips += 1;
        }
        assert!(
            same_prob(score[i], *p),
            "row {i}: ours {} cli {p}",
            score[i]
        );
    }
    assert_eq!(flips, 0, "labels differing from the CLI");
}

/// Rows of a two-column CSV with quoted fields (RFC 4180).
fn csv_rows(s: &str) -> Vec<(String, String)> {
    let (mut rows, mut field, mut fields) = (vec![], String::new(), vec![]);
    let mut quoted = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match (quoted, c) {
            (true, '"') if it.peek() == Some(&'"') => {
                field.push('"');
                it.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                let f = std::mem::take(&mut fields);
                rows.push((f[0].clone(), f[1].clone()));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn train_classifier_learns_toxicity_and_bias_scores_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = csv_rows(
        &std::fs::read_to_string(shared_data().join("toxicity/jigsaw_test_balanced.csv")).unwrap(),
    );
    assert!(rows.len() > 12000);
    // The file lists the non-toxic comments first: take every 15th (812,
    // half toxic) to train and hold out, every 40th from another offset
    // (305) to score.
    let jsonl = |r: &[(String, String)]| -> String {
        r.iter()
            .map(|(t, l)| {
                serde_json::json!({"text": t, "label": l.parse::<u8>().unwrap()}).to_string() + "\n"
            })
            .collect()
    };
    let pick = |m: usize, r: usize| -> Vec<(String, String)> {
        rows.iter()
            .enumerate()
            .filter(|(i, _)| i % m == r)
            .map(|(_, x)| x.clone())
            .collect()
    };
    let (labelled, unseen) = (pick(15, 0), pick(40, 7));
    std::fs::write(tmp.path().join("labelled.jsonl"), jsonl(&labelled)).unwrap();
    std::fs::write(tmp.path().join("unseen.jsonl"), jsonl(&unseen)).unwrap();
    let wf = workflow(
        tmp.path(),
        &format!(
            r#"name: toxicity
output: {out}
stages:
  labelled:
    uses: ingest
    inputs: {dir}/labelled.jsonl
    fields: [label]
  unseen:
    uses: ingest
    inputs: {dir}/unseen.jsonl
    fields: [label]
  toxicity_model:
    uses: train_classifier
    inputs: [labelled]
    label_column: label
    holdout: 0.25
    threshold: 1
  scored:
    uses: bias
    inputs: [unseen, toxicity_model]
  # edu_score reads any model with numeric labels: here 0/1, so its
  # expected value is the toxicity.
  expected:
    uses: edu_score
    inputs: [scored, toxicity_model]
"#,
            out = tmp.path().join("out").display(),
            dir = tmp.path().display()
        ),
    );
    let summary = stdout(&run_ok(curate().arg("run").arg(&wf)));
    eprintln!("{summary}");
    let mdir = tmp.path().join("out/toxicity_model");
    let eval: serde_json::Value =
        serde_json::from_slice(&std::fs::read(mdir.join("eval.json")).unwrap()).unwrap();
    let acc = eval["accuracy"].as_f64().unwrap();
    let held = eval["heldout_rows"].as_u64().unwrap();
    assert!((150..=260).contains(&held), "held out {held} of 812");
    assert!(acc >= 0.72, "held-out accuracy {acc:.3}\n{summary}");
    assert!(summary.contains("confusion (rows true"), "{summary}");
    // With labels 0/1, "label >= 1" is label 1: its F1 is the table's.
    let f1_1 = eval["f1_at_threshold"].as_f64().unwrap();
    let table = read_batches(&mdir);
    let lbl = table[0]
        .column_by_name("label")
        .unwrap()
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap()
        .clone();
    let f1 = table[0]
        .column_by_name("f1")
        .unwrap()
        .as_any()
        .downcast_ref::<arrow_array::Float64Array>()
        .unwrap()
        .clone();
    let k = (0..lbl.len()).find(|&i| lbl.value(i) == "1").unwrap();
    assert!(
        (f1.value(k) - f1_1).abs() < 0.02,
        "F1 at >= 1 {f1_1} vs label 1 {}",
        f1.value(k)
    );
    assert!(eval["spearman"].as_f64().unwrap() > 0.3);

    // Training is single-threaded and seeded: another run gives the same model.
    let again = tmp.path().join("again");
    run_ok(curate().arg("run").arg(&wf).arg("--output").arg(&again));
    assert_eq!(
        std::fs::read(mdir.join("model.bin")).unwrap(),
        std::fs::read(again.join("toxicity_model/model.bin")).unwrap(),
        "model.bin differs between two runs"
    );

    // `fasttext test` on the same model and held-out file agrees.
    let out = Command::new("fasttext")
        .arg("test")
        .arg(mdir.join("model.bin"))
        .arg(mdir.join("heldout.txt"))
        .output()
        .expect("fasttext CLI");
    let t = String::from_utf8_lossy(&out.stdout);
    let p1: f64 = t
        .lines()
        .find_map(|l| l.strip_prefix("P@1\t"))
        .unwrap_or_else(|| panic!("no P@1 in {t}"))
        .trim()
        .parse()
        .unwrap();
    assert!((p1 - acc).abs() < 1e-3, "CLI P@1 {p1} vs ours {acc}");

    // The unseen comments: toxicity separates the labels and equals the CLI.
    let sdir = tmp.path().join("out/scored");
    let texts: Vec<String> = column(&sdir, "text")
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let labels = column(&sdir, "label");
    let tox = f32_column(&sdir, "toxicity");
    assert_eq!(texts.len(), unseen.len());
    let mean = |want: &str| {
        let v: Vec<f32> = tox
            .iter()
            .zip(&labels)
            .filter(|(_, l)| l.as_deref() == Some(want))
            .map(|(t, _)| *t)
            .collect();
        v.iter().sum::<f32>() / v.len() as f32
    };
    assert!(
        mean("1") > mean("0") + 0.2,
        "toxic {} vs not {}",
        mean("1"),
        mean("0")
    );
    let cli = cli_predict(&mdir.join("model.bin"), &texts, -1, tmp.path());
    for (i, c) in cli.iter().enumerate() {
        let p = c.iter().find(|(l, _)| l == "1").map_or(0.0, |x| x.1);
        assert!(same_prob(tox[i], p), "row {i}: ours {} cli {p}", tox[i]);
    }

    // Identity mentions per axis, and the audit.
    let mut gender = 0;
    for b in read_batches(&sdir) {
        let s = b
            .column_by_name("identity_mentions")
            .unwrap()
            .as_any()
            .downcast_ref::<StructArray>()
            .unwrap()
            .clone();
        assert_eq!(s.num_columns(), 7);
        let g = s.column_by_name("gender").unwrap();
        gender += g
            .as_any()
            .downcast_ref::<UInt32Array>()
            .unwrap()
            .values()
            .iter()
            .sum::<u32>();
    }
    assert!(gender > 0);
    let audit: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sdir.join("bias_audit.json")).unwrap()).unwrap();
    assert_eq!(audit["docs"], unseen.len());
    assert_eq!(
        audit["axes"]["gender"]["mentions"].as_u64().unwrap(),
        gender as u64
    );
    assert!(summary.contains("bias: gender:"), "{summary}");

    // edu_score over the same rows: the expected label is P(1).
    let edir = tmp.path().join("out/expected");
    let ev = f32_column(&edir, "edu_score");
    assert_eq!(f32_column(&edir, "toxicity"), tox);
    for (e, t) in ev.iter().zip(&tox) {
        // expected() renormalizes: fastText probabilities sum to 1 within ~1e-5.
        assert!((e - t).abs() < 1e-4, "edu_score {e} vs toxicity {t}");
    }
    let mut ints = vec![];
    for b in read_batches(&edir) {
        let c = b.column_by_name("edu_int").unwrap();
        ints.extend(
            c.as_any()
                .downcast_ref::<arrow_array::UInt8Array>()
                .unwrap()
                .values()
                .iter()
                .copied(),
        );
    }
    for (i, e) in ints.iter().zip(&ev) {
        assert_eq!(*i, e.round() as u8);
    }
}

/// The example workflow as a user runs it.
#[test]
fn score_workflow_runs_as_documented() {
    lid_model();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let wf = repo().join("workflows/score.yaml");
    let summary = stdout(&run_ok(
        curate().arg("run").arg(&wf).arg("--output").arg(&out),
    ));
    assert!(summary.contains("top languages: en "), "{summary}");
    let eval: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("toxicity_model/eval.json")).unwrap())
            .unwrap();
    assert!(eval["accuracy"].as_f64().unwrap() >= 0.7, "{eval}");
    assert!(out.join("scored/bias_audit.json").exists());
    let lang = column(&out.join("final"), "lang");
    assert!(lang.len() > 100);
    assert!(lang.iter().all(|l| l.as_deref() == Some("en")));
}
