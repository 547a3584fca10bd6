//! Tokenizer, token files and model training through `curate run`, checked
//! with Python's `tokenizers` and numpy (as nanoGPT reads token files).

use std::path::Path;

use super::*;

/// The story corpus -> tokenizer -> tokens -> GPT workflow with the given
/// model block, in `dir`.
fn story_workflow(dir: &Path, vocab: usize, model: &str, steps: usize, batch: usize) -> PathBuf {
    let corpus = repo().join("workflows/corpus/tinystories_val_prefix.txt.gz");
    workflow(
        dir,
        &format!(
            r#"
name: t
output: {out}
stages:
  stories:
    uses: ingest
    inputs: {corpus}
    text_mode: line
  tok:
    uses: train_tokenizer
    inputs: [stories]
    vocab_size: {vocab}
  tokens:
    uses: tokenize
    inputs: [tok, stories]
    val_fraction: 0.1
  gpt:
    uses: train_model
    inputs: [tokens]
    model: {model}
    steps: {steps}
    batch_size: {batch}
    lr: 3.0e-3
    eval_every: 25
    eval_batches: 4
    sample: {{prompt: "Once upon a time", max_new_tokens: 30}}
"#,
            out = dir.join("out").display(),
            corpus = corpus.display()
        ),
    )
}

const PY_CHECK: &str = r#"
import json, sys, glob
import numpy as np
import pyarrow.parquet as pq
from tokenizers import Tokenizer
out = sys.argv[1]
tok = Tokenizer.from_file(out + "/tok/tokenizer.json")
eot = tok.token_to_id("<|endoftext|>")
texts = set(pq.read_table(sorted(glob.glob(out + "/stories/*.parquet"))).column("text").to_pylist())
res = {"eot": eot, "vocab": tok.get_vocab_size()}
docs = 0; mismatched = 0; unknown = 0; total = 0
for f in sorted(glob.glob(out + "/tokens/tokens/*.bin")):
    header = np.fromfile(f, dtype=np.int32, count=256)
    assert header[0] == 20240520 and header[1] == 1, header[:3]
    toks = np.memmap(f, dtype=np.uint16, mode="r", offset=1024)
    assert len(toks) == header[2]
    total += len(toks)
    if len(toks) == 0:
        continue
    assert toks[0] == eot
    cuts = list(np.flatnonzero(toks == eot)) + [len(toks)]
    for a, b in zip(cuts[:-1], cuts[1:]):
        ids = [int(x) for x in toks[a + 1:b]]
        text = tok.decode(ids)
        docs += 1
        if text not in texts:
            unknown += 1
        if tok.encode(text).ids != ids:
            mismatched += 1
train = np.concatenate([np.memmap(f, dtype=np.uint16, mode="r", offset=1024) for f in sorted(glob.glob(out + "/tokens/tokens/train-*.bin"))])
_, counts = np.unique(train, return_counts=True)
p = counts / counts.sum()
res.update(docs=docs, unknown=unknown, mismatched=mismatched, total=total,
           entropy=float(-(p * np.log(p)).sum()),
           held_out=tok.encode(sys.argv[2]).ids,
           val_loss=pq.read_table(sorted(glob.glob(out + "/gpt/*.parquet"))).column("val_loss").to_pylist())
print(json.dumps(res))
"#;

