//! A thin CUDA runtime over cudarc's driver, cuBLAS and NCCL bindings: one
//! context and stream per GPU, device buffers, kernel launches by name from
//! the fatbin that build.rs compiles, `C = A B` through cuBLAS, pinned host
//! buffers and events. The libraries are opened at run time (dlopen): a
//! missing driver or library is an error that names it, not a crash.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use cudarc::cublas::sys as cb;
use cudarc::driver::{result as cu, sys, CudaContext};

static FATBIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kernels.fatbin"));

/// Every kernel of kernels.cu the engine or the checks launch.
const KERNELS: &[&str] = &[
    "embed_fwd",
    "embed_bwd",
    "sum_rows",
    "sum_f32",
    "sumsq_partial",
    "sumsq_final",
    "cast_f32_bf16",
    "rmsnorm_fwd_f32",
    "rmsnorm_fwd_bf16",
    "rmsnorm_bwd_f32",
    "rmsnorm_bwd_bf16",
    "rmsnorm_dw_f32",
    "rmsnorm_dw_bf16",
    "rope_f32",
    "rope_bf16",
    "swiglu_fwd_f32",
    "swiglu_fwd_bf16",
    "swiglu_bwd_f32",
    "swiglu_bwd_bf16",
    "classifier_f32",
    "classifier_bf16",
    "adamw_f32",
    "adamw_bf16",
    "attn_dterm_f32",
    "attn_dterm_bf16",
    "attn_fwd_simple_f32",
    "attn_fwd_simple_bf16",
    "attn_bwd_dq_simple_f32",
    "attn_bwd_dq_simple_bf16",
    "attn_bwd_dkdv_simple_f32",
    "attn_bwd_dkdv_simple_bf16",
    "attn_fwd_tc_32",
    "attn_bwd_dkdv_tc_32",
    "attn_bwd_dq_tc_32",
    "attn_smem_32",
    "attn_fwd_tc_64",
    "attn_bwd_dkdv_tc_64",
    "attn_bwd_dq_tc_64",
    "attn_smem_64",
    "attn_fwd_tc_128",
    "attn_bwd_dkdv_tc_128",
    "attn_bwd_dq_tc_128",
    "attn_smem_128",
    "attn_fwd_fa_32",
    "attn_bwd_dkdv_fa_32",
    "attn_bwd_dq_fa_32",
    "attn_fa_smem_32",
    "attn_fwd_fa_64",
    "attn_bwd_dkdv_fa_64",
    "attn_bwd_dq_fa_64",
    "attn_fa_smem_64",
    "attn_fwd_fa_128",
    "attn_bwd_dkdv_fa_128",
    "attn_bwd_dq_fa_128",
    "attn_fa_smem_128",
];

/// Head sizes with a tensor-core attention kernel.
pub const TC_HEAD_DIMS: [usize; 3] = [32, 64, 128];

/// Shared memory (bytes) of the mma.sync flash-attention kernels, as
/// `fa::Cfg` in kernels.cu computes it: (forward, backward). The checks compare.
pub fn fa_smem(hd: usize) -> (u32, u32) {
    let tile = 64 * (hd + 8) * 2;
    ((5 * tile) as u32, (6 * tile + 4 * 64 * 4) as u32)
}

/// Shared memory (bytes) of the WMMA attention kernels, as `tc::Smem`
/// in kernels.cu computes it: (forward, backward). The checks compare.
pub fn tc_smem(hd: usize) -> (u32, u32) {
    let (br, bc, nw) = (64usize, 64usize, 4usize);
    let ldk = hd + 8;
    let ldp = bc + 8;
    let ldf = bc.max(hd) + 4;
    let tile = br * ldk;
    let fwd = 3 * tile * 2 + nw * 16 * ldf * 4 + nw * 16 * ldp * 2;
    let bwd = 4 * tile * 2 + nw * 16 * ldf * 4 + 2 * nw * 16 * ldp * 2 + 2 * br * 4;
    (fwd as u32, bwd as u32)
}

fn drv<T>(r: Result<T, cu::DriverError>, what: &str) -> Result<T> {
    r.map_err(|e| anyhow!("CUDA driver: {what}: {e:?}"))
}

fn blas(s: cb::cublasStatus_t, what: &str) -> Result<()> {
    if s == cb::cublasStatus_t::CUBLAS_STATUS_SUCCESS {
        Ok(())
    } else {
        bail!("cuBLAS: {what}: {s:?}")
    }
}

