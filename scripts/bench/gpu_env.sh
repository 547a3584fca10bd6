# Source on the GPU machine before running a CUDA curate: puts the CUDA 13 libraries
# (cuBLAS; the driver) on the loader path and links NCCL from PyTorch's nvidia-nccl wheel
# as libnccl.so, the name the trainer opens. Keeps NVLink multicast off.
_cuda_libs=/usr/local/cuda/targets/x86_64-linux/lib:/usr/local/nvidia/lib64
_nccl=$(python3 - <<'PY' 2>/dev/null
import glob, os, nvidia
for p in nvidia.__path__:
    for f in glob.glob(os.path.join(p, "**", "libnccl.so.2"), recursive=True):
        print(f)
        raise SystemExit
PY
)
if [ -z "$_nccl" ]; then _nccl=$(find /opt /usr -name 'libnccl.so.2' 2>/dev/null | head -1); fi
mkdir -p /tmp/curate-nccl
if [ -n "$_nccl" ]; then ln -sf "$_nccl" /tmp/curate-nccl/libnccl.so; fi
export LD_LIBRARY_PATH=/tmp/curate-nccl:$_cuda_libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1
echo "gpu_env: nccl=${_nccl:-none}"