#[test]
fn stories_to_tokenizer_tokens_and_a_model_that_learns() {
    let tmp = tempfile::tempdir().unwrap();
    // ~1M parameters: 1024 x 128 embedding + 4 layers of 128-wide blocks.
    let wf = story_workflow(
        tmp.path(),
        1024,
        "{hidden_size: 128, layers: 4, heads: 4, context: 64}",
        300,
        16,
    );
    let o = run_ok(curate().arg("run").arg(&wf));
    let summary = stdout(&o);
    assert!(summary.contains("val loss"), "{summary}");
    let out = tmp.path().join("out");
    for f in [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "generation_config.json",
    ] {
        assert!(out.join("gpt/model").join(f).exists(), "{f}");
    }

    let held_out = "Zorbly the purple giraffe whispered: \"Naïve café, 42 ways!\"";
    let py = std::process::Command::new("python3")
        .arg("-c")
        .arg(PY_CHECK)
        .arg(&out)
        .arg(held_out)
        .output()
        .expect("python3");
    assert!(
        py.status.success(),
        "tokenizers/numpy check failed (run .ci/run to install them): {}",
        String::from_utf8_lossy(&py.stderr)
    );
    let res: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
    assert_eq!(res["eot"], 0);
    assert_eq!(res["vocab"], 1024);
    // Every document in the token files decodes (in Python) to a text of the
    // input, and Python's encoder gives the ids our encoder wrote.
    let docs = res["docs"].as_u64().unwrap();
    let stories = column(&out.join("stories"), "text").len() as u64;
    assert_eq!(docs, stories);
    assert_eq!(res["unknown"], 0);
    assert_eq!(res["mismatched"], 0);
    // The manifest table counts the same tokens the files hold.
    let m = manifest(&out.join("tokens"));
    let bin_tokens: u64 = m["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["path"].as_str().unwrap().ends_with(".bin"))
        .map(|a| a["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(bin_tokens, res["total"].as_u64().unwrap());
    // A held-out text: our CLI encoder and Python's agree.
    let ours = run_ok(
        curate()
            .arg("encode")
            .arg("--tokenizer")
            .arg(out.join("tok/tokenizer.json"))
            .arg(held_out),
    );
    let ours: Vec<u64> = serde_json::from_str(stdout(&ours).trim()).unwrap();
    let theirs: Vec<u64> = res["held_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(ours, theirs);

    // The model learned: validation loss well below the unigram entropy
    // (the best loss without context) and below its first evaluation.
    let entropy = res["entropy"].as_f64().unwrap();
    let val: Vec<f64> = res["val_loss"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let last = *val.last().unwrap();
    eprintln!("unigram entropy {entropy:.3}, val losses {val:?}");
    assert!(entropy > 4.0, "entropy {entropy}");
    assert!(
        last < entropy - 1.5,
        "val loss {last} vs unigram entropy {entropy}"
    );
    assert!(last < val[0], "{val:?}");

    // Hugging Face layout: Llama tensor names, tied embedding.
    let st = std::fs::read(out.join("gpt/model/model.safetensors")).unwrap();
    let n = u64::from_le_bytes(st[..8].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&st[8..8 + n]).unwrap();
    for name in [
        "model.embed_tokens.weight",
        "model.layers.3.self_attn.q_proj.weight",
        "model.layers.0.mlp.gate_proj.weight",
        "model.norm.weight",
    ] {
        assert!(header.get(name).is_some(), "{name}");
    }
    assert!(header.get("lm_head.weight").is_none());
    let cfg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("gpt/model/config.json")).unwrap()).unwrap();
    assert_eq!(cfg["architectures"][0], "LlamaForCausalLM");
    assert_eq!(cfg["vocab_size"], 1024);

    // Sampling from the saved model.
    let s = run_ok(
        curate()
            .args([
                "sample",
                "--temperature",
                "0",
                "--max-new-tokens",
                "20",
                "--model",
            ])
            .arg(out.join("gpt/model")),
    );
    let text = stdout(&s);
    assert!(text.starts_with("Once upon a time"), "{text}");
    assert!(text.trim().len() > "Once upon a time".len() + 10, "{text}");

    // Rerun: everything is committed.
    let o = run_ok(curate().arg("run").arg(&wf));
    assert_eq!(stdout(&o).matches("skipped").count(), 4, "{}", stdout(&o));
}

#[test]
fn killed_training_resumes_from_its_checkpoint_to_the_same_curve() {
    let model = "{hidden_size: 64, layers: 2, heads: 2, context: 64}";
    let full = tempfile::tempdir().unwrap();
    let wf = story_workflow(full.path(), 300, model, 150, 8);
    run_ok(curate().arg("run").arg(&wf));
    let want = read_val_loss(&full.path().join("out/gpt"));

    let tmp = tempfile::tempdir().unwrap();
    let wf = story_workflow(tmp.path(), 300, model, 150, 8);
    // Killed between checkpoint files: the step-50 weights and state are
    // renamed into place, the step-25 weights not yet deleted.
    let o = curate()
        .arg("run")
        .arg(&wf)
        .env("CURATE_FAULT", "gpt:50:ckpt-after-state")
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(o.status.signal(), Some(9), "{}", stderr(&o));
    assert!(!tmp.path().join("out/gpt/manifest.json").exists());
    let o = run_ok(curate().arg("run").arg(&wf));
    assert!(stdout(&o).contains("resumed from step"), "{}", stdout(&o));
    assert_eq!(read_val_loss(&tmp.path().join("out/gpt")), want);
}

fn read_val_loss(dir: &Path) -> Vec<f64> {
    use arrow_array::Float64Array;
    let mut v = vec![];
    for b in read_batches(dir) {
        let c = b.column_by_name("val_loss").unwrap();
        let c = c.as_any().downcast_ref::<Float64Array>().unwrap();
        v.extend(c.iter().map(|x| x.unwrap()));
    }
    v
}