/// Fails with a clear message when the CUDA driver cannot be loaded.
pub fn require_driver() -> Result<()> {
    // SAFETY: only tries dlopen on the candidate names.
    if !unsafe { sys::is_culib_present() } {
        bail!(
            "no CUDA driver: libcuda.so.1 could not be loaded (no NVIDIA GPU or driver on this \
             machine, or its directory is missing from LD_LIBRARY_PATH)"
        );
    }
    Ok(())
}

/// Number of CUDA devices (errors when there is no driver).
pub fn device_count() -> Result<usize> {
    require_driver()?;
    drv(cu::init(), "cuInit")?;
    Ok(drv(cu::device::get_count(), "device count")? as usize)
}

/// Time per operation: (name, total ms, calls).
pub type Profile = Vec<(String, f64, usize)>;

/// Element type of a device matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dt {
    F32,
    Bf16,
}

impl Dt {
    pub fn bytes(self) -> usize {
        match self {
            Dt::F32 => 4,
            Dt::Bf16 => 2,
        }
    }
    fn cuda(self) -> cb::cudaDataType_t {
        match self {
            Dt::F32 => cb::cudaDataType_t::CUDA_R_32F,
            Dt::Bf16 => cb::cudaDataType_t::CUDA_R_16BF,
        }
    }
    /// Kernel name suffix.
    pub fn suffix(self) -> &'static str {
        match self {
            Dt::F32 => "f32",
            Dt::Bf16 => "bf16",
        }
    }
}

/// A kernel argument.
#[derive(Clone, Copy, Debug)]
pub enum Arg {
    /// Device pointer (0 = null).
    P(u64),
    I(i32),
    L(i64),
    F(f32),
}

/// Device memory, freed on drop.
pub struct DBuf {
    pub ptr: u64,
    pub bytes: usize,
    ctx: sys::CUcontext,
}

// SAFETY: a device allocation is a plain address; the owner synchronizes use.
unsafe impl Send for DBuf {}

impl DBuf {
    /// Address `elems` elements of `dt` in.
    pub fn at(&self, elems: usize, dt: Dt) -> u64 {
        debug_assert!(elems * dt.bytes() <= self.bytes);
        self.ptr + (elems * dt.bytes()) as u64
    }
}

impl Drop for DBuf {
    fn drop(&mut self) {
        // SAFETY: ptr came from cuMemAlloc in ctx; freed once.
        unsafe {
            let _ = cu::ctx::set_current(self.ctx);
            let _ = cu::free_sync(self.ptr);
        }
    }
}

/// Page-locked host memory (for asynchronous copies).
pub struct Pinned {
    ptr: *mut u8,
    pub bytes: usize,
}

// SAFETY: plain host memory; the owner synchronizes use with events.
unsafe impl Send for Pinned {}

impl Pinned {
    pub fn new(bytes: usize) -> Result<Pinned> {
        // SAFETY: size > 0; freed in drop.
        let ptr = drv(
            unsafe { cu::malloc_host(bytes.max(1), sys::CU_MEMHOSTALLOC_PORTABLE) },
            "pinned allocation",
        )? as *mut u8;
        Ok(Pinned { ptr, bytes })
    }
    pub fn as_mut_u32(&mut self) -> &mut [u32] {
        // SAFETY: allocation of `bytes` bytes, suitably aligned by the driver.
        unsafe { std::slice::from_raw_parts_mut(self.ptr as *mut u32, self.bytes / 4) }
    }
}

impl Drop for Pinned {
    fn drop(&mut self) {
        // SAFETY: ptr came from cuMemHostAlloc.
        unsafe {
            let _ = cu::free_host(self.ptr as *mut c_void);
        }
    }
}

/// A CUDA event (for ordering and timing).
pub struct Event(sys::CUevent);

unsafe impl Send for Event {}

impl Event {
    pub fn record(&self, g: &Gpu) -> Result<()> {
        // SAFETY: valid event and stream.
        drv(
            unsafe { cu::event::record(self.0, g.stream) },
            "event record",
        )
    }
    pub fn sync(&self) -> Result<()> {
        drv(unsafe { cu::event::synchronize(self.0) }, "event sync")
    }
    /// Milliseconds from `self` to `end` (both recorded and complete).
    pub fn ms_to(&self, end: &Event) -> Result<f32> {
        drv(
            unsafe { cu::event::elapsed(self.0, end.0) },
            "event elapsed",
        )
    }
}

impl Drop for Event {
    fn drop(&mut self) {
        unsafe {
            let _ = cu::event::destroy(self.0);
        }
    }
}

