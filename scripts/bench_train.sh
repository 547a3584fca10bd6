#!/usr/bin/env bash
# Training-speed benchmark of `train_model` (release build, CPU): a ~3.3M-parameter
# Llama-style GPT on the seeded 110 MB benchmark corpus (scripts/bench/make_corpus.py:
# wiki, web pages, stories, 75 languages), tokenized with an 8192-token BPE.
#
#   scripts/bench_train.sh             # STEPS (default 1200) steps; ~30 min on 2 cores
#   STEPS=100 scripts/bench_train.sh   # a quick check
#
# Prints the loss curve (step, train loss, validation loss, tokens/s) from the stage's
# training log and writes it to bench-data/train/curve.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-data"
STEPS="${STEPS:-1200}"
CORPUS_MB="${CORPUS_MB:-110}"
SEED="${SEED:-1234}"
DATA="${DATA:-$ROOT/../shared/data}"
W="$OUT/train"
mkdir -p "$W"
. scripts/bench/corpus.sh
ensure_corpus python3
cargo build --release --bin curate
cat > "$W/wf.yaml" <<YAML
name: bench_train
output: $W/out
stages:
  docs:
    uses: ingest
    inputs: $CORPUS
  tok:
    uses: train_tokenizer
    inputs: [docs]
    vocab_size: 8192
  tokens:
    uses: tokenize
    inputs: [tok, docs]
    val_fraction: 0.01
  gpt:
    uses: train_model
    inputs: [tokens]
    model: {hidden_size: 192, layers: 4, heads: 6, context: 256}
    steps: $STEPS
    batch_size: 8
    lr: 2.0e-3
    eval_every: $(( STEPS / 12 > 0 ? STEPS / 12 : 1 ))
    eval_batches: 8
    sample: {prompt: "The history of the", max_new_tokens: 40}
YAML
CURATE_PROGRESS=plain /usr/bin/time -v -o "$W/time.txt" target/release/curate run "$W/wf.yaml" | tee "$W/summary.txt"
grep "Maximum resident" "$W/time.txt"
python3 - "$W" <<'PY' | tee "$W/curve.md"
import glob, sys
import pyarrow.parquet as pq
w = sys.argv[1]
t = pq.read_table(sorted(glob.glob(w + "/out/gpt/*.parquet"))).to_pylist()
print("| step | tokens seen | train loss | val loss | tokens/s |\n|---:|---:|---:|---:|---:|")
for r in t:
    print(f"| {r['step']} | {r['tokens_seen']:,} | {r['train_loss']:.3f} | {r['val_loss']:.3f} | {r['tokens_per_s']:,.0f} |")
PY
