//! The quality loop through the binary:
//! - `workflows/edu_human.yaml` on the real FineWeb-C Danish human labels
//!   (../shared/data/edu): the ridge model beats both baselines (document
//!   length, the fastText classifier) on the same held-out rows, with the
//!   bootstrap interval of the paired difference above 0;
//! - `evaluate` on a small CSV whose metrics are pinned from scikit-learn;
//! - bad input: labels that do not parse, an empty evaluation set, a missing
//!   label column (at validation);
//! - CSV and JSON-array inputs keep each record's location;
//! - `decontaminate`: planted passages found, unrelated real text untouched.

use super::*;
use arrow_array::Float64Array;
use std::io::Read;

/// (score, metric) -> (value, ci_low, ci_high) from an evaluate table.
/// A metric's value and bootstrap interval.
pub(crate) type Metric = (Option<f64>, Option<f64>, Option<f64>);

pub(crate) fn metrics(dir: &Path) -> BTreeMap<(String, String), Metric> {
    let mut m = BTreeMap::new();
    for b in read_batches(dir) {
        let s = |n: &str| {
            b.column_by_name(n)
                .unwrap()
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone()
        };
        let f = |n: &str| {
            b.column_by_name(n)
                .unwrap()
                .as_any()
                .downcast_ref::<Float64Array>()
                .unwrap()
                .clone()
        };
        let (score, metric, v, lo, hi) = (
            s("score"),
            s("metric"),
            f("value"),
            f("ci_low"),
            f("ci_high"),
        );
        let o = |a: &Float64Array, i: usize| (!a.is_null(i)).then(|| a.value(i));
        for i in 0..b.num_rows() {
            m.insert(
                (score.value(i).to_string(), metric.value(i).to_string()),
                (o(&v, i), o(&lo, i), o(&hi, i)),
            );
        }
    }
    m
}

#[test]
fn edu_human_workflow_beats_length_and_fasttext() {
    let data = shared_data().join("edu");
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(repo().join("workflows/edu_human.yaml"))
        .unwrap()
        .replace("../../shared/data/edu", data.to_str().unwrap());
    let wf = workflow(dir.path(), &yaml);
    let out = dir.path().join("out");
    let o = run_ok(curate().args(["run", "-o"]).arg(&out).arg(&wf));
    let text = stdout(&o);
    assert!(text.contains("evaluate: edu_model: spearman"), "{text}");
    let m = metrics(&out.join("eval"));
    let get = |s: &str, k: &str| m[&(s.to_string(), k.to_string())];
    let (ridge, lo, hi) = get("edu_model", "spearman");
    let ridge = ridge.unwrap();
    let (length, _, _) = get("length(text)", "spearman");
    let (ft, _, _) = get("fasttext", "spearman");
    assert!(lo.unwrap() < ridge && ridge < hi.unwrap());
    // The goal of the issue: beat both baselines outside the intervals,
    // aiming for 0.5 (measured: see README "Educational quality from human
    // labels").
    assert!(ridge > 0.45, "ridge Spearman {ridge}");
    for base in ["length(text)", "fasttext"] {
        let (d, dlo, _) = get(&format!("edu_model - {base}"), "spearman_difference");
        assert!(
            dlo.unwrap() > 0.0,
            "edu_model - {base}: {d:?}, interval low {dlo:?}"
        );
    }
    assert!(length.unwrap() > 0.2 && ft.unwrap() < ridge);
    // The same held-out rows everywhere: evaluate's n equals what both
    // trainers held out.
    let n = get("edu_model", "n").0.unwrap() as u64;
    let reg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("edu_model/eval.json")).unwrap()).unwrap();
    let cls: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("fasttext/eval.json")).unwrap()).unwrap();
    assert_eq!(reg["heldout_rows"].as_u64(), Some(n));
    assert_eq!(cls["heldout_rows"].as_u64(), Some(n));
    assert!((140..=190).contains(&n), "held out {n} of ~806");
    // Weak rows: the Gemini documents that share no 13-gram with a
    // human-labelled one.
    let weak = column(&out.join("gemini_clean"), "text").len() as u64;
    assert!(weak > 500 && weak < 1000, "{weak}");
    assert_eq!(reg["weak_rows"].as_u64(), Some(weak));
    let ej: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("eval/eval.json")).unwrap()).unwrap();
    assert!(ej["scores"]["edu_model"]["confusion"]["true_by_predicted"].is_array());
    assert!(ej["scores"]["edu_model"]["calibration"].is_array());
    // The saved model scores new documents (the Gemini set) through edu_score.
    let scores = column(&out.join("scored"), "educational_score");
    assert_eq!(scores.len(), 1000);
}

