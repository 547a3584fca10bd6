//! Curated vs raw ablation (`workflows/ablation.yaml`, README "Curated vs raw
//! ablation"): the shipped workflow with a tiny model and a smaller held-out
//! sample. Checks what the comparison rests on (the same held-out text, tokenizer
//! and token budget for both models, no held-out text in either training set,
//! every curation drop counted) and that the evaluation reports both models and
//! their paired difference. Which branch wins at this size is not asserted.

use super::*;

/// `workflows/ablation.yaml` with absolute paths and the small settings, each
/// replacement checked to have matched (a changed workflow fails here, loudly).
fn small_variant(dir: &Path) -> PathBuf {
    let mut y = std::fs::read_to_string(repo().join("workflows/ablation.yaml")).unwrap();
    let shared = shared_data();
    let corpus = format!("{}/", repo().join("workflows/corpus").display());
    let models = format!("{}/", repo().join("models").display());
    let data = format!("{}/", shared.display());
    for (from, to, n) in [
        ("../../shared/data/", data.as_str(), 11),
        (" corpus/", &format!(" {corpus}"), 6),
        ("[corpus/", &format!("[{corpus}"), 1),
        ("../models/", models.as_str(), 1),
        (
            "model: {hidden_size: 128, layers: 4, heads: 4, context: 128}",
            "model: {hidden_size: 32, layers: 1, heads: 2, context: 32}",
            2,
        ),
        ("steps: 150", "steps: 20", 2),
        ("batch_size: 16", "batch_size: 8", 2),
        ("eval_every: 50", "eval_every: 10", 2),
        (
            "curate_holdout(text, 18, 0.25)",
            "curate_holdout(text, 18, 0.03)",
            1,
        ),
        ("bootstrap: 1000", "bootstrap: 200", 1),
    ] {
        assert_eq!(
            y.matches(from).count(),
            n,
            "`{from}` in workflows/ablation.yaml"
        );
        y = y.replace(from, to);
    }
    workflow(dir, &y)
}

