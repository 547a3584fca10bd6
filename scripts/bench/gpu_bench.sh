#!/usr/bin/env bash
# Side by side on one GPU machine, in one call: curate's CUDA trainer (`curate gpu bench`)
# and the PyTorch reference (scripts/bench/torch_ref.py: eager and torch.compile) on the
# same models, batch and llm.c token files; prints tokens/s, MFU and the ratios.
#
#   scripts/bench/gpu_bench.sh CURATE [TOKEN_FILES...]
#
# env: PRESETS (1m,8m,33m), STEPS (30), WARMUP (8), MODES (eager,compile), GPUS (1; with 2,
# also the 33m model on 2 GPUs: batch 128 = 64 per GPU, and batch 64 split), OUT (bench-gpu).
# CURATE is a binary built by scripts/build_cuda.sh; without token files both sample random
# tokens. Runs on the GPU machine (sources gpu_env.sh for the CUDA libraries and NCCL).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CURATE="$1"; shift
PRESETS="${PRESETS:-1m,8m,33m}" STEPS="${STEPS:-30}" WARMUP="${WARMUP:-8}"
MODES="${MODES:-eager,compile}" GPUS="${GPUS:-1}" OUT="${OUT:-bench-gpu}"
mkdir -p "$OUT"
. "$HERE/gpu_env.sh"
TOK=()
if [ $# -gt 0 ]; then TOK=(--tokens "$@"); fi
"$CURATE" gpu bench --preset "$PRESETS" --steps "$STEPS" --warmup "$WARMUP" "${TOK[@]}" \
  | tee "$OUT/curate.jsonl"
if [ "$GPUS" -ge 2 ]; then
  "$CURATE" gpu bench --preset 33m --gpus 2 --batch 128 --steps "$STEPS" --warmup "$WARMUP" "${TOK[@]}" \
    | tee -a "$OUT/curate.jsonl"
  "$CURATE" gpu bench --preset 33m --gpus 2 --batch 64 --steps "$STEPS" --warmup "$WARMUP" "${TOK[@]}" \
    | tee -a "$OUT/curate.jsonl"
fi
PYTHONUNBUFFERED=1 python3 "$HERE/torch_ref.py" --preset "$PRESETS" --mode "$MODES" \
  --steps "$STEPS" --warmup "$WARMUP" "${TOK[@]}" | tee "$OUT/torch.jsonl"
python3 "$HERE/gpu_table.py" "$OUT/curate.jsonl" "$OUT/torch.jsonl" | tee "$OUT/table.md"
