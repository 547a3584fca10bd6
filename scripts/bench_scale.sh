#!/usr/bin/env bash
# How the global stages' cost grows with the corpus: curate's dedup_exact and
# dedup_minhash (with memory_limit) at SIZES documents (default 1M and 8M), one
# task on one thread, release build; then the same stage as N=1 and N=2
# concurrent array tasks on this machine.
#
#   scripts/bench_scale.sh                      # report in bench-data/scale/report.md
#   SIZES="100000 800000" scripts/bench_scale.sh  # a quick run
#
# Corpus: scripts/bench/minhash_big_source.py (real sentences of ../shared/data
# recombined into paragraphs) then scripts/bench/scale_corpus.py (+10% planted
# exact and near copies), streamed. Each size's corpus is ingested once (kept
# for reruns); each stage then runs in its own process under
# scripts/bench/peak_mem.py (CPU seconds and peak RSS of the whole process,
# which also verifies the committed ingest output); docs/s/core = documents /
# CPU seconds. Each run's memory samples (PEAK_MEM_TRACE) are lined up with
# its log by scripts/bench/phase_mem.py: peak memory per phase.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$ROOT/bench-data/scale}"
SIZES="${SIZES:-1000000 8000000}"
MEM="${MEM_LIMIT:-64MB}"
CURATE_BIN="${CURATE_BIN:-$ROOT/target/release/curate}"
DATA="${DATA:-$ROOT/../shared/data}"
mkdir -p "$OUT"
if [ ! -x "$CURATE_BIN" ]; then cargo build --release --bin curate; fi
export CURATE_PROGRESS=plain MALLOC_ARENA_MAX=1
REPORT="$OUT/report.md"
echo "| stage | docs | CPU s | docs/s/core | peak RSS MB | peak anon MB | removed |" > "$OUT/rows.md"
for n in $SIZES; do
    d="$OUT/$n"
    mkdir -p "$d"
    if [ ! -s "$d/corpus.jsonl" ]; then
        echo "== corpus: $n documents"
        python3 scripts/bench/minhash_big_source.py "$d/source.jsonl" --docs $((n * 104 / 100)) --data "$DATA"
        python3 scripts/bench/scale_corpus.py "$d/source.jsonl" "$d/corpus.jsonl" --docs "$n"
        rm -f "$d/source.jsonl"
    fi
    cat > "$d/ingest.yaml" <<YAML
name: scale_ingest
threads: 1
stages:
  raw: {uses: ingest, inputs: corpus.jsonl, shard_size: 64MB}
YAML
    if [ ! -s "$d/out/raw/manifest.json" ]; then
        echo "== ingest $n"
        "$CURATE_BIN" run "$d/ingest.yaml" -o "$d/out"
    fi
    docs=$(python3 -c "import json;print(json.load(open('$d/out/raw/manifest.json'))['counts']['rows_out'])")
    for stage in exact near; do
        case $stage in
            exact) decl="{uses: dedup_exact, inputs: [raw], memory_limit: $MEM}" ; reason=exact_duplicate ;;
            near)  decl="{uses: dedup_minhash, inputs: [raw], memory_limit: $MEM}" ; reason=near_duplicate ;;
        esac
        for tasks in 1 2; do
            [ "$tasks" = 2 ] && [ "$n" != "$(echo $SIZES | cut -d' ' -f1)" ] && continue
            cat > "$d/$stage.yaml" <<YAML
name: scale_$stage
threads: 1
stages:
  raw: {uses: ingest, inputs: corpus.jsonl, shard_size: 64MB}
  $stage: $decl
YAML
            rm -rf "$d/out/$stage"
            echo "== $stage $n docs, $tasks task(s)"
            start=$(date +%s.%N)
            pids=()
            for ((i = 0; i < tasks; i++)); do
                PEAK_MEM_TRACE="$d/$stage-$tasks-$i.trace" python3 scripts/bench/peak_mem.py "$d/$stage-$tasks-$i.json" -- \
                    "$CURATE_BIN" run "$d/$stage.yaml" -o "$d/out" --task-index $i --task-count $tasks \
                    > "$d/$stage-$tasks-$i.log" 2>&1 &
                pids+=($!)
            done
            for p in "${pids[@]}"; do wait "$p"; done
            # The removed set itself (doc ids of rejected/), not only its size:
            # N tasks must remove exactly the documents one task removes.
            python3 - "$d/out/$stage/rejected" "$d/$stage-$tasks.removed" <<'PY'
import glob, sys
import pyarrow.parquet as pq
ids = sorted(i for f in sorted(glob.glob(sys.argv[1] + "/*.parquet"))
             for i in pq.read_table(f, columns=["doc_id"]).column(0).to_pylist())
open(sys.argv[2], "w").write("\n".join(ids) + "\n")
PY
            if [ "$tasks" != 1 ]; then
                if cmp -s "$d/$stage-1.removed" "$d/$stage-$tasks.removed"; then
                    echo "   removed set of $tasks tasks == 1 task ($(wc -l < "$d/$stage-1.removed") doc ids)"
                else
                    echo "FAIL: $stage removed set of $tasks tasks differs from 1 task" >&2; exit 1
                fi
            fi
            wall=$(python3 -c "import time;print(round(time.time() - $start, 1))")
            python3 - "$d" "$stage" "$tasks" "$docs" "$wall" "$reason" >> "$OUT/rows.md" <<'PY'
import json, sys
d, stage, tasks, docs, wall, reason = sys.argv[1:7]
tasks, docs = int(tasks), int(docs)
runs = [json.load(open(f"{d}/{stage}-{tasks}-{i}.json")) for i in range(tasks)]
cpu = sum(r["user_s"] + r["sys_s"] for r in runs)
rss = max(r["peak_rss_kb"] for r in runs) / 1024
anon = max(r["peak_anon_kb"] for r in runs) / 1024
m = json.load(open(f"{d}/out/{stage}/manifest.json"))
removed = m["counts"]["drops"].get(reason, 0)
label = f"{stage} ({tasks} task{'s' if tasks > 1 else ''}, wall {wall} s)"
print(f"| {label} | {docs:,} | {cpu:.1f} | {docs / cpu:,.0f} | {rss:.0f} | {anon:.0f} | {removed:,} |")
PY
            tail -1 "$OUT/rows.md"
        done
    done
done
{
    echo "# Scale benchmark ($(date -u +%F))"
    echo
    echo "memory_limit: $MEM; binary: $CURATE_BIN; one thread per task"
    echo
    cat "$OUT/rows.md"
    # Where the one-task runs hold their memory, phase by phase.
    for n in $SIZES; do
        for stage in exact near; do
            f="$OUT/$n/$stage-1-0"
            [ -s "$f.trace" ] || continue
            echo
            echo "$stage, $n documents, 1 task, by phase:"
            echo
            python3 scripts/bench/phase_mem.py "$f.log" "$f.trace"
        done
    done
} > "$REPORT"
cat "$REPORT"
