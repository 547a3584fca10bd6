#!/usr/bin/env bash
# The heuristics stage (`scored`), dedup_exact (`exact`: its hash, group and
# filter queries run on the cluster, the executors writing its work files
# and shards) and dedup_minhash (`near`, whose signature query, bucket
# queries and filter phase run on the cluster, the executors writing the
# bucket work files and its shards; the union-find runs in the client) on the
# local engine and on a Ballista cluster of our own binary (1 and 2
# executors, one task slot each) on this machine, on the same input; the
# README's table. Usage:
#   scripts/bench_ballista.sh [CURATE_BIN] [SHARDS] [DOCS_PER_SHARD] [ROUNDS]
# Prints, per engine and round, each stage's wall time and docs/s (from
# the run's summary), then the medians as ratios to the local engine.
set -euo pipefail
bin=${1:-target/debug/curate}
shards=${2:-16}
docs=${3:-2000}
rounds=${4:-1}
bin=$(realpath "$bin")
repo=$(realpath "$(dirname "$0")/..")
work=$(mktemp -d)
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
mkdir -p "$work/in"
python3 - "$repo/workflows/corpus/notes.txt" "$work/in" "$shards" "$docs" <<'PY'
import json, random, re, sys
text = open(sys.argv[1]).read()
sents = [s.strip() + "." for s in re.split(r"[.!?]", text) if len(s.split()) >= 4]
rng = random.Random(7)
total = 0
for f in range(int(sys.argv[3])):
    with open(f"{sys.argv[2]}/{f:03}.jsonl", "w") as out:
        for _ in range(int(sys.argv[4])):
            t = " ".join(rng.choice(sents) for _ in range(25))
            total += len(t.encode())
            out.write(json.dumps({"text": t}) + "\n")
n = int(sys.argv[3]) * int(sys.argv[4])
print(f"input: {n} documents, {total} bytes of text ({total / n:.0f} bytes per document)")
PY
cat > "$work/wf.yaml" <<'YAML'
name: bench
threads: 2
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl"}
  scored: {uses: heuristics, inputs: [raw]}
  near: {uses: dedup_minhash, inputs: [raw]}
  exact: {uses: dedup_exact, inputs: [raw]}
YAML
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# "ENGINE STAGE SECONDS DOCS/S" of `scored`, `near` and `exact` from a run's summary table.
times() { awk -v e="$1" '($1 == "scored" && $2 == "heuristics") || ($1 == "near" && $2 == "dedup_minhash") || ($1 == "exact" && $2 == "dedup_exact") { w = $(NF-1); sub(/s$/, "", w); print e, $1, w, $NF }'; }
export CURATE_PROGRESS=plain
results="$work/results"
: >"$results"
"$bin" run "$work/wf.yaml" -o "$work/ingest" 2>/dev/null >/dev/null
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/local" && cp -r "$work/ingest" "$work/local" && rm -rf "$work/local/scored" "$work/local/near" "$work/local/exact"
  "$bin" run "$work/wf.yaml" -o "$work/local" 2>/dev/null | times local | tee -a "$results"
  for n in 1 2; do
    sp=$(port)
    "$bin" scheduler --bind "127.0.0.1:$sp" >"$work/s$n.log" 2>&1 &
    sleep 1
    for i in $(seq 1 "$n"); do
      "$bin" executor --scheduler "127.0.0.1:$sp" --bind "127.0.0.1:$(port)" --grpc-port "$(port)" \
        --concurrent-tasks 1 >"$work/e$n$i.log" 2>&1 &
    done
    sleep 2
    # The ingest output of the local run, so only the measured stages differ.
    rm -rf "$work/b$n" && cp -r "$work/ingest" "$work/b$n" && rm -rf "$work/b$n/scored" "$work/b$n/near" "$work/b$n/exact"
    "$bin" run "$work/wf.yaml" -o "$work/b$n" --engine ballista --scheduler "df://127.0.0.1:$sp" 2>/dev/null \
      | times "ballista-$n" | tee -a "$results"
    for p in $(jobs -p); do kill "$p"; done
    wait 2>/dev/null || true
  done
done
echo "medians over $rounds round(s); ratio = local wall time / this engine's (above 1: faster than local)"
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for e, s, w, _ in rows:
    med.setdefault((e, s), []).append(float(w))
med = {k: statistics.median(v) for k, v in med.items()}
for s in ("scored", "near", "exact"):
    base = med[("local", s)]
    for e in ("local", "ballista-1", "ballista-2"):
        w = med[(e, s)]
        print(f"{s:7} {e:11} {w:8.2f} s  ratio {base / w:5.2f}")
PY
