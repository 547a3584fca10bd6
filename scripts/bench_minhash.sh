#!/usr/bin/env bash
# Benchmark curate's dedup_minhash against datatrove's MinHash pipeline (FineWeb
# settings on both sides: word 5-grams, 14 bands x 8 hashes), same corpus, one
# core each.
#
#   scripts/bench_minhash.sh              # results in bench-data/minhash/report.md
#   DOCS=5000 scripts/bench_minhash.sh    # smaller corpus for a quick check
#
# Steps:
#   1. bench-data/minhash/venv: `pip install datatrove pyarrow regex spacy tokenizers "xxhash<4" orjson` (PyPI only; datatrove's English
#      word tokenizer is spacy.blank("en"): no model download).
#   2. bench-data/minhash/in/corpus.jsonl: DOCS (20000) documents of >= 50 words
#      from SOURCE (default bench-data/corpus.jsonl, built by
#      scripts/bench_heuristics.sh; any JSONL with a "text" field works) plus
#      DUP_FRAC (0.2) planted near duplicates, by scripts/bench/minhash_corpus.py.
#   3. curate: `ingest` + `dedup_minhash` with threads: 1, under GNU time -v.
#      CURATE_BIN picks the binary (default target/release/curate, built with
#      `cargo build --release --bin curate` when missing; a debug binary works
#      but its speed says little).
#   4. datatrove: scripts/bench/minhash_datatrove.py (4 steps, one process).
#   5. scripts/bench/minhash_compare.py: removed / clustered docs, planted pairs
#      caught, overlap of both tools' results, docs/s per core, peak RSS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-data/minhash"
DOCS="${DOCS:-20000}"
DUP_FRAC="${DUP_FRAC:-0.2}"
SEED="${SEED:-1234}"
PYTHON="${PYTHON:-python3}"
SOURCE="${SOURCE:-$ROOT/bench-data/corpus.jsonl}"
CURATE_BIN="${CURATE_BIN:-$ROOT/target/release/curate}"
TIME="${TIME_BIN:-/usr/bin/time}"
mkdir -p "$OUT"

echo "== 1/5 python venv with datatrove ($OUT/venv)"
if [ ! -x "$OUT/venv/bin/python" ]; then
    "$PYTHON" -m venv "$OUT/venv"
fi
if ! "$OUT/venv/bin/python" -c "import datatrove.pipeline.dedup, pyarrow, orjson, xxhash; assert int(xxhash.VERSION.split('.')[0]) < 4" 2>/dev/null; then
    "$OUT/venv/bin/pip" install -q "datatrove==0.10.1" pyarrow regex "spacy>=3.8,<3.9" tokenizers "xxhash<4" orjson
fi
PY="$OUT/venv/bin/python"

echo "== 2/5 corpus ($DOCS docs + ${DUP_FRAC} planted near duplicates)"
if [ ! -f "$SOURCE" ]; then
    echo "no $SOURCE: run scripts/bench_heuristics.sh first or set SOURCE=file.jsonl" >&2
    exit 1
fi
rm -rf "$OUT/in" "$OUT/out" "$OUT/dt" "$OUT/dt_logs"
"$PY" scripts/bench/minhash_corpus.py "$SOURCE" "$OUT" --docs "$DOCS" --dup-frac "$DUP_FRAC" --seed "$SEED"

echo "== 3/5 curate ($CURATE_BIN)"
if [ ! -x "$CURATE_BIN" ]; then
    cargo build --release --bin curate
fi
cat > "$OUT/wf.yaml" <<YAML
name: bench_minhash
threads: 1
stages:
  raw: {uses: ingest, inputs: in/corpus.jsonl}
  near: {uses: dedup_minhash, inputs: [raw], keep: first}   # datatrove keeps the first
YAML
CURATE_PROGRESS=plain "$TIME" -v -o "$OUT/curate.time" "$CURATE_BIN" run "$OUT/wf.yaml" -o "$OUT/out"

echo "== 4/5 datatrove"
"$TIME" -v -o "$OUT/datatrove.time" "$PY" scripts/bench/minhash_datatrove.py "$OUT/in" "$OUT" > "$OUT/datatrove.log" 2>&1 \
    || { tail -30 "$OUT/datatrove.log"; exit 1; }
tail -1 "$OUT/datatrove.log"

echo "== 5/5 compare"
"$PY" scripts/bench/minhash_compare.py "$OUT"
