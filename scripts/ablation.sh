#!/usr/bin/env bash
# Curated vs raw ablation over several seeds (README "Curated vs raw ablation").
#
# Runs workflows/ablation.yaml once per seed (the seed of both train_model stages; the
# data stages are the same for every seed and are skipped after the first run), keeps
# each seed's eval/eval.json and eval/manifest.json, then prints a markdown table: rows
# and training tokens per branch, tokens trained on, bits per byte on the held-out text
# per seed, mean and spread, and the paired difference curated - raw with its bootstrap
# interval.
#
#   scripts/ablation.sh                       # seeds 1 2 3, output in out/ablation/
#   CURATE=/work/target-rel/release/curate SEEDS="1 2 3" OUT=out/ablation scripts/ablation.sh
#
# Needs models/lid.176.ftz (scripts/models.sh) and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
CURATE=${CURATE:-target/debug/curate}
OUT=${OUT:-out/ablation}
SEEDS=${SEEDS:-"1 2 3"}
THREADS=${THREADS:-2}

[ -f models/lid.176.ftz ] || scripts/models.sh
mkdir -p "$OUT/seeds"
for s in $SEEDS; do
  wf=workflows/ablation.seed$s.tmp # beside the original: its paths are relative to it
  trap 'rm -f "$wf"' EXIT
  sed -E "s/seed: [0-9]+( +# ablation seed)/seed: $s\1/" workflows/ablation.yaml >"$wf"
  [ "$(grep -c "seed: $s .*# ablation seed" "$wf")" = 2 ] || { echo "ablation.sh: seed lines not found" >&2; exit 1; }
  echo "== seed $s" >&2
  start=$(date +%s)
  CURATE_PROGRESS=plain "$CURATE" run "$wf" -o "$OUT" -t "$THREADS" >"$OUT/seeds/seed$s.log" 2>&1 \
    || { tail -30 "$OUT/seeds/seed$s.log" >&2; exit 1; }
  echo "   $(($(date +%s) - start)) s" >&2
  cp "$OUT/eval/eval.json" "$OUT/seeds/seed$s.eval.json"
  cp "$OUT/eval/manifest.json" "$OUT/seeds/seed$s.eval.manifest.json"
  for m in raw_model curated_model; do
    cp "$OUT/$m/manifest.json" "$OUT/seeds/seed$s.$m.manifest.json"
  done
  rm -f "$wf"
done

python3 - "$OUT" $SEEDS <<'PY'
import json, re, statistics, sys
out, seeds = sys.argv[1], sys.argv[2:]
man = lambda st: json.load(open(f"{out}/{st}/manifest.json"))
rows = {"raw": man("web")["counts"]["rows_out"] + man("docs")["counts"]["rows_out"],
        "curated": man("curated")["counts"]["rows_out"]}
def tokens(st):
    # tokenize's note: "N tokens (M validation), ..."
    n, v = map(int, re.search(r"(\d+) tokens \((\d+) validation\)", " ".join(man(st)["notes"])).groups())
    return n - v
train = {"raw": tokens("tokens_raw"), "curated": tokens("tokens_curated")}
p = man("raw_model")["provenance"]["params"]
q = man("curated_model")["provenance"]["params"]
strip = lambda d: {k: v for k, v in d.items() if k != "seed"}
assert strip(p) == strip(q), "the two train_model stages differ beyond the seed"
budget = p["steps"] * p["batch_size"] * p["model"]["context"]
bpb = {"raw": [], "curated": []}
diff = []
for s in seeds:
    e = json.load(open(f"{out}/seeds/seed{s}.eval.json"))["language_models"]
    bpb["raw"].append(e["raw_model"]["bits_per_byte"])
    bpb["curated"].append(e["curated_model"]["bits_per_byte"])
    assert e["raw_model"]["bytes"] == e["curated_model"]["bytes"]
    held = (e["raw_model"]["documents"], e["raw_model"]["bytes"], e["raw_model"]["tokens"])
    note = " ".join(json.load(open(f"{out}/seeds/seed{s}.eval.manifest.json"))["notes"])
    m = re.search(r"curated_model - raw_model: bits per byte difference ([-+.\d]+) \[95% CI ([-.\d]+), ([-.\d]+)\]", note)
    diff.append(tuple(float(x) for x in m.groups()))
ms = lambda v: f"{statistics.mean(v):.4f} ± {statistics.stdev(v) if len(v) > 1 else 0:.4f}"
print(f"held-out: {held[0]:,} documents, {held[1]:,} bytes, {held[2]:,} tokens; "
      f"budget {p['steps']} steps x {p['batch_size']} x {p['model']['context']} = {budget:,} tokens; "
      f"seeds {' '.join(seeds)}; mean ± sample standard deviation over seeds\n")
cols = " | ".join(f"seed {s}" for s in seeds)
print(f"| branch | rows | training tokens | tokens trained on (epochs) | {cols} | mean ± sd |")
print("|---|---:|---:|---:|" + "---:|" * len(seeds) + "---:|")
for b in ("raw", "curated"):
    per = " | ".join(f"{x:.4f}" for x in bpb[b])
    print(f"| {b} | {rows[b]:,} | {train[b]:,} | {budget:,} ({budget / train[b]:.2f}) | {per} | {ms(bpb[b])} |")
per = " | ".join(f"{d:+.4f} [{lo:+.3f}, {hi:+.3f}]" for d, lo, hi in diff)
print(f"| curated - raw | | | | {per} | {ms([d for d, _, _ in diff])} |")
PY
