#!/usr/bin/env bash
# Accuracy of the `langid` stage (lid.176.ftz) per language on the 75 x 1,000 held-out
# sentences of ../shared/data/langid (lingua-rs test data from the Leipzig corpora).
#   scripts/eval_langid.sh      # table in bench-data/langid/report.md
# Runs `curate run` on a generated workflow (ingest one sentence per line -> langid),
# then scores the output with DuckDB. lid.176 answers `no` for Norwegian Bokmål (`nb`)
# and has no label for lg, mi, sn, st, tn, ts, xh, zu.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-data/langid"
DATA="${DATA:-$ROOT/../shared/data}"
mkdir -p "$OUT"
scripts/models.sh
cat > "$OUT/langid.yaml" <<YAML
name: langid_eval
output: $OUT/out
stages:
  sentences:
    uses: ingest
    inputs: $DATA/langid/*.txt
    text_mode: line
  lang:
    uses: langid
    inputs: [sentences]
    model: $ROOT/models/lid.176.ftz
YAML
CURATE_PROGRESS=plain cargo run -q --bin curate -- run "$OUT/langid.yaml" 2>/dev/null | grep "langid:"
python3 - "$OUT" <<'PY' | tee "$OUT/report.md"
import sys, duckdb
out = sys.argv[1]
rows = duckdb.sql(f"""
  SELECT regexp_extract(source, '([a-z]+)\\.txt$', 1) AS iso, count(*) AS n,
         avg(CASE WHEN lang = (CASE WHEN regexp_extract(source, '([a-z]+)\\.txt$', 1) = 'nb' THEN 'no'
                                    ELSE regexp_extract(source, '([a-z]+)\\.txt$', 1) END)
                  THEN 1.0 ELSE 0.0 END) AS acc
  FROM '{out}/out/lang/*.parquet' GROUP BY iso ORDER BY iso""").fetchall()
unknown = {"lg", "mi", "sn", "st", "tn", "ts", "xh", "zu"}
known = [r for r in rows if r[0] not in unknown]
n = sum(r[1] for r in known)
print(f"lid.176.ftz on {sum(r[1] for r in rows):,} sentences of {len(rows)} languages: "
      f"accuracy {sum(r[1] * r[2] for r in known) / n:.3f} over the {len(known)} languages it knows\n")
print("| " + " | ".join(r[0] for r in rows[:38]) + " |")
print("|" + "---|" * 38)
print("| " + " | ".join(f"{r[2]:.2f}" for r in rows[:38]) + " |\n")
print("| " + " | ".join(r[0] for r in rows[38:]) + " |")
print("|" + "---|" * len(rows[38:]))
print("| " + " | ".join(f"{r[2]:.2f}" for r in rows[38:]) + " |")
PY
