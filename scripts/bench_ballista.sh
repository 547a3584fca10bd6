#!/usr/bin/env bash
# The heuristics stage on the local engine and on a Ballista cluster of our
# own binary (1 and 2 executors, one task slot each) on this machine; the
# README's table. Usage: scripts/bench_ballista.sh [CURATE_BIN] [SHARDS] [DOCS_PER_SHARD]
set -euo pipefail
bin=${1:-target/debug/curate}
shards=${2:-16}
docs=${3:-2000}
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
for f in range(int(sys.argv[3])):
    with open(f"{sys.argv[2]}/{f:03}.jsonl", "w") as out:
        for _ in range(int(sys.argv[4])):
            out.write(json.dumps({"text": " ".join(rng.choice(sents) for _ in range(25))}) + "\n")
PY
cat > "$work/wf.yaml" <<'YAML'
name: bench
threads: 2
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl"}
  scored: {uses: heuristics, inputs: [raw]}
YAML
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# The wall time of `scored` from the run's summary table.
scored() { awk '$1 == "scored" { print $(NF-1), $NF }'; }
export CURATE_PROGRESS=plain
"$bin" run "$work/wf.yaml" -o "$work/local" 2>/dev/null | scored | sed 's/^/local      /'
for n in 1 2; do
  sp=$(port)
  "$bin" scheduler --bind "127.0.0.1:$sp" >"$work/s$n.log" 2>&1 &
  sleep 1
  for i in $(seq 1 "$n"); do
    "$bin" executor --scheduler "127.0.0.1:$sp" --bind "127.0.0.1:$(port)" --grpc-port "$(port)" \
      --concurrent-tasks 1 >"$work/e$n$i.log" 2>&1 &
  done
  sleep 2
  # The ingest output of the local run, so only `scored` differs.
  cp -r "$work/local" "$work/b$n" && rm -rf "$work/b$n/scored"
  "$bin" run "$work/wf.yaml" -o "$work/b$n" --engine ballista --scheduler "df://127.0.0.1:$sp" 2>/dev/null \
    | scored | sed "s/^/ballista-$n /"
  for p in $(jobs -p); do kill "$p"; done
  wait 2>/dev/null || true
done
