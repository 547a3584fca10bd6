#!/usr/bin/env bash
# Build the CUDA-enabled `curate` (release, `--features cuda`) on a machine with or without a
# GPU. nvcc compiles trainer/src/gpu/kernels.cu at build time; the CUDA driver, cuBLAS and NCCL
# are opened at run time (dlopen), so nothing CUDA is linked and no GPU is needed to build.
#
#   scripts/build_cuda.sh                 # -> $CARGO_TARGET_DIR (default target-cuda)/release/curate
#   scripts/build_cuda.sh --pack DIR      # also DIR/curate.xz: stripped and compressed, to carry
#                                         # (xz: python3's lzma unpacks it where no xz is installed)
#
# nvcc: $NVCC or $CUDA_ROOT/bin/nvcc if set, else CUDA 13.0's compiler from NVIDIA's PyPI wheels,
# fetched once into $CUDA_PREFIX (default ~/.cache/curate-cuda13). CUDA_COMPUTE_CAP (default 90:
# H100/H200) picks the machine code; PTX is embedded too, so newer GPUs JIT it.
# Run on the GPU machine with the CUDA libraries on the loader path, e.g.
#   LD_LIBRARY_PATH=/usr/local/cuda/targets/x86_64-linux/lib:/usr/local/nvidia/lib64 curate gpu check
# and, for several GPUs, a directory holding libnccl.so (a link to libnccl.so.2, e.g. from the
# nvidia-nccl wheel PyTorch installs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PACK=""
if [ "${1:-}" = "--pack" ]; then PACK="$2"; fi
if [ -z "${NVCC:-}" ] && [ -z "${CUDA_ROOT:-}" ]; then
  PREFIX="${CUDA_PREFIX:-$HOME/.cache/curate-cuda13}"
  R="$PREFIX/nvidia/cu13"
  if [ ! -x "$R/bin/nvcc" ]; then
    mkdir -p "$PREFIX/wheels"
    python3 -m pip download --no-deps -q -d "$PREFIX/wheels" \
      nvidia-cuda-nvcc==13.0.88 nvidia-nvvm==13.0.88 nvidia-cuda-crt==13.0.88 \
      nvidia-cuda-runtime==13.0.96 nvidia-cuda-cccl==13.0.85
    for w in "$PREFIX"/wheels/*.whl; do unzip -q -o "$w" 'nvidia/*' -d "$PREFIX"; done
    chmod +x "$R"/bin/* "$R"/nvvm/bin/*
  fi
  export CUDA_ROOT="$R"
fi
export CUDA_COMPUTE_CAP="${CUDA_COMPUTE_CAP:-90}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target-cuda}"
cargo build --release --features cuda --bin curate
BIN="$CARGO_TARGET_DIR/release/curate"
echo "built $BIN"
if [ -n "$PACK" ]; then
  mkdir -p "$PACK"
  strip -o "$PACK/curate" "$BIN"
  xz -4 -T0 -f "$PACK/curate"
  ls -l "$PACK/curate.xz"
fi