/// A small labelled CSV: label, a probability-like score, text.
fn eval_csv(dir: &Path, rows: &[(&str, f64)]) -> PathBuf {
    let p = dir.join("labels.csv");
    let mut s = String::from("text,label,p\n");
    for (i, (l, p)) in rows.iter().enumerate() {
        s.push_str(&format!("\"document {i}, with a comma\",{l},{p}\n"));
    }
    std::fs::write(&p, s).unwrap();
    p
}

const WF: &str = r#"
stages:
  docs: {uses: ingest, inputs: [labels.csv], fields: [label, p]}
  eval:
    uses: evaluate
    inputs: [docs]
    label_column: label
    label_type: LTYPE
    scores: ["CAST(p AS DOUBLE)"]
    THRESHOLD
"#;

#[test]
fn evaluate_metrics_equal_sklearns_through_the_pipeline() {
    // The numbers of evaluate.rs' unit tests: Y = labels, S = scores.
    let y = [1., 2., 2., 3., 1., 4., 2., 3., 1., 2., 3., 2.];
    let s = [1.2, 1.9, 2.6, 2.4, 0.8, 3.7, 1.1, 3.2, 1.9, 2.2, 2.8, 2.2];
    let dir = tempfile::tempdir().unwrap();
    let labels: Vec<String> = y.iter().map(|v: &f64| format!("{v}")).collect();
    let rows: Vec<(&str, f64)> = labels.iter().map(|l| l.as_str()).zip(s).collect();
    eval_csv(dir.path(), &rows);
    let wf = workflow(
        dir.path(),
        &WF.replace("LTYPE", "ordinal")
            .replace("THRESHOLD", "threshold: 3\n    score_threshold: 2.5"),
    );
    let out = dir.path().join("out");
    let o = run_ok(curate().args(["run", "-o"]).arg(&out).arg(&wf));
    let m = metrics(&out.join("eval"));
    let k = |x: &str| {
        m[&("CAST(p AS DOUBLE)".to_string(), x.to_string())]
            .0
            .unwrap()
    };
    // scipy 1.17.1 / scikit-learn 1.9.1 (scripts/edu/metric_refs.py)
    for (name, want) in [
        ("spearman", 0.8496866856064711),
        ("kendall", 0.7601397897755385),
        ("roc_auc", 0.96875),
        ("pr_auc", 0.95),
        ("f1_at_threshold", 0.75),
        ("accuracy", 0.6666666666666666),
        ("macro_f1", 0.7333333333333333),
        ("n", 12.0),
    ] {
        assert!(
            (k(name) - want).abs() < 1e-9,
            "{name}: {} vs {want}",
            k(name)
        );
    }
    assert!(stdout(&o).contains("evaluate: CAST(p AS DOUBLE): spearman 0.850 [95% CI"));

    // Binary labels: ROC-AUC is the headline.
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<(&str, f64)> = y
        .iter()
        .zip(s)
        .map(|(y, s)| (if *y >= 3.0 { "true" } else { "false" }, s / 4.0))
        .collect();
    eval_csv(dir.path(), &rows);
    let wf = workflow(
        dir.path(),
        &WF.replace("LTYPE", "binary").replace("THRESHOLD", ""),
    );
    let out = dir.path().join("out");
    run_ok(curate().args(["run", "-o"]).arg(&out).arg(&wf));
    let m = metrics(&out.join("eval"));
    let (auc, lo, hi) = m[&("CAST(p AS DOUBLE)".to_string(), "roc_auc".to_string())];
    assert!((auc.unwrap() - 0.96875).abs() < 1e-9);
    assert!(lo.unwrap() <= auc.unwrap() && hi.unwrap() >= lo.unwrap());
}