/// One GPU: its primary context, a stream, the kernels and a cuBLAS handle.
pub struct Gpu {
    pub ordinal: usize,
    pub name: String,
    pub sms: i32,
    pub stream: sys::CUstream,
    funcs: HashMap<&'static str, sys::CUfunction>,
    blas: cb::cublasHandle_t,
    _blas_ws: Option<DBuf>,
    /// When profiling: (operation, start, end) of every launch and product.
    prof: RefCell<Option<Vec<(String, Event, Event)>>>,
    /// Last: released after the workspace is freed.
    ctx: Arc<CudaContext>,
}

// SAFETY: the handles are used from one thread at a time (the trainer binds
// the context before use).
unsafe impl Send for Gpu {}

impl Gpu {
    pub fn new(ordinal: usize) -> Result<Gpu> {
        require_driver()?;
        let n = device_count()?;
        if ordinal >= n {
            bail!("CUDA device {ordinal} requested but {n} device(s) are visible");
        }
        let ctx = drv(CudaContext::new(ordinal), "creating a context")?;
        let name = ctx.name().unwrap_or_else(|_| "?".into());
        let sms = drv(
            ctx.attribute(sys::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
            "device attribute",
        )?;
        let stream = drv(
            cu::stream::create(cu::stream::StreamKind::NonBlocking),
            "stream",
        )?;
        // cuModuleLoadData wants an aligned image.
        let mut image = vec![0u64; FATBIN.len().div_ceil(8)];
        // SAFETY: image has room for FATBIN.
        unsafe {
            std::ptr::copy_nonoverlapping(
                FATBIN.as_ptr(),
                image.as_mut_ptr() as *mut u8,
                FATBIN.len(),
            )
        };
        let module = drv(
            unsafe { cu::module::load_data(image.as_ptr() as *const c_void) },
            "loading the kernels (does the driver support this GPU and CUDA 13?)",
        )?;
        let mut funcs = HashMap::new();
        for &k in KERNELS {
            let cname = std::ffi::CString::new(k).unwrap();
            let f = drv(unsafe { cu::module::get_function(module, cname) }, k)?;
            funcs.insert(k, f);
        }
        for hd in TC_HEAD_DIMS {
            let (fwd, bwd) = tc_smem(hd);
            let (ffwd, fbwd) = fa_smem(hd);
            for (k, bytes) in [
                (format!("attn_fwd_tc_{hd}"), fwd),
                (format!("attn_bwd_dkdv_tc_{hd}"), bwd),
                (format!("attn_bwd_dq_tc_{hd}"), bwd),
                (format!("attn_fwd_fa_{hd}"), ffwd),
                (format!("attn_bwd_dkdv_fa_{hd}"), fbwd),
                (format!("attn_bwd_dq_fa_{hd}"), fbwd),
            ] {
                let f = funcs[k.as_str()];
                drv(
                    unsafe {
                        cu::function::set_function_attribute(
                            f,
                            sys::CUfunction_attribute::CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                            bytes as i32,
                        )
                    },
                    "raising the shared-memory limit",
                )?;
            }
        }
        // SAFETY: plain library calls with valid out-pointers.
        if !unsafe { cb::is_culib_present() } {
            bail!("cuBLAS (libcublas.so.13) could not be loaded: add its directory to LD_LIBRARY_PATH");
        }
        let mut blas_h: cb::cublasHandle_t = std::ptr::null_mut();
        blas(unsafe { cb::cublasCreate_v2(&mut blas_h) }, "create")?;
        blas(
            unsafe { cb::cublasSetStream_v2(blas_h, stream as cb::cudaStream_t) },
            "set stream",
        )?;
        let mut g = Gpu {
            ordinal,
            name,
            sms,
            ctx,
            stream,
            funcs,
            blas: blas_h,
            _blas_ws: None,
            prof: RefCell::new(None),
        };
        // 32 MiB of workspace, as recommended for Hopper.
        let ws = g.alloc(32 << 20)?;
        blas(
            unsafe { cb::cublasSetWorkspace_v2(blas_h, ws.ptr as *mut c_void, ws.bytes) },
            "set workspace",
        )?;
        g._blas_ws = Some(ws);
        Ok(g)
    }

    /// Make this GPU's context current on the calling thread.
    pub fn bind(&self) -> Result<()> {
        drv(self.ctx.bind_to_thread(), "binding the context")
    }

    pub fn alloc(&self, bytes: usize) -> Result<DBuf> {
        self.bind()?;
        let ptr =
            drv(unsafe { cu::malloc_sync(bytes.max(256)) }, "allocation").with_context(|| {
                format!(
                    "allocating {:.1} MiB on GPU {}",
                    bytes as f64 / (1 << 20) as f64,
                    self.ordinal
                )
            })?;
        Ok(DBuf {
            ptr,
            bytes,
            ctx: self.ctx.cu_ctx(),
        })
    }

    /// Allocate and zero.
    pub fn zeros(&self, bytes: usize) -> Result<DBuf> {
        let b = self.alloc(bytes)?;
        self.memset(b.ptr, 0, bytes)?;
        Ok(b)
    }

    pub fn memset(&self, ptr: u64, byte: u8, bytes: usize) -> Result<()> {
        drv(
            unsafe { cu::memset_d8_async(ptr, byte, bytes, self.stream) },
            "memset",
        )
    }

    /// Host -> device, ordered on the stream; `src` must stay valid until the
    /// stream reaches the copy (pinned buffers), or use [`Gpu::upload`].
    pub fn htod_async<T>(&self, dst: u64, src: &[T]) -> Result<()> {
        drv(
            unsafe { cu::memcpy_htod_async(dst, src, self.stream) },
            "copy to GPU",
        )
    }

    /// Host -> device, complete on return.
    pub fn upload<T>(&self, dst: u64, src: &[T]) -> Result<()> {
        self.htod_async(dst, src)?;
        self.sync()
    }

    /// Device -> host, complete on return.
    pub fn download<T: Default + Clone>(&self, src: u64, n: usize) -> Result<Vec<T>> {
        let mut v = vec![T::default(); n];
        self.sync()?;
        drv(
            unsafe { cu::memcpy_dtoh_async(&mut v, src, self.stream) },
            "copy from GPU",
        )?;
        self.sync()?;
        Ok(v)
    }

    pub fn dtod(&self, dst: u64, src: u64, bytes: usize) -> Result<()> {
        drv(
            unsafe { cu::memcpy_dtod_async(dst, src, bytes, self.stream) },
            "device copy",
        )
    }

    pub fn sync(&self) -> Result<()> {
        drv(
            unsafe { cu::stream::synchronize(self.stream) },
            "stream sync",
        )
    }

    pub fn event(&self) -> Result<Event> {
        self.bind()?;
        Ok(Event(drv(
            cu::event::create(sys::CUevent_flags::CU_EVENT_DEFAULT),
            "event",
        )?))
    }

    /// Start recording the time of every launch and product (see [`Gpu::profile_end`]).
    pub fn profile_start(&self) {
        *self.prof.borrow_mut() = Some(vec![]);
    }

    /// Stop recording; (operation, total ms, calls), longest first, and the
    /// wall time on the GPU from the first operation to the last.
    pub fn profile_end(&self) -> Result<(Profile, f64)> {
        let Some(rec) = self.prof.borrow_mut().take() else {
            return Ok((vec![], 0.0));
        };
        self.sync()?;
        let mut agg: HashMap<String, (f64, usize)> = HashMap::new();
        for (name, a, b) in &rec {
            let e = agg.entry(name.clone()).or_default();
            e.0 += a.ms_to(b)? as f64;
            e.1 += 1;
        }
        let span = match (rec.first(), rec.last()) {
            (Some(f), Some(l)) => f.1.ms_to(&l.2)? as f64,
            _ => 0.0,
        };
        let mut v: Vec<(String, f64, usize)> =
            agg.into_iter().map(|(k, (ms, n))| (k, ms, n)).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        Ok((v, span))
    }

    /// Run `f` between two recorded events when profiling.
    pub fn timed<R>(
        &self,
        name: impl FnOnce() -> String,
        f: impl FnOnce() -> Result<R>,
    ) -> Result<R> {
        if self.prof.borrow().is_none() {
            return f();
        }
        let (a, b) = (self.event()?, self.event()?);
        a.record(self)?;
        let r = f()?;
        self.bind()?;
        b.record(self)?;
        if let Some(v) = self.prof.borrow_mut().as_mut() {
            v.push((name(), a, b));
        }
        Ok(r)
    }

    /// Launch kernel `name` with `block` threads per block.
    pub fn launch(
        &self,
        name: &str,
        grid: (u32, u32, u32),
        block: u32,
        smem: u32,
        args: &[Arg],
    ) -> Result<()> {
        self.timed(
            || name.to_string(),
            || self.launch_raw(name, grid, block, smem, args),
        )
    }

    fn launch_raw(
        &self,
        name: &str,
        grid: (u32, u32, u32),
        block: u32,
        smem: u32,
        args: &[Arg],
    ) -> Result<()> {
        let f = *self
            .funcs
            .get(name)
            .with_context(|| format!("no kernel {name}"))?;
        let mut store: Vec<u64> = args
            .iter()
            .map(|a| match *a {
                Arg::P(p) => p,
                Arg::I(i) => i as u32 as u64,
                Arg::L(l) => l as u64,
                Arg::F(x) => x.to_bits() as u64,
            })
            .collect();
        let mut ptrs: Vec<*mut c_void> = store
            .iter_mut()
            .map(|s| s as *mut u64 as *mut c_void)
            .collect();
        // SAFETY: argument count and types follow the kernel's signature (the
        // engine's call sites; the checks cover every kernel).
        drv(
            unsafe { cu::launch_kernel(f, grid, (block, 1, 1), smem, self.stream, &mut ptrs) },
            name,
        )
    }

    /// Grid-stride launch over `n` elements.
    pub fn launch_n(&self, name: &str, n: usize, args: &[Arg]) -> Result<()> {
        let blocks = n.div_ceil(256).clamp(1, self.sms.max(1) as usize * 32) as u32;
        self.launch(name, (blocks, 1, 1), 256, 0, args)
    }

    /// Column-major cuBLAS GEMM: C[m x n] = alpha op(A) op(B) + beta C,
    /// float accumulation (no TF32).
    #[allow(clippy::too_many_arguments)]
    pub fn gemm(
        &self,
        ta: bool,
        tb: bool,
        m: usize,
        n: usize,
        k: usize,
        a: (u64, Dt, usize),
        b: (u64, Dt, usize),
        beta: f32,
        c: (u64, Dt, usize),
    ) -> Result<()> {
        let name = || {
            format!(
                "gemm {}{} {m}x{n}x{k} {:?}{:?}->{:?}",
                if ta { "T" } else { "N" },
                if tb { "T" } else { "N" },
                a.1,
                b.1,
                c.1
            )
        };
        self.timed(name, || self.gemm_raw(ta, tb, m, n, k, a, b, beta, c))
    }

    #[allow(clippy::too_many_arguments)]
    fn gemm_raw(
        &self,
        ta: bool,
        tb: bool,
        m: usize,
        n: usize,
        k: usize,
        a: (u64, Dt, usize),
        b: (u64, Dt, usize),
        beta: f32,
        c: (u64, Dt, usize),
    ) -> Result<()> {
        let alpha = 1.0f32;
        let op = |t: bool| {
            if t {
                cb::cublasOperation_t::CUBLAS_OP_T
            } else {
                cb::cublasOperation_t::CUBLAS_OP_N
            }
        };
        // SAFETY: pointers and leading dimensions describe allocated matrices.
        blas(
            unsafe {
                cb::cublasGemmEx(
                    self.blas,
                    op(ta),
                    op(tb),
                    m as i32,
                    n as i32,
                    k as i32,
                    &alpha as *const f32 as *const c_void,
                    a.0 as *const c_void,
                    a.1.cuda(),
                    a.2 as i32,
                    b.0 as *const c_void,
                    b.1.cuda(),
                    b.2 as i32,
                    &beta as *const f32 as *const c_void,
                    c.0 as *mut c_void,
                    c.1.cuda(),
                    c.2 as i32,
                    cb::cublasComputeType_t::CUBLAS_COMPUTE_32F,
                    cb::cublasGemmAlgo_t::CUBLAS_GEMM_DEFAULT,
                )
            },
            "GemmEx",
        )
    }

    /// Row-major y[M x N] = x[M x K] w[N x K]^T (a bias-free nn.Linear).
    #[allow(clippy::too_many_arguments)]
    pub fn linear(
        &self,
        y: u64,
        yt: Dt,
        x: u64,
        w: u64,
        dt: Dt,
        m: usize,
        n: usize,
        k: usize,
    ) -> Result<()> {
        self.gemm(
            true,
            false,
            n,
            m,
            k,
            (w, dt, k),
            (x, dt, k),
            0.0,
            (y, yt, n),
        )
    }

    /// Row-major dx[M x K] = dy[M x N] w[N x K].
    #[allow(clippy::too_many_arguments)]
    pub fn linear_dx(
        &self,
        dx: u64,
        dy: u64,
        w: u64,
        dt: Dt,
        m: usize,
        n: usize,
        k: usize,
    ) -> Result<()> {
        self.gemm(
            false,
            false,
            k,
            m,
            n,
            (w, dt, k),
            (dy, dt, n),
            0.0,
            (dx, dt, k),
        )
    }

    /// Row-major dw[N x K] (+)= dy[M x N]^T x[M x K], dw in float.
    #[allow(clippy::too_many_arguments)]
    pub fn linear_dw(
        &self,
        dw: u64,
        dy: u64,
        x: u64,
        dt: Dt,
        m: usize,
        n: usize,
        k: usize,
        beta: f32,
    ) -> Result<()> {
        self.gemm(
            false,
            true,
            k,
            n,
            m,
            (x, dt, k),
            (dy, dt, n),
            beta,
            (dw, Dt::F32, k),
        )
    }
}

impl Drop for Gpu {
    fn drop(&mut self) {
        unsafe {
            let _ = self.ctx.bind_to_thread();
            let _ = cu::stream::synchronize(self.stream);
            let _ = cb::cublasDestroy_v2(self.blas);
            let _ = cu::stream::destroy(self.stream);
        }
    }
}

/// NCCL communicators over several GPUs of this process (one thread drives
/// them all: ncclCommInitAll, collectives in a group).
pub struct Nccl {
    comms: Vec<cudarc::nccl::sys::ncclComm_t>,
}

unsafe impl Send for Nccl {}

fn nccl_ok(r: cudarc::nccl::sys::ncclResult_t, what: &str) -> Result<()> {
    use cudarc::nccl::sys as nc;
    if r == nc::ncclResult_t::ncclSuccess {
        return Ok(());
    }
    let msg = unsafe { std::ffi::CStr::from_ptr(nc::ncclGetErrorString(r)) }
        .to_string_lossy()
        .into_owned();
    bail!("NCCL: {what}: {r:?} ({msg})")
}

impl Nccl {
    pub fn new(gpus: &[&Gpu]) -> Result<Nccl> {
        use cudarc::nccl::sys as nc;
        if !unsafe { nc::is_culib_present() } {
            bail!(
                "NCCL could not be loaded as libnccl.so: link libnccl.so.2 (e.g. from PyTorch's \
                 nvidia-nccl wheel) as libnccl.so in a directory on LD_LIBRARY_PATH"
            );
        }
        if std::env::var("NCCL_NVLS_ENABLE").as_deref() != Ok("0") {
            // NVLink multicast can take a shared host's GPUs out of service.
            std::env::set_var("NCCL_NVLS_ENABLE", "0");
        }
        let mut comms = vec![std::ptr::null_mut(); gpus.len()];
        let devs: Vec<i32> = gpus.iter().map(|g| g.ordinal as i32).collect();
        nccl_ok(
            unsafe { nc::ncclCommInitAll(comms.as_mut_ptr(), devs.len() as i32, devs.as_ptr()) },
            "ncclCommInitAll",
        )?;
        Ok(Nccl { comms })
    }