fn counts(out: &Path, stage: &str) -> (u64, u64, BTreeMap<String, u64>) {
    let m = manifest(&out.join(stage));
    let c = &m["counts"];
    let drops = c["drops"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    (
        c["rows_in"].as_u64().unwrap(),
        c["rows_out"].as_u64().unwrap(),
        drops,
    )
}

#[test]
fn curated_and_raw_models_on_the_same_heldout_text() {
    let lid = crate::classify::lid_model();
    assert!(lid.exists());
    let dir = tempfile::tempdir().unwrap();
    let wf = small_variant(dir.path());
    let out = dir.path().join("out");
    let o = run_ok(curate().args(["run", "-t", "2", "-o"]).arg(&out).arg(&wf));
    let summary = stdout(&o);

    // Rows: raw is what ingest gave; curated has fewer, and every stage between
    // them accounts for each row it removed, under a named reason.
    let raw_rows = counts(&out, "web").1 + counts(&out, "docs").1;
    let curated_rows = counts(&out, "curated").1;
    assert!(
        0 < curated_rows && curated_rows < raw_rows,
        "{curated_rows} {raw_rows}"
    );
    let mut upstream = counts(&out, "pages").1 + counts(&out, "docs_c").1;
    assert_eq!(counts(&out, "docs_c").1, counts(&out, "docs").1);
    let mut dropped = BTreeMap::new();
    for stage in ["scored", "lang", "good", "unique", "near", "curated"] {
        let (rows_in, rows_out, drops) = counts(&out, stage);
        assert_eq!(rows_in, upstream, "{stage}: rows in");
        assert_eq!(
            rows_in - rows_out,
            drops.values().sum::<u64>(),
            "{stage}: {drops:?}"
        );
        upstream = rows_out;
        dropped.insert(stage, drops);
    }
    assert_eq!(upstream, curated_rows);
    let good = &dropped["good"];
    // 4,729 sentences in five other languages: langid's drop, not another rule's.
    assert!(good["filter: lang = 'en'"] >= 4_500, "{good:?}");
    assert!(good.keys().any(|k| k.contains("word_count")), "{good:?}");
    // The 25 re-cased/re-spaced copies of stories, those long enough to pass.
    assert!(dropped["unique"]["exact_duplicate"] > 0);
    // The pages kept the text of their HTML, not the markup.
    let pages = column(&out.join("pages"), "text");
    let html = column(&out.join("web"), "text");
    assert_eq!(pages.len(), html.len());
    assert!(html.iter().flatten().all(|t| t.contains("</")));
    assert!(pages.iter().flatten().all(|t| !t.contains("</div>")));

    // Held-out text: in neither training set (the curated one is made of raw
    // documents and extracted page text), and decontaminate removed some.
    let heldout = column(&out.join("heldout"), "text");
    let heldout: Vec<String> = heldout.into_iter().flatten().collect();
    assert!(heldout.len() >= 20, "{}", heldout.len());
    let mut train = String::new();
    for stage in ["web", "docs", "curated"] {
        for t in column(&out.join(stage), "text").into_iter().flatten() {
            train.push_str(&t);
            train.push('\n');
        }
    }
    for h in &heldout {
        assert!(!train.contains(h.as_str()), "held-out text trained on: {h}");
    }
    let (_, _, decon) = counts(&out, "heldout");
    assert!(
        decon.get("contaminated: docs").copied().unwrap_or(0) > 0,
        "{decon:?}"
    );

    // One tokenizer, one model config and one token budget for both branches.
    let tok = std::fs::read(out.join("tok/tokenizer.json")).unwrap();
    let params = |m: &str| manifest(&out.join(m))["provenance"]["params"].clone();
    assert_eq!(params("raw_model"), params("curated_model"));
    for m in ["raw_model", "curated_model"] {
        assert_eq!(
            std::fs::read(out.join(m).join("model/tokenizer.json")).unwrap(),
            tok,
            "{m}"
        );
        let seen = u64_column(&out.join(m), "tokens_seen");
        assert_eq!(seen.last().copied(), Some(20 * 8 * 32), "{m}");
    }

    // Both models on the same held-out documents, tokens and bytes; both bits
    // per byte and the paired difference with its bootstrap interval.
    let m = super::quality::metrics(&out.join("eval"));
    let g = |s: &str, k: &str| m[&(s.to_string(), k.to_string())];
    let bytes: usize = heldout.iter().map(|h| h.len()).sum();
    for s in ["raw_model", "curated_model"] {
        assert_eq!(g(s, "bytes").0, Some(bytes as f64), "{s}");
        assert_eq!(g(s, "n").0, Some(heldout.len() as f64), "{s}");
        let (v, lo, hi) = g(s, "bits_per_byte");
        let (v, lo, hi) = (v.unwrap(), lo.unwrap(), hi.unwrap());
        assert!(
            v.is_finite() && v > 0.0 && lo <= v && v <= hi,
            "{s}: {v} [{lo}, {hi}]"
        );
    }
    assert_eq!(g("raw_model", "tokens").0, g("curated_model", "tokens").0);
    let (raw, cur) = (
        g("raw_model", "bits_per_byte").0.unwrap(),
        g("curated_model", "bits_per_byte").0.unwrap(),
    );
    let (d, lo, hi) = g("curated_model - raw_model", "bits_per_byte_difference");
    let (d, lo, hi) = (d.unwrap(), lo.unwrap(), hi.unwrap());
    assert!((d - (cur - raw)).abs() < 1e-9, "{d} {cur} {raw}");
    assert!(lo <= d && d <= hi, "{d} [{lo}, {hi}]");
    let ej: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("eval/eval.json")).unwrap()).unwrap();
    for (s, v) in [("raw_model", raw), ("curated_model", cur)] {
        let lm = &ej["language_models"][s];
        assert_eq!(lm["bits_per_byte"].as_f64(), Some(v), "{s}");
        assert_eq!(lm["bytes"].as_u64(), Some(bytes as u64), "{s}");
    }
    // eval.json holds the paired difference too (JSON text: to 1e-12).
    let jd = &ej["language_models"]["curated_model - raw_model"];
    let ci = &jd["bits_per_byte_difference_ci95"];
    for (got, want) in [
        (&jd["bits_per_byte_difference"], d),
        (&ci[0], lo),
        (&ci[1], hi),
    ] {
        assert!((got.as_f64().unwrap() - want).abs() < 1e-12, "{jd}");
    }
    assert!(
        summary.contains("evaluate: curated_model - raw_model: bits per byte difference"),
        "{summary}"
    );
}
