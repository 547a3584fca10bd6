//! `curate validate` and `curate run --dry-run`.

use super::*;

#[test]
fn validate_reports_every_problem_with_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.jsonl"), "{\"text\": \"x\"}\n").unwrap();
    let wf = workflow(
        tmp.path(),
        "stages:\n  raw:\n    uses: ingest\n    inputs: a.jsonl\n  scored:\n    uses: heuristic\n    inputs: [raw]\n  good:\n    uses: filter\n    inputs: [scord]\n    where: word_count > 1\n  lang:\n    uses: langid\n    inputs: [raw]\n    model: models/missing.ftz\n  lang2:\n    uses: langid\n    inputs: [raw]\n    model: s3://bucket/lid.bin\n  tok:\n    uses: tokenize\n    inputs: [raw]\n    tokenizer: s3://bucket/tokenizer.json\n",
    );
    let o = curate().arg("validate").arg(&wf).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("wf.yaml:6:11: unknown stage kind `heuristic`; did you mean `heuristics`?"),
        "{err}"
    );
    assert!(
        err.contains("wf.yaml:10:14: input `scord` is not a stage"),
        "{err}"
    );
    assert!(
        err.contains("wf.yaml:15:12: stage `lang` (langid): `model`: no file models/missing.ftz"),
        "{err}"
    );
    // A model may be an object-store URL (checked when the run starts);
    // a tokenizer may not.
    assert!(!err.contains("stage `lang2`"), "{err}");
    assert!(
        err.contains("wf.yaml:23:16: stage `tok` (tokenize): `tokenizer`: s3://bucket/tokenizer.json is a URL; this parameter takes a local path"),
        "{err}"
    );
    assert!(err.contains("4 problem(s)"), "{err}");
}

#[test]
fn dry_run_prints_dag_and_plans_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = run_ok(
        curate()
            .arg("run")
            .arg("--dry-run")
            .arg(repo().join("workflows/quickstart.yaml"))
            .arg("-o")
            .arg(&out),
    );
    let s = stdout(&o);
    assert!(
        s.contains("[3] scored (heuristics) <- raw, notes -> good"),
        "{s}"
    );
    assert!(s.contains("curate_heuristics"), "{s}");
    assert!(s.contains("Projection"), "DataFusion plan expected:\n{s}");
    assert!(!out.exists());
}

/// `device: cuda` in a binary built without the `cuda` feature (the default
/// build) is refused when the workflow is checked, naming the fix; `gpus`
/// must split the batch. No silent fall back to the CPU.
#[test]
#[cfg(not(feature = "cuda"))]
fn train_model_on_cuda_without_the_feature_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.jsonl"), "{\"text\": \"x\"}\n").unwrap();
    let wf = workflow(
        tmp.path(),
        "stages:\n  raw:\n    uses: ingest\n    inputs: a.jsonl\n  tok:\n    uses: train_tokenizer\n    inputs: [raw]\n  tokens:\n    uses: tokenize\n    inputs: [tok, raw]\n  gpt:\n    uses: train_model\n    inputs: [tokens]\n    device: cuda\n  gpt2:\n    uses: train_model\n    inputs: [tokens]\n    device: auto\n    gpus: 3\n    batch_size: 16\n",
    );
    let o = curate().arg("validate").arg(&wf).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`device` this curate binary was built without CUDA support")
            && err.contains("--features cuda"),
        "{err}"
    );
    assert!(
        err.contains("batch_size must split evenly over the GPUs"),
        "{err}"
    );
    let o = curate().arg("gpu").arg("check").output().unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("built without CUDA support"),
        "{}",
        stderr(&o)
    );
}