    /// In-place sum of `n` floats at each (GPU, address), on each GPU's stream.
    pub fn all_reduce_sum(&self, bufs: &[(&Gpu, u64)], n: usize) -> Result<()> {
        let g0 = bufs[0].0;
        g0.bind()?;
        g0.timed(
            || "nccl all-reduce (GPU 0 stream)".into(),
            || self.all_reduce_raw(bufs, n),
        )
    }

    fn all_reduce_raw(&self, bufs: &[(&Gpu, u64)], n: usize) -> Result<()> {
        use cudarc::nccl::sys as nc;
        nccl_ok(unsafe { nc::ncclGroupStart() }, "group start")?;
        for (i, &(g, buf)) in bufs.iter().enumerate() {
            g.bind()?;
            nccl_ok(
                unsafe {
                    nc::ncclAllReduce(
                        buf as *const c_void,
                        buf as *mut c_void,
                        n,
                        nc::ncclDataType_t::ncclFloat32,
                        nc::ncclRedOp_t::ncclSum,
                        self.comms[i],
                        g.stream as nc::cudaStream_t,
                    )
                },
                "all-reduce",
            )?;
        }
        nccl_ok(unsafe { nc::ncclGroupEnd() }, "group end")
    }
}

impl Drop for Nccl {
    fn drop(&mut self) {
        for &c in &self.comms {
            unsafe {
                let _ = cudarc::nccl::sys::ncclCommDestroy(c);
            }
        }
    }
}
