#!/usr/bin/env bash
# Benchmark curate's heuristic filters (filters/src/heuristics) against datatrove, in one run.
#
#   scripts/bench_heuristics.sh            # everything; results in bench-data/report.md
#   CORPUS_MB=20 scripts/bench_heuristics.sh   # smaller corpus for a quick check
#
# Steps (all single-threaded / single-process, same machine, same corpus):
#   1. bench-data/venv: `pip install datatrove spacy regex` (PyPI only). datatrove's
#      English word tokenizer is `spacy.blank("en")` + the rule-based sentencizer, which
#      needs the spacy package but no model download and no NLTK punkt data, so the
#      whole benchmark runs offline once the packages are installed.
#   2. bench-data/corpus.jsonl: >= 100 MB built deterministically (seeded) from
#      ../shared/data by scripts/bench/make_corpus.py (rebuilt when CORPUS_MB/SEED change).
#   3. cargo build --release -p curate-filters --bin bench_heuristics
#   4. Rust: score() over every doc, then each rule set's stand-alone function in its
#      own pass (--per-set); verdicts -> bench-data/rust_verdicts.jsonl
#   5. datatrove: each of the 4 filters in its own pass over the original texts;
#      verdicts -> bench-data/datatrove_verdicts.jsonl
#   6. scripts/bench/compare.py: docs/s per core per rule set for both, speed-up,
#      disagreements per rule set (with up to 3 examples), word-list identity;
#      printed and written to bench-data/report.md
#
# Env: CORPUS_MB (default 110), SEED (1234), PYTHON (python3), WORDS=0 to skip the
# word-list comparison (saves one datatrove tokenization pass).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-data"
CORPUS_MB="${CORPUS_MB:-110}"
SEED="${SEED:-1234}"
PYTHON="${PYTHON:-python3}"
WORDS="${WORDS:-1}"
DATA="${DATA:-$ROOT/../shared/data}"
mkdir -p "$OUT"

echo "== 1/6 python venv with datatrove ($OUT/venv)"
if [ ! -x "$OUT/venv/bin/python" ]; then
    "$PYTHON" -m venv "$OUT/venv"
fi
VPY="$OUT/venv/bin/python"
if ! "$VPY" -c "import datatrove, spacy, regex" 2>/dev/null; then
    "$VPY" -m pip install --quiet --upgrade pip
    "$VPY" -m pip install --quiet "datatrove==0.10.1" "spacy>=3.8,<3.9" regex
fi
"$VPY" -c "from importlib.metadata import version as v; print('datatrove', v('datatrove'), '| spacy', v('spacy'))"

echo "== 2/6 corpus"
. scripts/bench/corpus.sh
ensure_corpus "$VPY"

echo "== 3/6 cargo build --release"
cargo build --release -p curate-filters --bin bench_heuristics
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/bench_heuristics"

WORD_ARGS_RS=()
WORD_ARGS_DT=()
WORD_ARGS_CMP=()
if [ "$WORDS" = "1" ]; then
    WORD_ARGS_RS=(--dump-words "$OUT/rust_words.jsonl")
    WORD_ARGS_DT=(--dump-words "$OUT/datatrove_words.jsonl")
    WORD_ARGS_CMP=(--rust-words "$OUT/rust_words.jsonl" --dt-words "$OUT/datatrove_words.jsonl")
fi

echo "== 4/6 curate (Rust)"
"$BIN" "$CORPUS" "$OUT/rust_verdicts.jsonl" --per-set --summary "$OUT/rust_summary.json" "${WORD_ARGS_RS[@]}"

echo "== 5/6 datatrove (this takes a while: ~0.3-0.5 MB/s per filter)"
"$VPY" scripts/bench/datatrove_heuristics.py "$CORPUS" "$OUT/datatrove_verdicts.jsonl" \
    --summary "$OUT/datatrove_summary.json" "${WORD_ARGS_DT[@]}"

echo "== 6/6 compare"
"$VPY" scripts/bench/compare.py "$CORPUS" "$OUT/rust_verdicts.jsonl" "$OUT/datatrove_verdicts.jsonl" \
    --rust-summary "$OUT/rust_summary.json" --dt-summary "$OUT/datatrove_summary.json" \
    --report "$OUT/report.md" "${WORD_ARGS_CMP[@]}"
echo "report: $OUT/report.md"
