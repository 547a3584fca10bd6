//! With the `cuda` feature, compile `src/gpu/kernels.cu` with nvcc into a
//! fatbin (machine code for `CUDA_COMPUTE_CAP`, default 90 = H100/H200, plus
//! PTX the driver can compile for newer GPUs) that the trainer embeds. nvcc is
//! looked up as `$NVCC`, `$CUDA_ROOT/bin/nvcc`, `$CUDA_PATH/bin/nvcc`, then on
//! `PATH`. The default (CPU) build does nothing here.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/gpu/kernels.cu");
    for v in ["NVCC", "CUDA_ROOT", "CUDA_PATH", "CUDA_COMPUTE_CAP"] {
        println!("cargo:rerun-if-env-changed={v}");
    }
    if std::env::var_os("CARGO_FEATURE_CUDA").is_none() {
        return;
    }
    let nvcc = std::env::var_os("NVCC")
        .map(PathBuf::from)
        .or_else(|| {
            ["CUDA_ROOT", "CUDA_PATH"]
                .iter()
                .filter_map(std::env::var_os)
                .map(|r| PathBuf::from(r).join("bin/nvcc"))
                .find(|p| p.exists())
        })
        .unwrap_or_else(|| PathBuf::from("nvcc"));
    let cap = std::env::var("CUDA_COMPUTE_CAP").unwrap_or_else(|_| "90".into());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let fatbin = out.join("kernels.fatbin");
    let status = Command::new(&nvcc)
        .args([
            "-fatbin",
            "-O3",
            "-std=c++17",
            "--expt-relaxed-constexpr",
            "-Xptxas",
            "-warn-spills",
            &format!("-gencode=arch=compute_{cap},code=sm_{cap}"),
            &format!("-gencode=arch=compute_{cap},code=compute_{cap}"),
            "-o",
        ])
        .arg(&fatbin)
        .arg("src/gpu/kernels.cu")
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "the `cuda` feature needs nvcc ({}): {e}; set NVCC or CUDA_ROOT \
                 (scripts/build_cuda.sh fetches CUDA 13's nvcc from PyPI)",
                nvcc.display()
            )
        });
    assert!(status.success(), "nvcc failed on src/gpu/kernels.cu");
}
