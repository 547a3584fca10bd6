#!/usr/bin/env bash
# Benchmark curate's train_tokenizer + tokenize stages against Hugging Face
# `tokenizers` (Python) on the same >= 100 MB of text, in one run.
#
#   scripts/bench_tokenizer.sh              # results in bench-data/tokenizer/report.md
#   CORPUS_MB=20 THREADS=2 scripts/bench_tokenizer.sh
#
#   1. bench-data/venv-tok: pip install pyarrow tokenizers (PyPI only)
#   2. bench-data/corpus.jsonl: the seeded corpus of scripts/bench/make_corpus.py
#      (the heuristics benchmark's corpus: real text from ../shared/data)
#   3. cargo build --release --bin curate
#   4. curate run: ingest -> train_tokenizer (vocab $VOCAB) -> tokenize, with -t $THREADS
#      and RAYON_NUM_THREADS=$THREADS; stage wall times from the manifests, peak RSS
#      from /usr/bin/time
#   5. scripts/bench/hf_tokenizer.py on the ingest stage's Parquet shards (same texts,
#      same order), RAYON_RS_NUM_THREADS=$THREADS: train, batch-encode, compression,
#      and whether both tokenizers are identical
#   6. the report
# Env: CORPUS_MB (110), SEED (1234), VOCAB (8192), THREADS (1), PYTHON (python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-data"
CORPUS_MB="${CORPUS_MB:-110}"
SEED="${SEED:-1234}"
VOCAB="${VOCAB:-8192}"
THREADS="${THREADS:-1}"
PYTHON="${PYTHON:-python3}"
DATA="${DATA:-$ROOT/../shared/data}"
W="$OUT/tokenizer"
mkdir -p "$W"

echo "== 1/6 python venv with tokenizers ($OUT/venv-tok)"
if [ ! -x "$OUT/venv-tok/bin/python" ]; then
    "$PYTHON" -m venv "$OUT/venv-tok"
    "$OUT/venv-tok/bin/python" -m pip install --quiet --upgrade pip
    "$OUT/venv-tok/bin/python" -m pip install --quiet pyarrow tokenizers
fi
VPY="$OUT/venv-tok/bin/python"
"$VPY" -c 'import tokenizers; print("tokenizers", tokenizers.__version__)'

echo "== 2/6 corpus ($CORPUS_MB MB, seed $SEED)"
. scripts/bench/corpus.sh
ensure_corpus "$VPY"
ls -la "$CORPUS"

echo "== 3/6 cargo build --release"
cargo build --release --bin curate

echo "== 4/6 curate run (threads $THREADS)"
cat > "$W/wf.yaml" <<YAML
name: bench_tokenizer
output: $W/out
threads: $THREADS
stages:
  docs:
    uses: ingest
    inputs: $CORPUS
  tok:
    uses: train_tokenizer
    inputs: [docs]
    vocab_size: $VOCAB
  tokens:
    uses: tokenize
    inputs: [tok, docs]
    val_fraction: 0.0
YAML
rm -rf "$W/out"
RAYON_NUM_THREADS=$THREADS CURATE_PROGRESS=plain /usr/bin/time -v -o "$W/time.txt" \
    target/release/curate run "$W/wf.yaml" | tee "$W/curate.txt"
grep "Maximum resident" "$W/time.txt"

echo "== 5/6 Hugging Face tokenizers (Python)"
RAYON_NUM_THREADS=$THREADS RAYON_RS_NUM_THREADS=$THREADS /usr/bin/time -v -o "$W/time_hf.txt" \
    "$VPY" scripts/bench/hf_tokenizer.py "$W/out/docs/*.parquet" "$VOCAB" "$W/out/tok/tokenizer.json" "$W/hf.json"
grep "Maximum resident" "$W/time_hf.txt"

echo "== 6/6 report"
"$VPY" - "$W" "$THREADS" <<'PY' | tee "$W/report.md"
import json, sys
w, threads = sys.argv[1], sys.argv[2]
hf = json.load(open(f"{w}/hf.json"))
tok = json.load(open(f"{w}/out/tok/manifest.json"))
tks = json.load(open(f"{w}/out/tokens/manifest.json"))
rss = lambda f: int([l for l in open(f) if "Maximum resident" in l][0].split()[-1]) / 1024
ntok = sum(a["rows"] for a in tks["artifacts"] if a["path"].endswith(".bin"))
mb = hf["bytes"] / 1e6
print(f"# Tokenizer benchmark: {hf['docs']:,} docs, {mb:.1f} MB, vocab {json.load(open(w + '/out/tok/tokenizer.json'))['model']['vocab'].__len__():,}, {threads} thread(s)\n")
print("| | curate | HF tokenizers (Python) | ratio |\n|---|---|---|---|")
print(f"| BPE training wall | {tok['wall_seconds']:.1f} s (reads Parquet) | {hf['hf_train_s']:.1f} s (texts in memory) | {hf['hf_train_s']/tok['wall_seconds']:.2f}x |")
ct = ntok / tks['wall_seconds']; ht = hf['hf_tokens'] / hf['hf_encode_s']
print(f"| encoding, tokens/s per core | {ct/int(threads):,.0f} (Parquet in, token files out) | {ht/int(threads):,.0f} (encode_batch, in memory) | {ct/ht:.2f}x |")
print(f"| bytes per token | {hf['curate_bytes_per_token']:.3f} | {hf['hf_bytes_per_token']:.3f} | |")
print(f"| peak RSS, whole process | {rss(w + '/time.txt'):.0f} MB (ingest+train+tokenize) | {rss(w + '/time_hf.txt'):.0f} MB | |")
print(f"\nSame vocabulary and merges as HF trained on the same texts: {hf['same_vocab']}; same ids on the first 2,000 docs: {hf['same_ids_first_2000_docs']}.")
print(f"curate wrote {ntok:,} tokens (EOT separators included); HF encoded {hf['hf_tokens']:,} (no separators).")
PY
