#!/usr/bin/env bash
# workflows/edu_human.yaml with other held-out splits: the same workflow with
# `seed: S` for both trainers and curate_holdout(text, S, 0.2), S = 1..4 (the
# shipped workflow is S = 0). Prints each run's evaluate lines.
# Usage: scripts/edu/seeds.sh [curate binary]   (run from the repository root)
set -euo pipefail
bin=${1:-target/release/curate}
trap 'rm -f workflows/edu_human_seed[1-4].yaml' EXIT
for s in 1 2 3 4; do
  wf=workflows/edu_human_seed$s.yaml
  sed -e "s/^name: edu_human/name: edu_human_seed$s/" \
      -e "s/    holdout: 0.2 .*/    holdout: 0.2\n    seed: $s/" \
      -e "s/^    holdout: 0.2$/    holdout: 0.2\n    seed: $s/" \
      -e "s/curate_holdout(text, 0, 0.2)/curate_holdout(text, $s, 0.2)/" workflows/edu_human.yaml > "$wf"
  echo "== seed $s"
  "$bin" run "$wf" -o "out/edu_human_seed$s" | grep -E "evaluate: |train_regressor: " || true
done
