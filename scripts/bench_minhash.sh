#!/usr/bin/env bash
# Benchmark curate's dedup_minhash against datatrove's MinHash pipeline (FineWeb
# settings on both sides: word 5-grams, 14 bands x 8 hashes), same corpus, one
# core each.
#
#   scripts/bench_minhash.sh              # results in bench-data/minhash/report.md
#   DOCS=5000 scripts/bench_minhash.sh    # smaller corpus for a quick check
#   SOURCE=big DOCS=1000000 DUP_FRAC=0.1 OUT=bench-data/minhash-1m scripts/bench_minhash.sh
#                                         # corpus scale: 1.1M paragraphs (~0.8 GB)
#
# SOURCE=big builds the source with scripts/bench/minhash_big_source.py (real
# sentences of ../shared/data recombined into paragraphs). The corpus is rebuilt
# only when its parameters change; REUSE_DATATROVE=1 keeps datatrove's result
# for an unchanged corpus (it takes about an hour at 1M documents), so curate
# can be measured again against the same datatrove run; ONLY=datatrove runs
# datatrove's side alone.
#
# Steps:
#   1. bench-data/minhash/venv: `pip install datatrove pyarrow regex spacy tokenizers "xxhash<4" orjson` (PyPI only; datatrove's English
#      word tokenizer is spacy.blank("en"): no model download).
#   2. bench-data/minhash/in/corpus.jsonl: DOCS (20000) documents of >= 50 words
#      from SOURCE (default bench-data/corpus.jsonl, built by
#      scripts/bench_heuristics.sh; any JSONL with a "text" field works) plus
#      DUP_FRAC (0.2) planted near duplicates, by scripts/bench/minhash_corpus.py.
#   3. curate: `ingest` + `dedup_minhash` (keep: datatrove) with threads: 1, under GNU time -v.
#      CURATE_BIN picks the binary (default target/release/curate, built with
#      `cargo build --release --bin curate` when missing; a debug binary works
#      but its speed says little).
#   4. datatrove: scripts/bench/minhash_datatrove.py (4 steps, one process).
#   5. scripts/bench/minhash_compare.py: removed / clustered docs, planted pairs
#      caught, overlap of both tools' results, docs/s per core, peak RSS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$ROOT/bench-data/minhash}"
case "$OUT" in /*) ;; *) OUT="$ROOT/$OUT" ;; esac
VENV="$ROOT/bench-data/minhash/venv"
DOCS="${DOCS:-20000}"
DUP_FRAC="${DUP_FRAC:-0.2}"
SEED="${SEED:-1234}"
PYTHON="${PYTHON:-python3}"
SOURCE="${SOURCE:-$ROOT/bench-data/corpus.jsonl}"
CURATE_BIN="${CURATE_BIN:-$ROOT/target/release/curate}"
TIME="${TIME_BIN:-/usr/bin/time}"
mkdir -p "$OUT"

echo "== 1/5 python venv with datatrove ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import datatrove.pipeline.dedup, pyarrow, orjson, xxhash; assert int(xxhash.VERSION.split('.')[0]) < 4" 2>/dev/null; then
    "$VENV/bin/pip" install -q "datatrove==0.10.1" pyarrow regex "spacy>=3.8,<3.9" tokenizers "xxhash<4" orjson
fi
PY="$VENV/bin/python"

echo "== 2/5 corpus ($DOCS docs + ${DUP_FRAC} planted near duplicates)"
mkdir -p "$OUT"
if [ "$SOURCE" = big ]; then
    # ~3% of the paragraphs (CJK) have fewer than 50 whitespace words.
    SOURCE="$OUT/source.jsonl"
    src_params="big docs=$((DOCS * 104 / 100)) $(sha1sum scripts/bench/minhash_big_source.py | cut -c1-12)"
    if [ "$(cat "$OUT/source.params" 2>/dev/null)" != "$src_params" ]; then
        "$PY" scripts/bench/minhash_big_source.py "$SOURCE" --docs $((DOCS * 104 / 100)) --data "${DATA:-$ROOT/../shared/data}"
        echo "$src_params" > "$OUT/source.params"
    fi
fi
if [ ! -f "$SOURCE" ]; then
    echo "no $SOURCE: run scripts/bench_heuristics.sh first or set SOURCE=file.jsonl (or SOURCE=big)" >&2
    exit 1
fi
params="source=$SOURCE $(stat -c %s "$SOURCE") docs=$DOCS dup=$DUP_FRAC seed=$SEED $(sha1sum scripts/bench/minhash_corpus.py | cut -c1-12)"
if [ "$(cat "$OUT/corpus.params" 2>/dev/null)" != "$params" ] || [ ! -s "$OUT/in/corpus.jsonl" ]; then
    rm -rf "$OUT/in" "$OUT/dt" "$OUT/dt_logs" "$OUT/result.json"
    "$PY" scripts/bench/minhash_corpus.py "$SOURCE" "$OUT" --docs "$DOCS" --dup-frac "$DUP_FRAC" --seed "$SEED"
    echo "$params" > "$OUT/corpus.params"
else
    echo "reusing $OUT/in/corpus.jsonl ($params)"
fi
rm -rf "$OUT/out"

if [ "${ONLY:-}" != datatrove ]; then
    echo "== 3/5 curate ($CURATE_BIN)"
    if [ ! -x "$CURATE_BIN" ]; then
        cargo build --release --bin curate
    fi
    cat > "$OUT/wf.yaml" <<YAML
name: bench_minhash
threads: 1
stages:
  raw: {uses: ingest, inputs: in/corpus.jsonl}
  near: {uses: dedup_minhash, inputs: [raw], keep: datatrove${CURATE_PARAMS:-}}   # datatrove's union-find root
YAML
    CURATE_PROGRESS=plain "$TIME" -v -o "$OUT/curate.time" "$CURATE_BIN" run "$OUT/wf.yaml" -o "$OUT/out"
fi

echo "== 4/5 datatrove"
if [ "${REUSE_DATATROVE:-0}" = 1 ] && [ -s "$OUT/result.json" ] && [ -s "$OUT/datatrove.time" ]; then
    echo "reusing datatrove's result for this corpus ($OUT/result.json)"
else
    rm -rf "$OUT/dt" "$OUT/dt_logs" "$OUT/result.json"
    "$TIME" -v -o "$OUT/datatrove.time" "$PY" scripts/bench/minhash_datatrove.py "$OUT/in" "$OUT" > "$OUT/datatrove.log" 2>&1 \
        || { tail -30 "$OUT/datatrove.log"; exit 1; }
fi
tail -1 "$OUT/datatrove.log"

[ "${ONLY:-}" = datatrove ] && exit 0
echo "== 5/5 compare"
"$PY" scripts/bench/minhash_compare.py "$OUT"
