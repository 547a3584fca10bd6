#!/usr/bin/env bash
# A real GPU training run: the 33M-parameter model (d512, 8 layers, 8 heads, context 512,
# vocab 8192) trained by `train_model` with `device: cuda` on the 110 MB benchmark corpus
# (scripts/bench/make_corpus.py), then `curate sample` from it and its logits checked
# against transformers' LlamaForCausalLM (scripts/check_hf_logits.py).
#
#   scripts/bench_train_gpu.sh CURATE CORPUS.jsonl [OUT]
#
# env: STEPS (4000), BATCH (64), LR (1.5e-3), GPUS (1), EVALS (10).
# CURATE: a binary from scripts/build_cuda.sh. The workflow is scripts/bench_train.sh's
# (ingest -> train_tokenizer, vocab 8192 -> tokenize, 1% validation -> train_model) with the
# 33M model on the GPU. Prints the loss curve, the summary and samples; writes them under OUT.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CURATE="$1" CORPUS="$2" OUT="${3:-bench-gpu/train}"
STEPS="${STEPS:-4000}" BATCH="${BATCH:-64}" LR="${LR:-1.5e-3}" GPUS="${GPUS:-1}" EVALS="${EVALS:-10}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
. "$HERE/bench/gpu_env.sh"
cat > "$OUT/wf.yaml" <<YAML
name: bench_train_gpu
output: $OUT/out
stages:
  docs:
    uses: ingest
    inputs: $(realpath "$CORPUS")
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
    device: cuda
    gpus: $GPUS
    model: {hidden_size: 512, layers: 8, heads: 8, context: 512}
    steps: $STEPS
    batch_size: $BATCH
    lr: $LR
    eval_every: $(( STEPS / EVALS ))
    eval_batches: 16
    sample: {prompt: "The history of the", max_new_tokens: 60}
YAML
CURATE_PROGRESS=plain "$CURATE" run "$OUT/wf.yaml" | tee "$OUT/summary.txt"
python3 - "$OUT" <<'PY' | tee "$OUT/curve.md"
import glob, sys
import pyarrow.parquet as pq
w = sys.argv[1]
t = pq.read_table(sorted(glob.glob(w + "/out/gpt/*.parquet"))).to_pylist()
print("| step | tokens seen | train loss | val loss | tokens/s |\n|---:|---:|---:|---:|---:|")
for r in t:
    print(f"| {r['step']} | {r['tokens_seen']:,} | {r['train_loss']:.3f} | {r['val_loss']:.3f} | {r['tokens_per_s']:,.0f} |")
PY
M="$OUT/out/gpt/model"
for p in "The history of the" "Once upon a time" "In 2010, the city"; do
  "$CURATE" sample --model "$M" --prompt "$p" --max-new-tokens 60 --seed 1
  echo "---"
done | tee "$OUT/samples.txt"
"$CURATE" logits --model "$M" "The history of the city began in the early years of the century." > "$OUT/ours.json"
python3 "$HERE/check_hf_logits.py" "$M" "$OUT/ours.json" | tee "$OUT/hf_logits.json"
