//! Reliability: resume fingerprints cover the content of the files a stage's
//! parameters name (a model, a template, a tokenizer), and `curate validate`
//! says which stages a rerun recomputes and why.

use super::*;
use std::collections::BTreeMap;

/// Stage name -> status in `run.json` (`ran`, `skipped`, `resumed`).
fn statuses(out: &Path) -> BTreeMap<String, String> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `curate validate` lines of the rerun plan: stage -> verdict.
fn rerun_plan(wf: &Path) -> BTreeMap<String, String> {
    let o = run_ok(curate().arg("validate").arg(wf));
    let text = stdout(&o);
    let plan = text
        .split("a rerun against")
        .nth(1)
        .unwrap_or_else(|| panic!("no rerun plan in:\n{text}"));
    plan.lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.trim().split_once(": "))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Replace a file's bytes, keeping its path.
fn replace(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("new");
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn replaced_model_template_and_tokenizer_recompute_exactly_their_stages() {
    let (_server, port) = super::teacher::start_teacher();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Documents in English and German; a two-label classifier trained on
    // them is the "other" model that replaces the language-ID model.
    let langid = shared_data().join("langid");
    let mut docs = String::new();
    let mut labelled = String::new();
    for (lang, file) in [("en", "en.txt"), ("de", "de.txt")] {
        let text = std::fs::read_to_string(langid.join(file)).unwrap();
        for line in text
            .lines()
            .filter(|l| l.split_whitespace().count() >= 5)
            .take(150)
        {
            docs += &serde_json::json!({ "text": line }).to_string();
            docs.push('\n');
            labelled += &serde_json::json!({ "text": line, "label": lang }).to_string();
            labelled.push('\n');
        }
    }
    std::fs::write(d.join("docs.jsonl"), &docs).unwrap();
    std::fs::write(d.join("labelled.jsonl"), &labelled).unwrap();
    let prep = d.join("prep");
    std::fs::create_dir_all(&prep).unwrap();
    let prep_wf = workflow(
        &prep,
        &format!(
            r#"name: prep
output: {out}
stages:
  labelled: {{uses: ingest, inputs: {d}/labelled.jsonl, fields: [label]}}
  clf: {{uses: train_classifier, inputs: [labelled], label_column: label, holdout: 0.2}}
  text: {{uses: ingest, inputs: {d}/docs.jsonl}}
  tok_a: {{uses: train_tokenizer, inputs: [text], vocab_size: 300}}
  tok_b: {{uses: train_tokenizer, inputs: [text], vocab_size: 340}}
"#,
            out = prep.join("out").display(),
            d = d.display()
        ),
    );
    run_ok(curate().arg("run").arg(&prep_wf));
    let other_model = std::fs::read(prep.join("out/clf/model.bin")).unwrap();
    let tok_b = std::fs::read(prep.join("out/tok_b/tokenizer.json")).unwrap();

    std::fs::copy(super::classify::lid_model(), d.join("lid.ftz")).unwrap();
    std::fs::copy(prep.join("out/tok_a/tokenizer.json"), d.join("tok.json")).unwrap();
    let template =
        std::fs::read_to_string(repo().join("generators/templates/tinystories.jinja")).unwrap();
    std::fs::write(d.join("story.jinja"), &template).unwrap();
    let wf = workflow(
        d,
        &format!(
            r#"name: fp
output: {out}
threads: 2
stages:
  raw: {{uses: ingest, inputs: docs.jsonl}}
  lang: {{uses: langid, inputs: [raw], model: lid.ftz}}
  toks: {{uses: tokenize, inputs: [lang], tokenizer: tok.json}}
  stories:
    uses: generate
    inputs: []
    n: 2
    seed: 5
    max_tokens: 40
    validation_retries: 0
    template: story.jinja
    teacher:
      base_url: http://127.0.0.1:{port}/v1
      model: SmolLM2-135M-Instruct
      max_concurrency: 2
      timeout_s: 120
  kept: {{uses: filter, inputs: [stories], where: "length(text) > 0"}}
"#,
            out = d.join("out").display()
        ),
    );
    let out = d.join("out");
    let all = ["raw", "lang", "toks", "stories", "kept"];
    assert_eq!(
        rerun_plan(&wf),
        all.iter()
            .map(|s| (s.to_string(), "run (new)".to_string()))
            .collect()
    );
    run_ok(curate().arg("run").arg(&wf));
    assert!(
        statuses(&out).values().all(|s| s == "ran"),
        "{:?}",
        statuses(&out)
    );
    let m = manifest(&out.join("lang"));
    assert!(
        m["provenance"]["files"]["model: lid.ftz"].is_string(),
        "the manifest records the model's content hash: {m}"
    );
    let skip = "skip (committed, unchanged)";

    // Same bytes written again (new mtime): nothing recomputes.
    replace(
        &d.join("lid.ftz"),
        &std::fs::read(d.join("lid.ftz")).unwrap(),
    );
    assert_eq!(
        rerun_plan(&wf),
        all.iter()
            .map(|s| (s.to_string(), skip.to_string()))
            .collect()
    );
    run_ok(curate().arg("run").arg(&wf));
    assert!(
        statuses(&out).values().all(|s| s == "skipped"),
        "{:?}",
        statuses(&out)
    );

    // 1. Another model at the same path: langid and what reads it.
    replace(&d.join("lid.ftz"), &other_model);
    assert_eq!(
        rerun_plan(&wf),
        expect(&[
            ("raw", skip),
            ("lang", "recompute: model file lid.ftz changed"),
            ("toks", "recompute: upstream `lang` recomputed"),
            ("stories", skip),
            ("kept", skip),
        ])
    );
    let log = stderr(&run_ok(curate().arg("run").arg(&wf)));
    assert!(
        log.contains("recomputing: model file lid.ftz changed"),
        "{log}"
    );
    assert_eq!(
        statuses(&out),
        expect(&[
            ("raw", "skipped"),
            ("lang", "ran"),
            ("toks", "ran"),
            ("stories", "skipped"),
            ("kept", "skipped"),
        ])
    );
    // The new model's labels (en/de) replaced lid.176's (en, de, ...).
    let langs = count_by(&column(&out.join("lang"), "lang"));
    assert!(
        langs.keys().all(|l| l == "en" || l == "de") && langs.len() == 2,
        "{langs:?}"
    );

    // 2. Another template: generate and the filter after it.
    replace(
        &d.join("story.jinja"),
        format!("{} Give the main character a name.", template.trim_end()).as_bytes(),
    );
    assert_eq!(
        rerun_plan(&wf),
        expect(&[
            ("raw", skip),
            ("lang", skip),
            ("toks", skip),
            ("stories", "recompute: template file story.jinja changed"),
            ("kept", "recompute: upstream `stories` recomputed"),
        ])
    );
    run_ok(curate().arg("run").arg(&wf));
    assert_eq!(
        statuses(&out),
        expect(&[
            ("raw", "skipped"),
            ("lang", "skipped"),
            ("toks", "skipped"),
            ("stories", "ran"),
            ("kept", "ran"),
        ])
    );

    // 3. Another tokenizer: tokenize only.
    replace(&d.join("tok.json"), &tok_b);
    assert_eq!(
        rerun_plan(&wf),
        expect(&[
            ("raw", skip),
            ("lang", skip),
            ("toks", "recompute: tokenizer file tok.json changed"),
            ("stories", skip),
            ("kept", skip),
        ])
    );
    run_ok(curate().arg("run").arg(&wf));
    assert_eq!(
        statuses(&out),
        expect(&[
            ("raw", "skipped"),
            ("lang", "skipped"),
            ("toks", "ran"),
            ("stories", "skipped"),
            ("kept", "skipped"),
        ])
    );

    // A parameter change is named as such.
    let yaml = std::fs::read_to_string(&wf).unwrap();
    std::fs::write(&wf, yaml.replace("length(text) > 0", "length(text) > 1")).unwrap();
    assert_eq!(
        rerun_plan(&wf)["kept"],
        "recompute: parameter `where` changed"
    );
}
