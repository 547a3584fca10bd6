#!/usr/bin/env bash
# HTML main-text extraction: curate's `extract` (filters::extract) against
# trafilatura (PyPI, current version, default settings) on the same pages, one
# process and one core each, in one run.
#
#   scripts/bench_extract.sh                 # report in bench-data/extract/report.md
#   ROUNDS=5 scripts/bench_extract.sh
#
# Page sets:
#   shared: the 110 real pages of ../shared/data/web/trafilatura-cache
#   np:     the 30 real pages of newspaper4k's test data (PyPI sdist
#           newspaper4k==0.9.6, tests/data/html: Arabic, Burmese, Chinese,
#           Japanese, Korean, Latvian, Spanish, Thai and English news pages),
#           pages never looked at while the rules were written
#
# Steps:
#   1. bench-data/extract/venv: trafilatura + lxml_html_clean (PyPI).
#   2. the page lists (the newspaper4k sdist via `pip download`).
#   3. `cargo build --release -p curate-filters --bin bench_extract` (no DataFusion).
#   4. per set: trafilatura (scripts/bench/extract_peer.py: extract() on the
#      page bytes) and curate twice (default: comments dropped; --comments:
#      trafilatura's default of appending them), CPU time of the extraction
#      loop; the three take turns ROUNDS times, best pass of each kept
#      (scripts/bench/extract_best.py).
#   5. scripts/bench/extract_compare.py: word 4-gram shingle P/R/F1 of our
#      text against trafilatura's per page, docs/s per core, pages with F1 < 0.8.
#   6. scripts/bench/extract_judge.py: trafilatura's own per-page expectations
#      for the shared pages (strings that must / must not be in the text, from
#      tests/realworld_tests.py of its git repository; not in the PyPI sdist)
#      for trafilatura and for us. JUDGE names the JSON (default
#      $OUT/realworld_expectations.json, format in extract_judge.py); without
#      it this step fails loudly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$ROOT/bench-data/extract}"
VENV="$OUT/venv"
ROUNDS="${ROUNDS:-3}"
PYTHON="${PYTHON:-python3}"
PAGES="${PAGES:-$ROOT/../shared/data/web/trafilatura-cache}"
mkdir -p "$OUT"

echo "== 1/6 python venv with trafilatura ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import trafilatura, lxml_html_clean" 2>/dev/null; then
    "$VENV/bin/pip" install -q trafilatura lxml_html_clean
fi
PY="$VENV/bin/python"

echo "== 2/6 pages"
ls "$PAGES"/*.html | xargs -n1 realpath > "$OUT/pages-shared.txt"
if [ ! -d "$OUT/np/newspaper4k-0.9.6/tests/data/html" ]; then
    mkdir -p "$OUT/np"
    "$VENV/bin/pip" download -q --no-binary :all: --no-deps -d "$OUT/np" "newspaper4k==0.9.6"
    tar -xzf "$OUT/np/newspaper4k-0.9.6.tar.gz" -C "$OUT/np" newspaper4k-0.9.6/tests/data/html
fi
ls "$OUT"/np/newspaper4k-0.9.6/tests/data/html/*.html > "$OUT/pages-np.txt"
wc -l "$OUT"/pages-*.txt

echo "== 3/6 cargo build --release -p curate-filters --bin bench_extract"
cargo build --release -q -p curate-filters --bin bench_extract
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/bench_extract"

echo "== 4/6 extraction, $ROUNDS interleaved rounds each"
# The three extractors take turns (peer, default, comments; ROUNDS times),
# each call timing two passes over the pages after loading them (the first
# warms caches and the allocator); the best pass of every extractor is kept.
# Interleaving spreads the machine's drift over all three instead of
# charging it to whichever ran first.
for set in shared np; do
    for ((r = 1; r <= ROUNDS; r++)); do
        "$PY" scripts/bench/extract_peer.py "$OUT/pages-$set.txt" "$OUT/peer-$set.r$r.jsonl" --rounds 2
        "$BIN" "$OUT/pages-$set.txt" "$OUT/curate-$set.r$r.jsonl" --rounds 2
        "$BIN" "$OUT/pages-$set.txt" "$OUT/curate-comments-$set.r$r.jsonl" --rounds 2 --comments
    done
    for v in peer curate curate-comments; do
        "$PY" scripts/bench/extract_best.py "$OUT/$v-$set.jsonl" "$OUT/$v-$set".r*.jsonl
    done
done

echo "== 5/6 compare"
: > "$OUT/report.md"
for set in shared np; do
    "$PY" scripts/bench/extract_compare.py "$OUT/peer-$set.jsonl" "$OUT/curate-$set.jsonl" \
        "$OUT/curate-comments-$set.jsonl" --report "$OUT/report-$set.md" --json "$OUT/result-$set.json" --name "$set"
    cat "$OUT/report-$set.md" >> "$OUT/report.md"
    echo >> "$OUT/report.md"
done
echo "== 6/6 judge: trafilatura's real-world test expectations"
JUDGE="${JUDGE:-$OUT/realworld_expectations.json}"
if [ ! -f "$JUDGE" ]; then
    echo "ERROR: $JUDGE missing: the expectations of trafilatura's tests/realworld_tests.py" >&2
    echo "(not in its PyPI sdist; see README, web section). The report is written without the judge." >&2
    echo "report: $OUT/report.md (WITHOUT judge)"
    exit 3
fi
"$PY" scripts/bench/extract_judge.py "$JUDGE" "$OUT/peer-shared.jsonl" "$OUT/curate-shared.jsonl" \
    "$OUT/curate-comments-shared.jsonl" --report "$OUT/judge-shared.md" --json "$OUT/judge-shared.json"
cat "$OUT/judge-shared.md" >> "$OUT/report.md"
echo "report: $OUT/report.md"