#[test]
fn evaluate_and_train_regressor_refuse_bad_labels_with_their_row() {
    let dir = tempfile::tempdir().unwrap();
    eval_csv(
        dir.path(),
        &[("1", 0.5), ("2", 0.7), ("abc", 0.1), ("3", 0.9)],
    );
    let wf = workflow(
        dir.path(),
        &WF.replace("LTYPE", "ordinal").replace("THRESHOLD", ""),
    );
    let o = curate()
        .args(["run", "-o"])
        .arg(dir.path().join("out"))
        .arg(&wf)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = stderr(&o);
    // Record 4 = the CSV line the bad row starts on (header is line 1).
    assert!(
        err.contains("labels.csv record 4: label `label` is \"abc\", not a number"),
        "{err}"
    );

    let wf = workflow(
        dir.path(),
        r#"
stages:
  docs: {uses: ingest, inputs: [labels.csv], fields: [label, p]}
  model: {uses: train_regressor, inputs: [docs], label_column: label}
"#,
    );
    let o = curate()
        .args(["run", "-o"])
        .arg(dir.path().join("out2"))
        .arg(&wf)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("labels.csv record 4: label `label` is \"abc\", not a number"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn evaluate_refuses_an_empty_set_and_a_missing_label_column() {
    let dir = tempfile::tempdir().unwrap();
    eval_csv(dir.path(), &[("1", 0.5), ("2", 0.7)]);
    let wf = workflow(
        dir.path(),
        r#"
stages:
  docs: {uses: ingest, inputs: [labels.csv], fields: [label, p]}
  none: {uses: filter, inputs: [docs], where: "length(text) > 100000"}
  eval: {uses: evaluate, inputs: [none], label_column: label, scores: ["CAST(p AS DOUBLE)"]}
"#,
    );
    let o = curate()
        .args(["run", "-o"])
        .arg(dir.path().join("out"))
        .arg(&wf)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("the evaluation set `none` has no rows with a label (0 rows read)"),
        "{}",
        stderr(&o)
    );
    let wf = workflow(
        dir.path(),
        r#"
stages:
  docs: {uses: ingest, inputs: [labels.csv], fields: [label, p]}
  eval: {uses: evaluate, inputs: [docs], label_column: grade, scores: ["CAST(p AS DOUBLE)"]}
"#,
    );
    let o = curate().arg("validate").arg(&wf).output().unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("the evaluation set has no label column `grade`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn decontaminate_finds_every_planted_passage_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    // The evaluation set: real TinyStories paragraphs (one per line).
    let stories = {
        let mut s = String::new();
        flate2::read::GzDecoder::new(
            std::fs::File::open(repo().join("workflows/corpus/tinystories_val_prefix.txt.gz"))
                .unwrap(),
        )
        .read_to_string(&mut s)
        .unwrap();
        s
    };
    let paragraphs: Vec<&str> = stories
        .lines()
        .filter(|l| l.split_whitespace().count() >= 25)
        .collect();
    assert!(paragraphs.len() > 100);
    // The corpus: real web and Wikipedia documents, unrelated to the stories,
    // plus 20 of them with a 15-word passage of a story planted in the
    // middle, re-cased and re-punctuated.
    let web: Vec<serde_json::Value> = {
        let raw = zstd::decode_all(
            std::fs::File::open(repo().join("workflows/corpus/web_and_wiki.jsonl.zst")).unwrap(),
        )
        .unwrap();
        String::from_utf8(raw)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let mut rng = Lcg(7);
    let mut lines = vec![];
    for (i, d) in web.iter().enumerate() {
        lines.push(serde_json::json!({"text": d["text"], "id": format!("web{i}")}).to_string());
    }
    for (k, host) in web.iter().take(20).enumerate() {
        let p: Vec<&str> = paragraphs[rng.below(paragraphs.len())]
            .split_whitespace()
            .collect();
        let start = rng.below(p.len() - 15);
        let passage: Vec<String> = p[start..start + 15]
            .iter()
            .map(|w| format!("{}; ", w.to_uppercase()))
            .collect();
        let host = host["text"].as_str().unwrap();
        let cut = host.char_indices().nth(host.chars().count() / 2).unwrap().0;
        let text = format!("{} {} {}", &host[..cut], passage.concat(), &host[cut..]);
        lines.push(serde_json::json!({"text": text, "id": format!("planted{k}")}).to_string());
    }
    std::fs::write(dir.path().join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.path().join("stories.txt"), &stories).unwrap();
    let wf = workflow(
        dir.path(),
        r#"
stages:
  corpus: {uses: ingest, inputs: [corpus.jsonl], fields: [id]}
  tinystories: {uses: ingest, inputs: [stories.txt], text_mode: line}
  clean: {uses: decontaminate, inputs: [corpus, tinystories]}
  flagged: {uses: decontaminate, inputs: [corpus, tinystories], action: flag}
"#,
    );
    let out = dir.path().join("out");
    let o = run_ok(curate().args(["run", "-o"]).arg(&out).arg(&wf));
    let kept = column(&out.join("clean"), "id");
    let rejected = column(&out.join("clean/rejected"), "id");
    assert_eq!(kept.len(), web.len(), "{rejected:?}");
    assert!(kept
        .iter()
        .all(|i| i.as_deref().unwrap().starts_with("web")));
    let mut rej: Vec<String> = rejected.into_iter().flatten().collect();
    rej.sort();
    let mut want: Vec<String> = (0..20).map(|k| format!("planted{k}")).collect();
    want.sort();
    assert_eq!(rej, want);
    assert_eq!(
        count_by(&column(&out.join("clean/rejected"), "rejected_reason")),
        BTreeMap::from([("contaminated: tinystories".to_string(), 20)])
    );
    // Flag mode keeps every row and names set and n-gram.
    let by = column(&out.join("flagged"), "contaminated_by");
    let grams = column(&out.join("flagged"), "contaminated_ngram");
    assert_eq!(by.len(), web.len() + 20);
    assert_eq!(by.iter().flatten().count(), 20);
    // Each reported n-gram is 13 words of a story, normalized (lowercase,
    // punctuation removed).
    let normalized: String = stories
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    for g in grams.iter().flatten() {
        assert_eq!(g.split(' ').count(), 13);
        assert!(normalized.contains(g.as_str()), "{g}");
    }
    let text = stdout(&o);
    assert!(
        text.contains("flagged documents per evaluation set: tinystories 20"),
        "{text}"
    );

    // On a Ballista cluster: executors open the n-gram index the client
    // wrote (by location and content hash) and write both stages' shards;
    // the rows equal the local run's.
    let cluster = super::ballista::Cluster::start(dir.path(), 2, 30);
    let remote = dir.path().join("ballista");
    let o = run_ok(curate().args(["run", "-o"]).arg(&remote).arg(&wf).args([
        "--engine",
        "ballista",
        "--scheduler",
        &cluster.scheduler,
    ]));
    assert!(
        stdout(&o).contains("flagged documents per evaluation set: tinystories 20"),
        "{}",
        stdout(&o)
    );
    super::ballista::assert_same_rows(&out, &remote, &["clean", "flagged"]);
    // `clean`'s query ran once per shard, into a staging file that the kept
    // and rejected writes read; none is left.
    assert!(parquet_files(&remote.join("clean/_split")).is_empty());
    for sub in ["clean", "clean/rejected", "flagged"] {
        let files = parquet_files(&remote.join(sub));
        assert!(!files.is_empty(), "{sub}: no shard");
        for f in files {
            let by = &super::ballista::footer_metadata(&f)["created_by"];
            assert!(
                by.starts_with("datafusion"),
                "{}: written by {by}",
                f.display()
            );
        }
    }
}

#[test]
fn decontaminate_refuses_an_evaluation_set_without_ngrams() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("corpus.jsonl"),
        "{\"text\": \"some words here\"}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("quiz.txt"), "too short to match\n").unwrap();
    let wf = workflow(
        dir.path(),
        r#"
stages:
  corpus: {uses: ingest, inputs: [corpus.jsonl]}
  quiz: {uses: ingest, inputs: [quiz.txt], text_mode: line}
  clean: {uses: decontaminate, inputs: [corpus, quiz]}
"#,
    );
    let o = curate()
        .args(["run", "-o"])
        .arg(dir.path().join("out"))
        .arg(&wf)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("evaluation set `quiz` has no 13-word n-gram (1 rows, all shorter)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn csv_and_json_array_records_keep_their_location() {
    let dir = tempfile::tempdir().unwrap();
    // CSV: a quoted field over two lines (record starts on line 2), a row
    // with a missing field (line 4), a good row (line 5).
    std::fs::write(
        dir.path().join("t.csv"),
        "text,label,p\n\"two\nlines, quoted\",1,0.5\nshort row,2\ngood row,3,0.1\n",
    )
    .unwrap();
    // JSON array: two records, then a syntax error in the third.
    std::fs::write(
        dir.path().join("a.json"),
        "[\n {\"text\": \"first\", \"label\": 1},\n {\"text\": \"second\", \"label\": 2},\n {\"text\": oops}\n]\n",
    )
    .unwrap();
    let wf = workflow(
        dir.path(),
        r#"
on_error: quarantine
stages:
  t: {uses: ingest, inputs: [t.csv], fields: [label]}
  a: {uses: ingest, inputs: [a.json], fields: [label]}
"#,
    );
    let out = dir.path().join("out");
    run_ok(curate().args(["run", "-o"]).arg(&out).arg(&wf));
    assert_eq!(
        column(&out.join("t"), "text"),
        [
            Some("two\nlines, quoted".to_string()),
            Some("good row".into())
        ]
    );
    assert_eq!(u64_column(&out.join("t"), "source_record"), [2, 5]);
    assert_eq!(
        column(&out.join("t"), "label"),
        [Some("1".to_string()), Some("3".into())]
    );
    let reasons = column(&out.join("t/quarantine"), "reason");
    assert_eq!(
        reasons,
        [Some(
            "malformed CSV: 2 fields, the header has 3".to_string()
        )]
    );
    assert_eq!(u64_column(&out.join("t/quarantine"), "line"), [4]);

    assert_eq!(
        column(&out.join("a"), "text"),
        [Some("first".to_string()), Some("second".into())]
    );
    assert_eq!(u64_column(&out.join("a"), "source_record"), [1, 2]);
    let reasons = column(&out.join("a/quarantine"), "reason");
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0].as_deref().unwrap().starts_with(
            "malformed JSON: expected value (in the JSON array after element 2, line 4 column"
        ),
        "{reasons:?}"
    );
    // A syntax error is located by the file's line (4), not an element index.
    assert_eq!(u64_column(&out.join("a/quarantine"), "line"), [4]);
}

#[test]
fn evaluate_language_models_in_bits_per_byte() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo().join("workflows/corpus/tinystories_val_prefix.txt.gz");
    let notes = repo().join("workflows/corpus/notes.txt");
    let wf = workflow(
        dir.path(),
        &format!(
            r#"
stages:
  stories: {{uses: ingest, inputs: [{corpus}], text_mode: line}}
  heldout: {{uses: ingest, inputs: [{notes}], text_mode: line}}
  tok: {{uses: train_tokenizer, inputs: [stories], vocab_size: 512}}
  tokens: {{uses: tokenize, inputs: [tok, stories], val_fraction: 0.1}}
  trained:
    uses: train_model
    inputs: [tokens]
    model: {{hidden_size: 64, layers: 2, heads: 2, context: 32}}
    steps: 150
    batch_size: 16
    lr: 3.0e-3
  barely:
    uses: train_model
    inputs: [tokens]
    model: {{hidden_size: 64, layers: 2, heads: 2, context: 32}}
    steps: 1
    batch_size: 2
    lr: 1.0e-6
  eval:
    uses: evaluate
    inputs: [heldout, trained, barely]
    bootstrap: 200
"#,
            corpus = corpus.display(),
            notes = notes.display()
        ),
    );
    let out = dir.path().join("out");
    let o = run_ok(curate().args(["run", "-o"]).arg(&out).arg(&wf));
    let m = metrics(&out.join("eval"));
    let g = |s: &str, k: &str| m[&(s.to_string(), k.to_string())];
    let (trained, lo, hi) = g("trained", "bits_per_byte");
    let (barely, _, _) = g("barely", "bits_per_byte");
    let (trained, barely) = (trained.unwrap(), barely.unwrap());
    assert!(lo.unwrap() <= trained && trained <= hi.unwrap());
    // A model of one step is uniform over the 512 tokens: ln 512 nats/token.
    let l = g("barely", "loss_per_token").0.unwrap();
    assert!((l - 512f64.ln()).abs() < 0.1, "{l}");
    assert!((g("barely", "perplexity").0.unwrap() - l.exp()).abs() < 1e-6);
    // Bits per byte = nats / (ln 2 * bytes), the same tokens for both models.
    let (tokens, bytes) = (
        g("trained", "tokens").0.unwrap(),
        g("trained", "bytes").0.unwrap(),
    );
    let lt = g("trained", "loss_per_token").0.unwrap();
    assert!((trained - lt * tokens / (2f64.ln() * bytes)).abs() < 1e-9);
    assert_eq!(g("barely", "tokens").0, Some(tokens));
    // Training helps, outside the bootstrap interval of the paired difference.
    let (d, dlo, dhi) = g("trained - barely", "bits_per_byte_difference");
    assert!(
        d.unwrap() < -0.5 && dhi.unwrap() < 0.0,
        "{d:?} [{dlo:?}, {dhi:?}] {trained} {barely}"
    );
    assert!(stdout(&o).contains("evaluate: trained: bits per byte"));
}
