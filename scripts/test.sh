#!/usr/bin/env bash
# The test command: installs the independent Parquet readers the end-to-end
# tests open our output with (pyarrow, DuckDB, polars), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  -r scripts/requirements-test.txt
cargo test --workspace --no-fail-fast "$@"
