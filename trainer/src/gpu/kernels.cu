// CUDA kernels of curate's GPU trainer (the Llama-style GPT of model.rs):
// embedding, RMSNorm, rotary embedding, SwiGLU, causal attention (a simple
// kernel for any head size and a tensor-core flash kernel for head sizes
// 32/64/128, forward and backward, no T x T matrix in memory), the fused
// softmax + cross-entropy classifier, the global gradient norm and AdamW.
// Matrix products go through cuBLAS (see engine.rs).
//
// Activations are `act` = float or bf16 (f32 or bf16 mode); the residual
// stream, master weights, gradients and optimizer moments are float.
// Every kernel computes in float. Reductions are in a fixed order, so a run
// is deterministic on a given GPU.
//
// Layouts (row-major): qkv [B*T, 3*D] with q | k | v, head h at columns
// h*hd .. (h+1)*hd of each part; attention output [B*T, D]; lse, D-terms
// [B, H, T].

#include <cuda_bf16.h>
#include <mma.h>
#include <stdint.h>

typedef __nv_bfloat16 bf16;

__device__ __forceinline__ float tof(float x) { return x; }
__device__ __forceinline__ float tof(bf16 x) { return __bfloat162float(x); }
template <typename T> __device__ __forceinline__ T fromf(float x);
template <> __device__ __forceinline__ float fromf<float>(float x) { return x; }
template <> __device__ __forceinline__ bf16 fromf<bf16>(float x) { return __float2bfloat16_rn(x); }

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// 8 consecutive elements (16-byte aligned for bf16, 32 for float) to and from floats.
__device__ __forceinline__ void load8(const float* p, float* v) {
    float4 a = *reinterpret_cast<const float4*>(p), b = *reinterpret_cast<const float4*>(p + 4);
    v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w; v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
}
__device__ __forceinline__ void load8(const bf16* p, float* v) {
    uint4 u = *reinterpret_cast<const uint4*>(p);
    const __nv_bfloat162* h = reinterpret_cast<const __nv_bfloat162*>(&u);
#pragma unroll
    for (int i = 0; i < 4; i++) {
        float2 f = __bfloat1622float2(h[i]);
        v[2 * i] = f.x;
        v[2 * i + 1] = f.y;
    }
}
__device__ __forceinline__ void store8(float* p, const float* v) {
    *reinterpret_cast<float4*>(p) = make_float4(v[0], v[1], v[2], v[3]);
    *reinterpret_cast<float4*>(p + 4) = make_float4(v[4], v[5], v[6], v[7]);
}
__device__ __forceinline__ void store8(bf16* p, const float* v) {
    uint4 u;
    __nv_bfloat162* h = reinterpret_cast<__nv_bfloat162*>(&u);
#pragma unroll
    for (int i = 0; i < 4; i++) h[i] = __floats2bfloat162_rn(v[2 * i], v[2 * i + 1]);
    *reinterpret_cast<uint4*>(p) = u;
}

// ---------------------------------------------------------------- embedding
// x[r, :] = emb[ids[r], :]   (float, from the float master weights)
extern "C" __global__ void embed_fwd(float* x, const float* emb, const uint32_t* ids, int rows, int D) {
    long n = (long)rows * D;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        long r = i / D;
        int c = (int)(i - r * D);
        x[i] = emb[(long)ids[r] * D + c];
    }
}

// demb[tok, :] += sum over the positions of tok of dx[pos, :]. One block per
// distinct token; positions sorted on the host: a fixed order, no atomics.
extern "C" __global__ void embed_bwd(float* demb, const float* dx, const uint32_t* toks,
                                     const uint32_t* starts, const uint32_t* pos, int D) {
    uint32_t tok = toks[blockIdx.x];
    uint32_t a = starts[blockIdx.x], b = starts[blockIdx.x + 1];
    for (int c = threadIdx.x; c < D; c += blockDim.x) {
        float s = 0.f;
        for (uint32_t k = a; k < b; k++) s += dx[(long)pos[k] * D + c];
        demb[(long)tok * D + c] += s;
    }
}

// ---------------------------------------------------------------- RMSNorm
// One warp per row. x = xin (+ add, written to xout when add != null);
// hn = x * rstd * w, rstd = 1 / sqrt(mean(x^2) + eps).
template <typename T>
__device__ void rmsnorm_fwd(float* xout, const float* xin, const T* add, T* hn, float* rstd,
                            const float* w, int rows, int D, float eps) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5, lane = threadIdx.x & 31;
    if (warp >= rows) return;
    long o = (long)warp * D;
    const float* xr = xin + o;
    float ss = 0.f;
    if ((D & 7) == 0) {  // 8 elements per lane and step
        for (int c = lane * 8; c < D; c += 256) {
            float v[8], a[8];
            load8(xr + c, v);
            if (add) {
                load8(add + o + c, a);
#pragma unroll
                for (int i = 0; i < 8; i++) v[i] += a[i];
                store8(xout + o + c, v);
            }
#pragma unroll
            for (int i = 0; i < 8; i++) ss += v[i] * v[i];
        }
        if (add) xr = xout + o;
        ss = warp_sum(ss);
        float r = 1.0f / sqrtf(ss / (float)D + eps);
        for (int c = lane * 8; c < D; c += 256) {
            float v[8], ww[8];
            load8(xr + c, v);
            load8(w + c, ww);
#pragma unroll
            for (int i = 0; i < 8; i++) v[i] = v[i] * r * ww[i];
            store8(hn + o + c, v);
        }
        if (lane == 0) rstd[warp] = r;
        return;
    }
    if (add) {
        for (int c = lane; c < D; c += 32) {
            float v = xr[c] + tof(add[o + c]);
            xout[o + c] = v;
            ss += v * v;
        }
        xr = xout + o;
        __syncwarp();
    } else {
        for (int c = lane; c < D; c += 32) { float v = xr[c]; ss += v * v; }
    }
    ss = warp_sum(ss);
    float r = 1.0f / sqrtf(ss / (float)D + eps);
    for (int c = lane; c < D; c += 32) hn[o + c] = fromf<T>(xr[c] * r * w[c]);
    if (lane == 0) rstd[warp] = r;
}

// Backward of hn = x * r * w for one row (warp): dx = r*w*dy - x * r^3/D * sum(dy*w*x).
// dres = (acc ? dres : 0) + dx, and dres_t = dres in the activation type.
template <typename T>
__device__ void rmsnorm_bwd(float* dres, T* dres_t, const float* x, const float* rstd, const float* w,
                            const T* dy, int rows, int D, int acc) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5, lane = threadIdx.x & 31;
    if (warp >= rows) return;
    long o = (long)warp * D;
    float r = rstd[warp];
    float dot = 0.f;
    if ((D & 7) == 0) {
        for (int c = lane * 8; c < D; c += 256) {
            float a[8], b[8], e[8];
            load8(dy + o + c, a);
            load8(w + c, b);
            load8(x + o + c, e);
#pragma unroll
            for (int i = 0; i < 8; i++) dot += a[i] * b[i] * e[i];
        }
        dot = warp_sum(dot);
        float k = r * r * r * dot / (float)D;
        for (int c = lane * 8; c < D; c += 256) {
            float a[8], b[8], e[8], v[8];
            load8(dy + o + c, a);
            load8(w + c, b);
            load8(x + o + c, e);
            if (acc) load8(dres + o + c, v);
#pragma unroll
            for (int i = 0; i < 8; i++) {
                float dx = r * b[i] * a[i] - e[i] * k;
                v[i] = acc ? v[i] + dx : dx;
            }
            store8(dres + o + c, v);
            store8(dres_t + o + c, v);
        }
        return;
    }
    for (int c = lane; c < D; c += 32) dot += tof(dy[o + c]) * w[c] * x[o + c];
    dot = warp_sum(dot);
    float k = r * r * r * dot / (float)D;
    for (int c = lane; c < D; c += 32) {
        float dx = r * w[c] * tof(dy[o + c]) - x[o + c] * k;
        float v = acc ? dres[o + c] + dx : dx;
        dres[o + c] = v;
        dres_t[o + c] = fromf<T>(v);
    }
}

// dw partial sums: block (32 columns x 8 row lanes) over a chunk of rows;
// part[chunk, c] = sum over the chunk's rows of dy*x*rstd.
template <typename T>
__device__ void rmsnorm_dw(float* part, const float* x, const float* rstd, const T* dy, int rows, int D,
                           int rows_per_chunk) {
    __shared__ float red[8][33];
    int cl = threadIdx.x & 31, rl = threadIdx.x >> 5;
    int c = blockIdx.x * 32 + cl;
    int r0 = blockIdx.y * rows_per_chunk, r1 = min(rows, r0 + rows_per_chunk);
    float s = 0.f;
    if (c < D)
        for (int r = r0 + rl; r < r1; r += 8) s += tof(dy[(long)r * D + c]) * x[(long)r * D + c] * rstd[r];
    red[rl][cl] = s;
    __syncthreads();
    if (rl == 0 && c < D) {
        float t = 0.f;
        for (int k = 0; k < 8; k++) t += red[k][cl];
        part[(long)blockIdx.y * D + c] = t;
    }
}

// out[c] = sum over chunks of part[chunk, c], in chunk order.
extern "C" __global__ void sum_rows(float* out, const float* part, int chunks, int D) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= D) return;
    float t = 0.f;
    for (int k = 0; k < chunks; k++) t += part[(long)k * D + c];
    out[c] = t;
}

// ---------------------------------------------------------------- rotary
// In place on the q and k parts of qkv [B*T, 3D]; rotate-half convention
// (transformers' Llama): for i < hd/2, (x1, x2) = (x[i], x[i+hd/2]),
// y1 = x1 cos - x2 sin, y2 = x2 cos + x1 sin. dir = -1 applies the inverse
// rotation (the backward pass). cos/sin: [T, hd] tables (emb = cat(f, f)).
template <typename T>
__device__ void rope(T* qkv, const float* cos_t, const float* sin_t, int rows, int T_, int H, int hd, float dir) {
    int half = hd / 2;
    int D = H * hd;
    if ((half & 7) == 0) {  // 8 pairs per thread
        int hv = half / 8;
        long n = (long)rows * 2 * H * hv;
        for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
            int k = (int)(i % hv) * 8;
            long rest = i / hv;
            int h = (int)(rest % H);
            rest /= H;
            int part = (int)(rest % 2);
            long r = rest / 2;
            int t = (int)(r % T_);
            T* p = qkv + r * 3 * D + part * D + h * hd;
            float x1[8], x2[8], c[8], sn[8];
            load8(p + k, x1);
            load8(p + k + half, x2);
            load8(cos_t + t * hd + k, c);
            load8(sin_t + t * hd + k, sn);
            float y1[8], y2[8];
#pragma unroll
            for (int j = 0; j < 8; j++) {
                float sj = sn[j] * dir;
                y1[j] = x1[j] * c[j] - x2[j] * sj;
                y2[j] = x2[j] * c[j] + x1[j] * sj;
            }
            store8(p + k, y1);
            store8(p + k + half, y2);
        }
        return;
    }
    long n = (long)rows * 2 * H * half;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        int k = (int)(i % half);
        long rest = i / half;
        int h = (int)(rest % H);
        rest /= H;
        int part = (int)(rest % 2);
        long r = rest / 2;
        int t = (int)(r % T_);
        T* p = qkv + r * 3 * D + part * D + h * hd;
        float c = cos_t[t * hd + k], s = sin_t[t * hd + k] * dir;
        float x1 = tof(p[k]), x2 = tof(p[k + half]);
        p[k] = fromf<T>(x1 * c - x2 * s);
        p[k + half] = fromf<T>(x2 * c + x1 * s);
    }
}

// ---------------------------------------------------------------- SwiGLU
// gu [rows, 2F] = gate | up; s = silu(gate) * up.
template <typename T>
__device__ void swiglu_fwd(T* s, const T* gu, int rows, int F) {
    if ((F & 7) == 0) {
        int fv = F / 8;
        long n = (long)rows * fv;
        for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
            long r = i / fv;
            int c = (int)(i - r * fv) * 8;
            float g[8], u[8], o[8];
            load8(gu + r * 2 * F + c, g);
            load8(gu + r * 2 * F + F + c, u);
#pragma unroll
            for (int j = 0; j < 8; j++) o[j] = g[j] / (1.f + expf(-g[j])) * u[j];
            store8(s + r * F + c, o);
        }
        return;
    }
    long n = (long)rows * F;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        long r = i / F;
        int c = (int)(i - r * F);
        float g = tof(gu[r * 2 * F + c]), u = tof(gu[r * 2 * F + F + c]);
        s[i] = fromf<T>(g / (1.f + expf(-g)) * u);
    }
}

template <typename T>
__device__ void swiglu_bwd(T* dgu, const T* ds, const T* gu, int rows, int F) {
    if ((F & 7) == 0) {
        int fv = F / 8;
        long n = (long)rows * fv;
        for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
            long r = i / fv;
            int c = (int)(i - r * fv) * 8;
            float g[8], u[8], d[8], dg[8], du[8];
            load8(gu + r * 2 * F + c, g);
            load8(gu + r * 2 * F + F + c, u);
            load8(ds + r * F + c, d);
#pragma unroll
            for (int j = 0; j < 8; j++) {
                float sg = 1.f / (1.f + expf(-g[j]));
                dg[j] = d[j] * u[j] * sg * (1.f + g[j] * (1.f - sg));
                du[j] = d[j] * g[j] * sg;
            }
            store8(dgu + r * 2 * F + c, dg);
            store8(dgu + r * 2 * F + F + c, du);
        }
        return;
    }
    long n = (long)rows * F;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        long r = i / F;
        int c = (int)(i - r * F);
        float g = tof(gu[r * 2 * F + c]), u = tof(gu[r * 2 * F + F + c]), d = tof(ds[i]);
        float sg = 1.f / (1.f + expf(-g));
        dgu[r * 2 * F + c] = fromf<T>(d * u * sg * (1.f + g * (1.f - sg)));
        dgu[r * 2 * F + F + c] = fromf<T>(d * g * sg);
    }
}

// ---------------------------------------------------------------- classifier
// One block per row of logits [rows, V]: loss[r] = logsumexp - logit[target];
// with grad, the row is overwritten by (softmax - onehot) * dscale.
template <typename T>
__device__ void classifier(T* logits, float* loss, const uint32_t* targets, int rows, int V, float dscale,
                           int grad) {
    __shared__ float sm[32], ss[32];
    int r = blockIdx.x;
    T* row = logits + (long)r * V;
    float m = -INFINITY, s = 0.f;
    bool vec = (V & 7) == 0;
    if (vec) {
        for (int c = threadIdx.x * 8; c < V; c += blockDim.x * 8) {
            float v[8];
            load8(row + c, v);
            float mx = v[0];
#pragma unroll
            for (int j = 1; j < 8; j++) mx = fmaxf(mx, v[j]);
            if (mx > m) { s *= expf(m - mx); m = mx; }
#pragma unroll
            for (int j = 0; j < 8; j++) s += expf(v[j] - m);
        }
    } else {
        for (int c = threadIdx.x; c < V; c += blockDim.x) {
            float v = tof(row[c]);
            if (v > m) { s = s * expf(m - v) + 1.f; m = v; }
            else s += expf(v - m);
        }
    }
    // combine (m, s) pairs: warp, then block
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        float m2 = __shfl_xor_sync(0xffffffffu, m, o), s2 = __shfl_xor_sync(0xffffffffu, s, o);
        float mm = fmaxf(m, m2);
        s = (mm == -INFINITY) ? 0.f : s * expf(m - mm) + s2 * expf(m2 - mm);
        m = mm;
    }
    int w = threadIdx.x >> 5, lane = threadIdx.x & 31, nw = blockDim.x >> 5;
    if (lane == 0) { sm[w] = m; ss[w] = s; }
    __syncthreads();
    if (w == 0) {
        m = lane < nw ? sm[lane] : -INFINITY;
        s = lane < nw ? ss[lane] : 0.f;
#pragma unroll
        for (int o = 16; o > 0; o >>= 1) {
            float m2 = __shfl_xor_sync(0xffffffffu, m, o), s2 = __shfl_xor_sync(0xffffffffu, s, o);
            float mm = fmaxf(m, m2);
            s = (mm == -INFINITY) ? 0.f : s * expf(m - mm) + s2 * expf(m2 - mm);
            m = mm;
        }
        if (lane == 0) { sm[0] = m; ss[0] = s; }
    }
    __syncthreads();
    float lse = sm[0] + logf(ss[0]);
    uint32_t tg = targets[r];
    if (threadIdx.x == 0) loss[r] = lse - tof(row[tg]);
    if (!grad) return;
    __syncthreads();  // row[tg] read before it is overwritten
    if (vec) {
        for (int c = threadIdx.x * 8; c < V; c += blockDim.x * 8) {
            float v[8];
            load8(row + c, v);
#pragma unroll
            for (int j = 0; j < 8; j++) v[j] = (expf(v[j] - lse) - (c + j == (int)tg ? 1.f : 0.f)) * dscale;
            store8(row + c, v);
        }
        return;
    }
    for (int c = threadIdx.x; c < V; c += blockDim.x) {
        float p = expf(tof(row[c]) - lse);
        row[c] = fromf<T>((p - (c == (int)tg ? 1.f : 0.f)) * dscale);
    }
}

// ---------------------------------------------------------------- reductions
// out[0] = (acc ? out[0] : 0) + sum(in[0..n]); one block of 1024 threads, fixed order.
extern "C" __global__ void sum_f32(float* out, const float* in, long n, int acc) {
    __shared__ float red[32];
    float s = 0.f;
    for (long i = threadIdx.x; i < n; i += blockDim.x) s += in[i];
    s = warp_sum(s);
    if ((threadIdx.x & 31) == 0) red[threadIdx.x >> 5] = s;
    __syncthreads();
    if (threadIdx.x < 32) {
        s = threadIdx.x < (blockDim.x >> 5) ? red[threadIdx.x] : 0.f;
        s = warp_sum(s);
        if (threadIdx.x == 0) out[0] = acc ? out[0] + s : s;
    }
}

// part[block] = sum of squares over a grid-stride slice of g.
extern "C" __global__ void sumsq_partial(float* part, const float* g, long n) {
    __shared__ float red[32];
    float s = 0.f;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        float v = g[i];
        s += v * v;
    }
    s = warp_sum(s);
    if ((threadIdx.x & 31) == 0) red[threadIdx.x >> 5] = s;
    __syncthreads();
    if (threadIdx.x < 32) {
        s = threadIdx.x < (blockDim.x >> 5) ? red[threadIdx.x] : 0.f;
        s = warp_sum(s);
        if (threadIdx.x == 0) part[blockIdx.x] = s;
    }
}

// out[0] = sum of part[0..n] in double (one thread: n is the grid size).
extern "C" __global__ void sumsq_final(float* out, const float* part, int n) {
    if (threadIdx.x != 0 || blockIdx.x != 0) return;
    double s = 0.0;
    for (int i = 0; i < n; i++) s += part[i];
    out[0] = (float)s;
}

// ---------------------------------------------------------------- AdamW
// Over the flat parameter buffer: elements before decay_end are matrices
// (decayed), the rest are norm weights. Clipping scale from the squared
// global norm in norm2[0], as train.rs: clip / (norm + 1e-6) when norm > clip.
template <typename T>
__device__ void adamw(float* p, T* pt, const float* g, float* m, float* v, long n, long decay_end, float lr,
                      float b1, float b2, float bc1, float bc2, float eps, float wd, float clip,
                      const float* norm2) {
    float norm = sqrtf(norm2[0]);
    float sc = (clip > 0.f && norm > clip) ? clip / (norm + 1e-6f) : 1.f;
    float ib1 = 1.f / bc1, ib2 = 1.f / bc2;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        float gi = g[i] * sc;
        float mi = m[i] * b1 + gi * (1.f - b1);
        float vi = v[i] * b2 + gi * gi * (1.f - b2);
        m[i] = mi;
        v[i] = vi;
        float upd = (mi * ib1) / (sqrtf(vi * ib2) + eps);
        float decay = i < decay_end ? wd : 0.f;
        float pi = p[i] * (1.f - lr * decay) - upd * lr;
        p[i] = pi;
        if (pt) pt[i] = fromf<T>(pi);
    }
}

template <typename T>
__device__ void cast_from_f32(T* out, const float* in, long n) {
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x)
        out[i] = fromf<T>(in[i]);
}

// ---------------------------------------------------------------- attention
// Shared by both attention implementations: Dt[b,h,t] = sum_d dout * out.
template <typename T>
__device__ void attn_dterm(float* Dt, const T* out, const T* dout, int B, int T_, int H, int hd) {
    long n = (long)B * T_ * H;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        int h = (int)(i % H);
        long bt = i / H;  // b*T + t
        int b = (int)(bt / T_), t = (int)(bt % T_);
        long o = bt * H * hd + (long)h * hd;
        float s = 0.f;
        if ((hd & 7) == 0) {
            for (int d = 0; d < hd; d += 8) {
                float a[8], c[8];
                load8(out + o + d, a);
                load8(dout + o + d, c);
#pragma unroll
                for (int j = 0; j < 8; j++) s += a[j] * c[j];
            }
        } else {
            for (int d = 0; d < hd; d++) s += tof(out[o + d]) * tof(dout[o + d]);
        }
        Dt[((long)b * H + h) * T_ + t] = s;
    }
}

#define MAXHD 256
// Simple causal attention: one thread per (b, h, query), online softmax.
// Any even head size up to MAXHD. Used in f32 mode and as the reference.
template <typename T>
__device__ void attn_fwd_simple(T* out, float* lse, const T* qkv, int B, int T_, int H, int hd, float scale) {
    long idx = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (idx >= (long)B * H * T_) return;
    int t = (int)(idx % T_);
    int h = (int)((idx / T_) % H);
    int b = (int)(idx / ((long)T_ * H));
    int D = H * hd;
    long rs = 3L * D;
    const T* q = qkv + ((long)b * T_ + t) * rs + h * hd;
    float acc[MAXHD];
    for (int d = 0; d < hd; d++) acc[d] = 0.f;
    float m = -INFINITY, l = 0.f;
    for (int j = 0; j <= t; j++) {
        const T* k = qkv + ((long)b * T_ + j) * rs + D + h * hd;
        const T* v = k + D;
        float s = 0.f;
        for (int d = 0; d < hd; d++) s += tof(q[d]) * tof(k[d]);
        s *= scale;
        float mn = fmaxf(m, s);
        float a = expf(m - mn), p = expf(s - mn);
        l = l * a + p;
        for (int d = 0; d < hd; d++) acc[d] = acc[d] * a + p * tof(v[d]);
        m = mn;
    }
    T* o = out + ((long)b * T_ + t) * D + h * hd;
    for (int d = 0; d < hd; d++) o[d] = fromf<T>(acc[d] / l);
    lse[((long)b * H + h) * T_ + t] = m + logf(l);
}

// dq for one (b, h, query) per thread.
template <typename T>
__device__ void attn_bwd_dq_simple(T* dqkv, const T* qkv, const T* dout, const float* lse, const float* Dt,
                                   int B, int T_, int H, int hd, float scale) {
    long idx = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (idx >= (long)B * H * T_) return;
    int t = (int)(idx % T_);
    int h = (int)((idx / T_) % H);
    int b = (int)(idx / ((long)T_ * H));
    int D = H * hd;
    long rs = 3L * D;
    const T* q = qkv + ((long)b * T_ + t) * rs + h * hd;
    const T* dO = dout + ((long)b * T_ + t) * D + h * hd;
    float L = lse[((long)b * H + h) * T_ + t], Dv = Dt[((long)b * H + h) * T_ + t];
    float acc[MAXHD];
    for (int d = 0; d < hd; d++) acc[d] = 0.f;
    for (int j = 0; j <= t; j++) {
        const T* k = qkv + ((long)b * T_ + j) * rs + D + h * hd;
        const T* v = k + D;
        float s = 0.f, dp = 0.f;
        for (int d = 0; d < hd; d++) { s += tof(q[d]) * tof(k[d]); dp += tof(dO[d]) * tof(v[d]); }
        float p = expf(s * scale - L);
        float ds = p * (dp - Dv);
        for (int d = 0; d < hd; d++) acc[d] += ds * tof(k[d]);
    }
    T* dq = dqkv + ((long)b * T_ + t) * rs + h * hd;
    for (int d = 0; d < hd; d++) dq[d] = fromf<T>(acc[d] * scale);
}

// dk, dv for one (b, h, key) per thread.
template <typename T>
__device__ void attn_bwd_dkdv_simple(T* dqkv, const T* qkv, const T* dout, const float* lse, const float* Dt,
                                     int B, int T_, int H, int hd, float scale) {
    long idx = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (idx >= (long)B * H * T_) return;
    int j = (int)(idx % T_);
    int h = (int)((idx / T_) % H);
    int b = (int)(idx / ((long)T_ * H));
    int D = H * hd;
    long rs = 3L * D;
    const T* k = qkv + ((long)b * T_ + j) * rs + D + h * hd;
    const T* v = k + D;
    float dk[MAXHD], dv[MAXHD];
    for (int d = 0; d < hd; d++) { dk[d] = 0.f; dv[d] = 0.f; }
    for (int i = j; i < T_; i++) {
        const T* q = qkv + ((long)b * T_ + i) * rs + h * hd;
        const T* dO = dout + ((long)b * T_ + i) * D + h * hd;
        float L = lse[((long)b * H + h) * T_ + i], Dv = Dt[((long)b * H + h) * T_ + i];
        float s = 0.f, dp = 0.f;
        for (int d = 0; d < hd; d++) { s += tof(q[d]) * tof(k[d]); dp += tof(dO[d]) * tof(v[d]); }
        float p = expf(s * scale - L);
        float ds = p * (dp - Dv);
        for (int d = 0; d < hd; d++) { dv[d] += p * tof(dO[d]); dk[d] += ds * tof(q[d]); }
    }
    T* dkp = dqkv + ((long)b * T_ + j) * rs + D + h * hd;
    T* dvp = dkp + D;
    for (int d = 0; d < hd; d++) { dkp[d] = fromf<T>(dk[d] * scale); dvp[d] = fromf<T>(dv[d]); }
}

// ---- tensor-core flash attention (bf16, head size HD in {32, 64, 128}) ----
// Tiles of 64 queries x 64 keys, 4 warps; each warp owns 16 rows of the
// tile. Products on the tensor cores through WMMA (16x16x16, float
// accumulate); softmax in float on rows staged in shared memory; lane l of
// a warp handles row l/2, half l%2 of its columns.
namespace tc {
using namespace nvcuda;
constexpr int BR = 64, BC = 64, NW = 4, NT = NW * 32;

template <int HD> struct Smem {
    static constexpr int LDK = HD + 8;                        // bf16 tile row stride
    static constexpr int LDP = BC + 8;                        // bf16 P / dS row stride
    static constexpr int LDF = (BC > HD ? BC : HD) + 4;       // float staging row stride
    static constexpr int TILE = BR * LDK;                     // elements of one bf16 tile
    static constexpr int FWD = 3 * TILE * 2 + NW * 16 * LDF * 4 + NW * 16 * LDP * 2;
    static constexpr int BWD = 4 * TILE * 2 + NW * 16 * LDF * 4 + 2 * NW * 16 * LDP * 2 + 2 * BR * 4;
};

// rows [r0, r0+64) of a [T, HD] slice with row stride rs (elements); zeros past T.
template <int HD>
__device__ __forceinline__ void load_tile(bf16* dst, const bf16* src, long rs, int r0, int T_) {
    constexpr int LDK = Smem<HD>::LDK, VPR = HD / 8;
    for (int i = threadIdx.x; i < BR * VPR; i += NT) {
        int r = i / VPR, c = (i % VPR) * 8;
        uint4 val = make_uint4(0, 0, 0, 0);
        if (r0 + r < T_) val = *reinterpret_cast<const uint4*>(src + (long)(r0 + r) * rs + c);
        *reinterpret_cast<uint4*>(dst + r * LDK + c) = val;
    }
}

typedef wmma::fragment<wmma::accumulator, 16, 16, 16, float> Acc;
typedef wmma::fragment<wmma::matrix_a, 16, 16, 16, bf16, wmma::row_major> FragA;
typedef wmma::fragment<wmma::matrix_b, 16, 16, 16, bf16, wmma::col_major> FragBt;  // B = X^T, X row-major
typedef wmma::fragment<wmma::matrix_b, 16, 16, 16, bf16, wmma::row_major> FragB;

// out[16 x NC*16] (float, staged at st with stride LDF) = A[16 x K] * X^T, X rows [NC*16 x K].
template <int K, int NC, int LDA, int LDX, int LDF>
__device__ __forceinline__ void mm_abt(float* st, const bf16* a, const bf16* x) {
    Acc acc[NC];
#pragma unroll
    for (int n = 0; n < NC; n++) wmma::fill_fragment(acc[n], 0.f);
#pragma unroll
    for (int k = 0; k < K; k += 16) {
        FragA fa;
        wmma::load_matrix_sync(fa, a + k, LDA);
#pragma unroll
        for (int n = 0; n < NC; n++) {
            FragBt fb;
            wmma::load_matrix_sync(fb, x + n * 16 * LDX + k, LDX);
            wmma::mma_sync(acc[n], fa, fb, acc[n]);
        }
    }
#pragma unroll
    for (int n = 0; n < NC; n++) wmma::store_matrix_sync(st + n * 16, acc[n], LDF, wmma::mem_row_major);
}

// acc[NC] += A[16 x K] * X, X row-major [K x NC*16].
template <int K, int NC, int LDA, int LDX>
__device__ __forceinline__ void mm_ab_acc(Acc* acc, const bf16* a, const bf16* x) {
#pragma unroll
    for (int k = 0; k < K; k += 16) {
        FragA fa;
        wmma::load_matrix_sync(fa, a + k, LDA);
#pragma unroll
        for (int n = 0; n < NC; n++) {
            FragB fb;
            wmma::load_matrix_sync(fb, x + k * LDX + n * 16, LDX);
            wmma::mma_sync(acc[n], fa, fb, acc[n]);
        }
    }
}

template <int HD>
__device__ void fwd(bf16* out, float* lse, const bf16* qkv, int B, int T_, int H, float scale) {
    using S = Smem<HD>;
    constexpr int LDK = S::LDK, LDP = S::LDP, LDF = S::LDF;
    extern __shared__ __align__(128) unsigned char smem[];
    bf16* sQ = reinterpret_cast<bf16*>(smem);
    bf16* sK = sQ + S::TILE;
    bf16* sV = sK + S::TILE;
    float* sF = reinterpret_cast<float*>(sV + S::TILE);
    bf16* sP = reinterpret_cast<bf16*>(sF + NW * 16 * LDF);
    int w = threadIdx.x >> 5, lane = threadIdx.x & 31, r = lane >> 1, hf = lane & 1;
    float* fw = sF + w * 16 * LDF;
    bf16* pw = sP + w * 16 * LDP;
    int qt = gridDim.x - 1 - blockIdx.x;  // longest rows first
    int bh = blockIdx.y, b = bh / H, h = bh % H;
    int D = H * HD;
    long rs = 3L * D;
    const bf16* qb = qkv + (long)b * T_ * rs + h * HD;
    int q0 = qt * BR;
    int q = q0 + w * 16 + r;
    load_tile<HD>(sQ, qb, rs, q0, T_);
    float o[HD / 2];
#pragma unroll
    for (int d = 0; d < HD / 2; d++) o[d] = 0.f;
    float mi = -INFINITY, li = 0.f;
    for (int kt = 0; kt <= qt; kt++) {
        int k0 = kt * BC;
        __syncthreads();
        load_tile<HD>(sK, qb + D, rs, k0, T_);
        load_tile<HD>(sV, qb + 2 * D, rs, k0, T_);
        __syncthreads();
        mm_abt<HD, BC / 16, LDK, LDK, LDF>(fw, sQ + w * 16 * LDK, sK);
        __syncwarp();
        float sv[BC / 2];
        float mx = -INFINITY;
#pragma unroll
        for (int c = 0; c < BC / 2; c++) {
            int kk = k0 + hf * (BC / 2) + c;
            float s = fw[r * LDF + hf * (BC / 2) + c] * scale;
            if (kk > q || kk >= T_) s = -INFINITY;
            sv[c] = s;
            mx = fmaxf(mx, s);
        }
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
        float mn = fmaxf(mi, mx);
        float mu = (mn == -INFINITY) ? 0.f : mn;
        float alpha = expf(mi - mu);
        float rsum = 0.f;
#pragma unroll
        for (int c = 0; c < BC / 2; c++) {
            float p = expf(sv[c] - mu);
            rsum += p;
            pw[r * LDP + hf * (BC / 2) + c] = __float2bfloat16_rn(p);
        }
        rsum += __shfl_xor_sync(0xffffffffu, rsum, 1);
        li = li * alpha + rsum;
        mi = mn;
#pragma unroll
        for (int d = 0; d < HD / 2; d++) o[d] *= alpha;
        __syncwarp();
        Acc pv[HD / 16];
#pragma unroll
        for (int n = 0; n < HD / 16; n++) wmma::fill_fragment(pv[n], 0.f);
        mm_ab_acc<BC, HD / 16, LDP, LDK>(pv, pw, sV);
#pragma unroll
        for (int n = 0; n < HD / 16; n++) wmma::store_matrix_sync(fw + n * 16, pv[n], LDF, wmma::mem_row_major);
        __syncwarp();
#pragma unroll
        for (int d = 0; d < HD / 2; d++) o[d] += fw[r * LDF + hf * (HD / 2) + d];
        __syncwarp();
    }
    if (q < T_) {
        bf16* op = out + ((long)b * T_ + q) * D + h * HD + hf * (HD / 2);
        float il = 1.f / li;
#pragma unroll
        for (int d = 0; d < HD / 2; d++) op[d] = __float2bfloat16_rn(o[d] * il);
        if (hf == 0) lse[((long)b * H + h) * T_ + q] = mi + logf(li);
    }
}

// dK, dV: one block per (key tile, b*h); warps own 16 keys; loop over query tiles >= key tile.
template <int HD>
__device__ void bwd_dkdv(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt, int B,
                         int T_, int H, float scale) {
    using S = Smem<HD>;
    constexpr int LDK = S::LDK, LDP = S::LDP, LDF = S::LDF;
    extern __shared__ __align__(128) unsigned char smem[];
    bf16* sK = reinterpret_cast<bf16*>(smem);
    bf16* sV = sK + S::TILE;
    bf16* sQ = sV + S::TILE;
    bf16* sO = sQ + S::TILE;  // dO tile
    float* sF = reinterpret_cast<float*>(sO + S::TILE);
    bf16* sP = reinterpret_cast<bf16*>(sF + NW * 16 * LDF);
    bf16* sS = sP + NW * 16 * LDP;
    float* sL = reinterpret_cast<float*>(sS + NW * 16 * LDP);
    float* sD = sL + BR;
    int w = threadIdx.x >> 5, lane = threadIdx.x & 31, r = lane >> 1, hf = lane & 1;
    float* fw = sF + w * 16 * LDF;
    bf16* pw = sP + w * 16 * LDP;
    bf16* dsw = sS + w * 16 * LDP;
    int nq = (T_ + BR - 1) / BR;
    int kt = blockIdx.x;  // key tile 0 has the most query tiles: scheduled first
    int bh = blockIdx.y, b = bh / H, h = bh % H;
    int D = H * HD;
    long rs = 3L * D;
    const bf16* qb = qkv + (long)b * T_ * rs + h * HD;
    const bf16* ob = dout + (long)b * T_ * D + h * HD;
    int k0 = kt * BC;
    int kk = k0 + w * 16 + r;  // this lane's key
    load_tile<HD>(sK, qb + D, rs, k0, T_);
    load_tile<HD>(sV, qb + 2 * D, rs, k0, T_);
    Acc dk[HD / 16], dv[HD / 16];
#pragma unroll
    for (int n = 0; n < HD / 16; n++) { wmma::fill_fragment(dk[n], 0.f); wmma::fill_fragment(dv[n], 0.f); }
    for (int qt = kt; qt < nq; qt++) {
        int q0 = qt * BR;
        __syncthreads();
        load_tile<HD>(sQ, qb, rs, q0, T_);
        load_tile<HD>(sO, ob, D, q0, T_);
        for (int i = threadIdx.x; i < BR; i += NT) {
            bool ok = q0 + i < T_;
            sL[i] = ok ? lse[((long)b * H + h) * T_ + q0 + i] : INFINITY;
            sD[i] = ok ? Dt[((long)b * H + h) * T_ + q0 + i] : 0.f;
        }
        __syncthreads();
        // S^T = K_w Q^T  -> P^T
        mm_abt<HD, BR / 16, LDK, LDK, LDF>(fw, sK + w * 16 * LDK, sQ);
        __syncwarp();
        float pv[BR / 2];
#pragma unroll
        for (int c = 0; c < BR / 2; c++) {
            int col = hf * (BR / 2) + c, qq = q0 + col;
            float p = (qq >= kk && qq < T_ && kk < T_) ? expf(fw[r * LDF + col] * scale - sL[col]) : 0.f;
            pv[c] = p;
            pw[r * LDP + col] = __float2bfloat16_rn(p);
        }
        __syncwarp();
        // dV += P^T dO
        mm_ab_acc<BR, HD / 16, LDP, LDK>(dv, pw, sO);
        // dP^T = V_w dO^T
        mm_abt<HD, BR / 16, LDK, LDK, LDF>(fw, sV + w * 16 * LDK, sO);
        __syncwarp();
#pragma unroll
        for (int c = 0; c < BR / 2; c++) {
            int col = hf * (BR / 2) + c;
            dsw[r * LDP + col] = __float2bfloat16_rn(pv[c] * (fw[r * LDF + col] - sD[col]));
        }
        __syncwarp();
        // dK += dS^T Q
        mm_ab_acc<BR, HD / 16, LDP, LDK>(dk, dsw, sQ);
        __syncwarp();
    }
    // write dK * scale, dV
#pragma unroll
    for (int n = 0; n < HD / 16; n++) wmma::store_matrix_sync(fw + n * 16, dk[n], LDF, wmma::mem_row_major);
    __syncwarp();
    if (kk < T_) {
        bf16* p = dqkv + ((long)b * T_ + kk) * rs + D + h * HD + hf * (HD / 2);
#pragma unroll
        for (int d = 0; d < HD / 2; d++) p[d] = __float2bfloat16_rn(fw[r * LDF + hf * (HD / 2) + d] * scale);
    }
    __syncwarp();
#pragma unroll
    for (int n = 0; n < HD / 16; n++) wmma::store_matrix_sync(fw + n * 16, dv[n], LDF, wmma::mem_row_major);
    __syncwarp();
    if (kk < T_) {
        bf16* p = dqkv + ((long)b * T_ + kk) * rs + 2 * D + h * HD + hf * (HD / 2);
#pragma unroll
        for (int d = 0; d < HD / 2; d++) p[d] = __float2bfloat16_rn(fw[r * LDF + hf * (HD / 2) + d]);
    }
}

// dQ: one block per (query tile, b*h); warps own 16 queries; loop over key tiles <= query tile.
template <int HD>
__device__ void bwd_dq(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt, int B,
                       int T_, int H, float scale) {
    using S = Smem<HD>;
    constexpr int LDK = S::LDK, LDP = S::LDP, LDF = S::LDF;
    extern __shared__ __align__(128) unsigned char smem[];
    bf16* sQ = reinterpret_cast<bf16*>(smem);
    bf16* sO = sQ + S::TILE;
    bf16* sK = sO + S::TILE;
    bf16* sV = sK + S::TILE;
    float* sF = reinterpret_cast<float*>(sV + S::TILE);
    bf16* sS = reinterpret_cast<bf16*>(sF + NW * 16 * LDF);
    int w = threadIdx.x >> 5, lane = threadIdx.x & 31, r = lane >> 1, hf = lane & 1;
    float* fw = sF + w * 16 * LDF;
    bf16* dsw = sS + w * 16 * LDP;
    int qt = gridDim.x - 1 - blockIdx.x;
    int bh = blockIdx.y, b = bh / H, h = bh % H;
    int D = H * HD;
    long rs = 3L * D;
    const bf16* qb = qkv + (long)b * T_ * rs + h * HD;
    const bf16* ob = dout + (long)b * T_ * D + h * HD;
    int q0 = qt * BR;
    int q = q0 + w * 16 + r;
    load_tile<HD>(sQ, qb, rs, q0, T_);
    load_tile<HD>(sO, ob, D, q0, T_);
    bool ok = q < T_;
    float L = ok ? lse[((long)b * H + h) * T_ + q] : INFINITY;
    float Dv = ok ? Dt[((long)b * H + h) * T_ + q] : 0.f;
    Acc dq[HD / 16];
#pragma unroll
    for (int n = 0; n < HD / 16; n++) wmma::fill_fragment(dq[n], 0.f);
    for (int kt = 0; kt <= qt; kt++) {
        int k0 = kt * BC;
        __syncthreads();
        load_tile<HD>(sK, qb + D, rs, k0, T_);
        load_tile<HD>(sV, qb + 2 * D, rs, k0, T_);
        __syncthreads();
        mm_abt<HD, BC / 16, LDK, LDK, LDF>(fw, sQ + w * 16 * LDK, sK);
        __syncwarp();
        float pv[BC / 2];
#pragma unroll
        for (int c = 0; c < BC / 2; c++) {
            int col = hf * (BC / 2) + c, kk = k0 + col;
            pv[c] = (kk <= q && kk < T_ && ok) ? expf(fw[r * LDF + col] * scale - L) : 0.f;
        }
        __syncwarp();
        mm_abt<HD, BC / 16, LDK, LDK, LDF>(fw, sO + w * 16 * LDK, sV);
        __syncwarp();
#pragma unroll
        for (int c = 0; c < BC / 2; c++) {
            int col = hf * (BC / 2) + c;
            dsw[r * LDP + col] = __float2bfloat16_rn(pv[c] * (fw[r * LDF + col] - Dv));
        }
        __syncwarp();
        mm_ab_acc<BC, HD / 16, LDP, LDK>(dq, dsw, sK);
        __syncwarp();
    }
#pragma unroll
    for (int n = 0; n < HD / 16; n++) wmma::store_matrix_sync(fw + n * 16, dq[n], LDF, wmma::mem_row_major);
    __syncwarp();
    if (ok) {
        bf16* p = dqkv + ((long)b * T_ + q) * rs + h * HD + hf * (HD / 2);
#pragma unroll
        for (int d = 0; d < HD / 2; d++) p[d] = __float2bfloat16_rn(fw[r * LDF + hf * (HD / 2) + d] * scale);
    }
}
}  // namespace tc

// ---- flash attention on mma.sync (bf16, head size HD in {32, 64, 128}) ----
// FlashAttention-2's scheme on Hopper's (and Ampere's) warp-level tensor-core
// instruction mma.m16n8k16: 4 warps per block, each owning 16 rows of a
// 64-row tile; the other operand streams through shared memory in 64-row
// tiles. Scores, probabilities and their gradients stay in registers: the
// accumulator layout of S = Q K^T is reused as the A operand of P V (no
// shared-memory round trip). Operands come from shared memory with ldmatrix
// (.trans for the operands stored [k][n]).
namespace fa {
constexpr int BR = 64, NW = 4, NT = NW * 32;

__device__ __forceinline__ uint32_t saddr(const void* p) { return (uint32_t)__cvta_generic_to_shared(p); }

template <int HD> struct Cfg {
    static constexpr int LD = HD + 8;  // row stride (elements): ldmatrix rows hit distinct banks
    static constexpr int TILE = BR * LD;
    // streamed tiles are double-buffered (cp.async): Q + 2 x (K, V) forward;
    // 2 fixed + 2 x 2 streamed tiles and 2 x (lse, D) rows backward
    static constexpr int FWD = 5 * TILE * 2;
    static constexpr int BWD = 6 * TILE * 2 + 4 * BR * 4;
};

// Asynchronous 16-byte (4-byte) copy global -> shared; zero-filled when !ok.
__device__ __forceinline__ void cp16(void* dst, const void* src, bool ok) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(saddr(dst)), "l"(src), "r"(ok ? 16 : 0));
}
__device__ __forceinline__ void cp4(void* dst, const void* src, bool ok) {
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(saddr(dst)), "l"(src), "r"(ok ? 4 : 0));
}
__device__ __forceinline__ void cp_commit() { asm volatile("cp.async.commit_group;\n" ::); }
template <int N> __device__ __forceinline__ void cp_wait() { asm volatile("cp.async.wait_group %0;\n" ::"n"(N)); }

__device__ __forceinline__ void ldsm4(uint32_t* r, const bf16* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"(saddr(p)));
}
__device__ __forceinline__ void ldsm4t(uint32_t* r, const bf16* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"(saddr(p)));
}
// c[16x8] += a[16x16] b[16x8]
__device__ __forceinline__ void mma(float* c, const uint32_t* a, uint32_t b0, uint32_t b1) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
__device__ __forceinline__ uint32_t pack2(float lo, float hi) {
    __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
    return *reinterpret_cast<uint32_t*>(&v);
}

// A operand (16 x 16) of rows [r0, r0+16), columns [c0, c0+16) of a [64][LD] tile.
template <int LD>
__device__ __forceinline__ void frag_a(uint32_t* a, const bf16* t, int r0, int c0) {
    int lane = threadIdx.x & 31;
    ldsm4(a, t + (r0 + (lane & 15)) * LD + c0 + (lane >> 4) * 8);
}
// B operands of two n8 tiles (n0, n0+8) x k16 at k0, for B[k][n] = X[n][k] (X row-major [n][k]).
template <int LD>
__device__ __forceinline__ void frag_bt(uint32_t* b, const bf16* x, int n0, int k0) {
    int lane = threadIdx.x & 31;
    ldsm4(b, x + (n0 + (lane & 7) + (lane >> 4) * 8) * LD + k0 + ((lane >> 3) & 1) * 8);
}
// The same for B[k][n] = X[k][n] (X row-major [k][n]).
template <int LD>
__device__ __forceinline__ void frag_b(uint32_t* b, const bf16* x, int n0, int k0) {
    int lane = threadIdx.x & 31;
    ldsm4t(b, x + (k0 + (lane & 7) + ((lane >> 3) & 1) * 8) * LD + n0 + (lane >> 4) * 8);
}

// acc[NC8][4] = A(rows r0.. of ta, all HD columns) * X^T, X = rows [0, NC8*8) of tx: [16 x NC8*8].
template <int HD, int NC8>
__device__ __forceinline__ void mm_xt(float (*acc)[4], const bf16* ta, int r0, const bf16* tx) {
    constexpr int LD = Cfg<HD>::LD;
#pragma unroll
    for (int n = 0; n < NC8; n++)
#pragma unroll
        for (int e = 0; e < 4; e++) acc[n][e] = 0.f;
#pragma unroll
    for (int kc = 0; kc < HD / 16; kc++) {
        uint32_t a[4];
        frag_a<LD>(a, ta, r0, kc * 16);
#pragma unroll
        for (int np = 0; np < NC8 / 2; np++) {
            uint32_t b[4];
            frag_bt<LD>(b, tx, np * 16, kc * 16);
            mma(acc[2 * np], a, b[0], b[1]);
            mma(acc[2 * np + 1], a, b[2], b[3]);
        }
    }
}

// acc[HD/8][4] += P * X with P (16 x 64) in accumulator layout p[8][4], X rows [0,64) of tx [64][LD].
template <int HD>
__device__ __forceinline__ void mm_px(float (*acc)[4], float (*p)[4], const bf16* tx) {
    constexpr int LD = Cfg<HD>::LD;
#pragma unroll
    for (int kc = 0; kc < 4; kc++) {
        uint32_t a[4] = {pack2(p[2 * kc][0], p[2 * kc][1]), pack2(p[2 * kc][2], p[2 * kc][3]),
                         pack2(p[2 * kc + 1][0], p[2 * kc + 1][1]), pack2(p[2 * kc + 1][2], p[2 * kc + 1][3])};
#pragma unroll
        for (int np = 0; np < HD / 16; np++) {
            uint32_t b[4];
            frag_b<LD>(b, tx, np * 16, kc * 16);
            mma(acc[2 * np], a, b[0], b[1]);
            mma(acc[2 * np + 1], a, b[2], b[3]);
        }
    }
}

// Start copying rows [r0, r0+64) of a [T, HD] slice (row stride rs) into a tile; zeros past T.
template <int HD>
__device__ __forceinline__ void load(bf16* dst, const bf16* src, long rs, int r0, int T_) {
    constexpr int LD = Cfg<HD>::LD, VPR = HD / 8;
    for (int i = threadIdx.x; i < BR * VPR; i += NT) {
        int r = i / VPR, c = (i % VPR) * 8;
        bool ok = r0 + r < T_;
        cp16(dst + r * LD + c, ok ? src + (long)(r0 + r) * rs + c : src, ok);
    }
}
// Start copying x[r0 .. r0+64) (floats) into dst; zeros past T.
__device__ __forceinline__ void load_row(float* dst, const float* x, int r0, int T_) {
    for (int i = threadIdx.x; i < BR; i += NT) {
        bool ok = r0 + i < T_;
        cp4(dst + i, ok ? x + r0 + i : x, ok);
    }
}

// Store a [16 x HD] accumulator (rows row0 + g, row0 + g + 8) times `mul` as bf16 pairs.
template <int HD>
__device__ __forceinline__ void store_rows(bf16* base, long rs, float (*acc)[4], int row0, int T_, float mul0,
                                           float mul1) {
    int lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
#pragma unroll
    for (int half = 0; half < 2; half++) {
        int row = row0 + g + half * 8;
        if (row >= T_) continue;
        float mul = half ? mul1 : mul0;
        bf16* p = base + (long)row * rs + 2 * t;
#pragma unroll
        for (int n = 0; n < HD / 8; n++)
            *reinterpret_cast<uint32_t*>(p + n * 8) = pack2(acc[n][2 * half] * mul, acc[n][2 * half + 1] * mul);
    }
}

template <int HD>
__device__ void fwd(bf16* out, float* lse, const bf16* qkv, int B, int T_, int H, float scale) {
    using C = Cfg<HD>;
    extern __shared__ __align__(128) unsigned char smem[];
    bf16* sQ = reinterpret_cast<bf16*>(smem);
    bf16* sK = sQ + C::TILE;
    bf16* sV = sK + C::TILE;
    int w = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    int qt = gridDim.x - 1 - blockIdx.x;
    int bh = blockIdx.y, b = bh / H, h = bh % H;
    int D = H * HD;
    long rs = 3L * D;
    const bf16* qb = qkv + (long)b * T_ * rs + h * HD;
    int q0 = qt * BR;
    int qr[2] = {q0 + w * 16 + g, q0 + w * 16 + g + 8};
    load<HD>(sQ, qb, rs, q0, T_);
    load<HD>(sK, qb + D, rs, 0, T_);
    load<HD>(sV, qb + 2 * D, rs, 0, T_);
    cp_commit();
    float o[HD / 8][4];
#pragma unroll
    for (int n = 0; n < HD / 8; n++)
#pragma unroll
        for (int e = 0; e < 4; e++) o[n][e] = 0.f;
    float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.f, 0.f};
    for (int kt = 0; kt <= qt; kt++) {
        int k0 = kt * BR, cur = kt & 1;
        if (kt < qt) {  // the next key tile streams in while this one is used
            load<HD>(sK + (cur ^ 1) * 2 * C::TILE, qb + D, rs, k0 + BR, T_);
            load<HD>(sV + (cur ^ 1) * 2 * C::TILE, qb + 2 * D, rs, k0 + BR, T_);
            cp_commit();
            cp_wait<1>();
        } else {
            cp_wait<0>();
        }
        __syncthreads();
        const bf16* tK = sK + cur * 2 * C::TILE;
        const bf16* tV = sV + cur * 2 * C::TILE;
        float s[8][4];
        mm_xt<HD, 8>(s, sQ, w * 16, tK);
        float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
        for (int n = 0; n < 8; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                int key = k0 + n * 8 + 2 * t + (e & 1);
                float v = s[n][e] * scale;
                if (key > qr[e >> 1] || key >= T_) v = -INFINITY;
                s[n][e] = v;
                mx[e >> 1] = fmaxf(mx[e >> 1], v);
            }
        float alpha[2], mu[2], rsum[2] = {0.f, 0.f};
#pragma unroll
        for (int r = 0; r < 2; r++) {
            mx[r] = fmaxf(mx[r], __shfl_xor_sync(0xffffffffu, mx[r], 1));
            mx[r] = fmaxf(mx[r], __shfl_xor_sync(0xffffffffu, mx[r], 2));
            float mn = fmaxf(m[r], mx[r]);
            mu[r] = (mn == -INFINITY) ? 0.f : mn;
            alpha[r] = expf(m[r] - mu[r]);
            m[r] = mn;
        }
#pragma unroll
        for (int n = 0; n < 8; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                float p = expf(s[n][e] - mu[e >> 1]);
                s[n][e] = p;
                rsum[e >> 1] += p;
            }
#pragma unroll
        for (int r = 0; r < 2; r++) {
            rsum[r] += __shfl_xor_sync(0xffffffffu, rsum[r], 1);
            rsum[r] += __shfl_xor_sync(0xffffffffu, rsum[r], 2);
            l[r] = l[r] * alpha[r] + rsum[r];
        }
#pragma unroll
        for (int n = 0; n < HD / 8; n++) {
            o[n][0] *= alpha[0];
            o[n][1] *= alpha[0];
            o[n][2] *= alpha[1];
            o[n][3] *= alpha[1];
        }
        mm_px<HD>(o, s, tV);
        __syncthreads();  // this buffer is refilled next iteration
    }
    store_rows<HD>(out + (long)b * T_ * D + h * HD, D, o, q0 + w * 16, T_, 1.f / l[0], 1.f / l[1]);
    if (t == 0) {
#pragma unroll
        for (int r = 0; r < 2; r++)
            if (qr[r] < T_) lse[((long)b * H + h) * T_ + qr[r]] = m[r] + logf(l[r]);
    }
}

// dQ: block per (query tile, b*h); warps own 16 queries; key tiles <= query tile.
template <int HD>
__device__ void bwd_dq(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt, int B,
                       int T_, int H, float scale) {
    using C = Cfg<HD>;
    extern __shared__ __align__(128) unsigned char smem[];
    bf16* sQ = reinterpret_cast<bf16*>(smem);
    bf16* sO = sQ + C::TILE;
    bf16* sK = sO + C::TILE;
    bf16* sV = sK + C::TILE;
    int w = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    int qt = gridDim.x - 1 - blockIdx.x;
    int bh = blockIdx.y, b = bh / H, h = bh % H;
    int D = H * HD;
    long rs = 3L * D;
    const bf16* qb = qkv + (long)b * T_ * rs + h * HD;
    const bf16* ob = dout + (long)b * T_ * D + h * HD;
    int q0 = qt * BR;
    int qr[2] = {q0 + w * 16 + g, q0 + w * 16 + g + 8};
    float L[2], Dv[2];
#pragma unroll
    for (int r = 0; r < 2; r++) {
        bool ok = qr[r] < T_;
        L[r] = ok ? lse[((long)b * H + h) * T_ + qr[r]] : INFINITY;
        Dv[r] = ok ? Dt[((long)b * H + h) * T_ + qr[r]] : 0.f;
    }
    load<HD>(sQ, qb, rs, q0, T_);
    load<HD>(sO, ob, D, q0, T_);
    load<HD>(sK, qb + D, rs, 0, T_);
    load<HD>(sV, qb + 2 * D, rs, 0, T_);
    cp_commit();
    float dq[HD / 8][4];
#pragma unroll
    for (int n = 0; n < HD / 8; n++)
#pragma unroll
        for (int e = 0; e < 4; e++) dq[n][e] = 0.f;
    for (int kt = 0; kt <= qt; kt++) {
        int k0 = kt * BR, cur = kt & 1;
        if (kt < qt) {
            load<HD>(sK + (cur ^ 1) * 2 * C::TILE, qb + D, rs, k0 + BR, T_);
            load<HD>(sV + (cur ^ 1) * 2 * C::TILE, qb + 2 * D, rs, k0 + BR, T_);
            cp_commit();
            cp_wait<1>();
        } else {
            cp_wait<0>();
        }
        __syncthreads();
        const bf16* tK = sK + cur * 2 * C::TILE;
        const bf16* tV = sV + cur * 2 * C::TILE;
        float s[8][4], dp[8][4];
        mm_xt<HD, 8>(s, sQ, w * 16, tK);
        mm_xt<HD, 8>(dp, sO, w * 16, tV);
#pragma unroll
        for (int n = 0; n < 8; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                int key = k0 + n * 8 + 2 * t + (e & 1), r = e >> 1;
                float p = (key <= qr[r] && key < T_) ? expf(s[n][e] * scale - L[r]) : 0.f;
                s[n][e] = p * (dp[n][e] - Dv[r]);
            }
        mm_px<HD>(dq, s, tK);
        __syncthreads();
    }
    store_rows<HD>(dqkv + (long)b * T_ * rs + h * HD, rs, dq, q0 + w * 16, T_, scale, scale);
}

// dK, dV: block per (key tile, b*h); warps own 16 keys; query tiles >= key tile.
template <int HD>
__device__ void bwd_dkdv(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt, int B,
                         int T_, int H, float scale) {
    using C = Cfg<HD>;
    extern __shared__ __align__(128) unsigned char smem[];
    bf16* sK = reinterpret_cast<bf16*>(smem);
    bf16* sV = sK + C::TILE;
    bf16* sQ = sV + C::TILE;  // buffers: sQ0 sO0 sQ1 sO1
    bf16* sO = sQ + C::TILE;
    float* sL = reinterpret_cast<float*>(sQ + 4 * C::TILE);  // sL0 sD0 sL1 sD1
    float* sD = sL + BR;
    int w = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    int nq = (T_ + BR - 1) / BR;
    int kt = blockIdx.x;
    int bh = blockIdx.y, b = bh / H, h = bh % H;
    int D = H * HD;
    long rs = 3L * D;
    const bf16* qb = qkv + (long)b * T_ * rs + h * HD;
    const bf16* ob = dout + (long)b * T_ * D + h * HD;
    int k0 = kt * BR;
    int kr[2] = {k0 + w * 16 + g, k0 + w * 16 + g + 8};
    const float* lb = lse + ((long)b * H + h) * T_;
    const float* db = Dt + ((long)b * H + h) * T_;
    load<HD>(sK, qb + D, rs, k0, T_);
    load<HD>(sV, qb + 2 * D, rs, k0, T_);
    load<HD>(sQ, qb, rs, kt * BR, T_);
    load<HD>(sO, ob, D, kt * BR, T_);
    load_row(sL, lb, kt * BR, T_);
    load_row(sD, db, kt * BR, T_);
    cp_commit();
    float dk[HD / 8][4], dv[HD / 8][4];
#pragma unroll
    for (int n = 0; n < HD / 8; n++)
#pragma unroll
        for (int e = 0; e < 4; e++) {
            dk[n][e] = 0.f;
            dv[n][e] = 0.f;
        }
    for (int qt = kt; qt < nq; qt++) {
        int q0 = qt * BR, cur = (qt - kt) & 1;
        if (qt + 1 < nq) {  // the next query tile streams in while this one is used
            int nx = cur ^ 1;
            load<HD>(sQ + nx * 2 * C::TILE, qb, rs, q0 + BR, T_);
            load<HD>(sO + nx * 2 * C::TILE, ob, D, q0 + BR, T_);
            load_row(sL + nx * 2 * BR, lb, q0 + BR, T_);
            load_row(sD + nx * 2 * BR, db, q0 + BR, T_);
            cp_commit();
            cp_wait<1>();
        } else {
            cp_wait<0>();
        }
        __syncthreads();
        const bf16* tQ = sQ + cur * 2 * C::TILE;
        const bf16* tO = sO + cur * 2 * C::TILE;
        const float* tL = sL + cur * 2 * BR;  // lse: 0 past T (those columns are masked)
        const float* tD = sD + cur * 2 * BR;
        float s[8][4];
        mm_xt<HD, 8>(s, sK, w * 16, tQ);  // S^T: keys x queries
#pragma unroll
        for (int n = 0; n < 8; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                int col = n * 8 + 2 * t + (e & 1), q = q0 + col, key = kr[e >> 1];
                s[n][e] = (q >= key && q < T_ && key < T_) ? expf(s[n][e] * scale - tL[col]) : 0.f;
            }
        mm_px<HD>(dv, s, tO);  // dV += P^T dO
        float dp[8][4];
        mm_xt<HD, 8>(dp, sV, w * 16, tO);  // dP^T = V dO^T
#pragma unroll
        for (int n = 0; n < 8; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                int col = n * 8 + 2 * t + (e & 1);
                s[n][e] = s[n][e] * (dp[n][e] - tD[col]);
            }
        mm_px<HD>(dk, s, tQ);  // dK += dS^T Q
        __syncthreads();
    }
    store_rows<HD>(dqkv + (long)b * T_ * rs + D + h * HD, rs, dk, k0 + w * 16, T_, scale, scale);
    store_rows<HD>(dqkv + (long)b * T_ * rs + 2 * D + h * HD, rs, dv, k0 + w * 16, T_, 1.f, 1.f);
}
}  // namespace fa

// ---------------------------------------------------------------- exports
// The float and bf16 instantiations of each kernel, under C names.
extern "C" __global__ void rmsnorm_fwd_f32(float* xo, const float* xi, const float* add, float* hn, float* rs,
                                           const float* w, int rows, int D, float eps) {
    rmsnorm_fwd<float>(xo, xi, add, hn, rs, w, rows, D, eps);
}
extern "C" __global__ void rmsnorm_fwd_bf16(float* xo, const float* xi, const bf16* add, bf16* hn, float* rs,
                                            const float* w, int rows, int D, float eps) {
    rmsnorm_fwd<bf16>(xo, xi, add, hn, rs, w, rows, D, eps);
}
extern "C" __global__ void rmsnorm_bwd_f32(float* dres, float* dt, const float* x, const float* rs, const float* w,
                                           const float* dy, int rows, int D, int acc) {
    rmsnorm_bwd<float>(dres, dt, x, rs, w, dy, rows, D, acc);
}
extern "C" __global__ void rmsnorm_bwd_bf16(float* dres, bf16* dt, const float* x, const float* rs, const float* w,
                                            const bf16* dy, int rows, int D, int acc) {
    rmsnorm_bwd<bf16>(dres, dt, x, rs, w, dy, rows, D, acc);
}
extern "C" __global__ void rmsnorm_dw_f32(float* part, const float* x, const float* rs, const float* dy, int rows,
                                          int D, int rpc) {
    rmsnorm_dw<float>(part, x, rs, dy, rows, D, rpc);
}
extern "C" __global__ void rmsnorm_dw_bf16(float* part, const float* x, const float* rs, const bf16* dy, int rows,
                                           int D, int rpc) {
    rmsnorm_dw<bf16>(part, x, rs, dy, rows, D, rpc);
}
extern "C" __global__ void rope_f32(float* qkv, const float* c, const float* s, int rows, int T_, int H, int hd,
                                    float dir) {
    rope<float>(qkv, c, s, rows, T_, H, hd, dir);
}
extern "C" __global__ void rope_bf16(bf16* qkv, const float* c, const float* s, int rows, int T_, int H, int hd,
                                     float dir) {
    rope<bf16>(qkv, c, s, rows, T_, H, hd, dir);
}
extern "C" __global__ void swiglu_fwd_f32(float* s, const float* gu, int rows, int F) { swiglu_fwd<float>(s, gu, rows, F); }
extern "C" __global__ void swiglu_fwd_bf16(bf16* s, const bf16* gu, int rows, int F) { swiglu_fwd<bf16>(s, gu, rows, F); }
extern "C" __global__ void swiglu_bwd_f32(float* dgu, const float* ds, const float* gu, int rows, int F) {
    swiglu_bwd<float>(dgu, ds, gu, rows, F);
}
extern "C" __global__ void swiglu_bwd_bf16(bf16* dgu, const bf16* ds, const bf16* gu, int rows, int F) {
    swiglu_bwd<bf16>(dgu, ds, gu, rows, F);
}
extern "C" __global__ void classifier_f32(float* lg, float* loss, const uint32_t* tg, int rows, int V, float ds,
                                          int grad) {
    classifier<float>(lg, loss, tg, rows, V, ds, grad);
}
extern "C" __global__ void classifier_bf16(bf16* lg, float* loss, const uint32_t* tg, int rows, int V, float ds,
                                           int grad) {
    classifier<bf16>(lg, loss, tg, rows, V, ds, grad);
}
extern "C" __global__ void adamw_f32(float* p, float* pt, const float* g, float* m, float* v, long n, long de,
                                     float lr, float b1, float b2, float bc1, float bc2, float eps, float wd,
                                     float clip, const float* norm2) {
    adamw<float>(p, pt, g, m, v, n, de, lr, b1, b2, bc1, bc2, eps, wd, clip, norm2);
}
extern "C" __global__ void adamw_bf16(float* p, bf16* pt, const float* g, float* m, float* v, long n, long de,
                                      float lr, float b1, float b2, float bc1, float bc2, float eps, float wd,
                                      float clip, const float* norm2) {
    adamw<bf16>(p, pt, g, m, v, n, de, lr, b1, b2, bc1, bc2, eps, wd, clip, norm2);
}
extern "C" __global__ void cast_f32_bf16(bf16* out, const float* in, long n) { cast_from_f32<bf16>(out, in, n); }
extern "C" __global__ void attn_dterm_f32(float* Dt, const float* o, const float* d, int B, int T_, int H, int hd) {
    attn_dterm<float>(Dt, o, d, B, T_, H, hd);
}
extern "C" __global__ void attn_dterm_bf16(float* Dt, const bf16* o, const bf16* d, int B, int T_, int H, int hd) {
    attn_dterm<bf16>(Dt, o, d, B, T_, H, hd);
}
extern "C" __global__ void attn_fwd_simple_f32(float* out, float* lse, const float* qkv, int B, int T_, int H, int hd,
                                               float scale) {
    attn_fwd_simple<float>(out, lse, qkv, B, T_, H, hd, scale);
}
extern "C" __global__ void attn_fwd_simple_bf16(bf16* out, float* lse, const bf16* qkv, int B, int T_, int H, int hd,
                                                float scale) {
    attn_fwd_simple<bf16>(out, lse, qkv, B, T_, H, hd, scale);
}
extern "C" __global__ void attn_bwd_dq_simple_f32(float* dqkv, const float* qkv, const float* dout, const float* lse,
                                                  const float* Dt, int B, int T_, int H, int hd, float scale) {
    attn_bwd_dq_simple<float>(dqkv, qkv, dout, lse, Dt, B, T_, H, hd, scale);
}
extern "C" __global__ void attn_bwd_dq_simple_bf16(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse,
                                                   const float* Dt, int B, int T_, int H, int hd, float scale) {
    attn_bwd_dq_simple<bf16>(dqkv, qkv, dout, lse, Dt, B, T_, H, hd, scale);
}
extern "C" __global__ void attn_bwd_dkdv_simple_f32(float* dqkv, const float* qkv, const float* dout, const float* lse,
                                                    const float* Dt, int B, int T_, int H, int hd, float scale) {
    attn_bwd_dkdv_simple<float>(dqkv, qkv, dout, lse, Dt, B, T_, H, hd, scale);
}
extern "C" __global__ void attn_bwd_dkdv_simple_bf16(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse,
                                                     const float* Dt, int B, int T_, int H, int hd, float scale) {
    attn_bwd_dkdv_simple<bf16>(dqkv, qkv, dout, lse, Dt, B, T_, H, hd, scale);
}

#define TC_EXPORT(HD)                                                                                           \
    extern "C" __global__ void __launch_bounds__(tc::NT) attn_fwd_tc_##HD(bf16* out, float* lse, const bf16* qkv, \
                                                                         int B, int T_, int H, float scale) {   \
        tc::fwd<HD>(out, lse, qkv, B, T_, H, scale);                                                            \
    }                                                                                                           \
    extern "C" __global__ void __launch_bounds__(tc::NT)                                                        \
        attn_bwd_dkdv_tc_##HD(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt, \
                              int B, int T_, int H, float scale) {                                              \
        tc::bwd_dkdv<HD>(dqkv, qkv, dout, lse, Dt, B, T_, H, scale);                                            \
    }                                                                                                           \
    extern "C" __global__ void __launch_bounds__(tc::NT)                                                        \
        attn_bwd_dq_tc_##HD(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt,   \
                            int B, int T_, int H, float scale) {                                                \
        tc::bwd_dq<HD>(dqkv, qkv, dout, lse, Dt, B, T_, H, scale);                                              \
    }                                                                                                           \
    extern "C" __global__ void attn_smem_##HD(int* out) {                                                       \
        out[0] = tc::Smem<HD>::FWD;                                                                             \
        out[1] = tc::Smem<HD>::BWD;                                                                             \
    }
TC_EXPORT(32)
TC_EXPORT(64)
TC_EXPORT(128)

#define FA_EXPORT(HD)                                                                                           \
    extern "C" __global__ void __launch_bounds__(fa::NT) attn_fwd_fa_##HD(bf16* out, float* lse, const bf16* qkv, \
                                                                         int B, int T_, int H, float scale) {   \
        fa::fwd<HD>(out, lse, qkv, B, T_, H, scale);                                                            \
    }                                                                                                           \
    extern "C" __global__ void __launch_bounds__(fa::NT)                                                        \
        attn_bwd_dkdv_fa_##HD(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt, \
                              int B, int T_, int H, float scale) {                                              \
        fa::bwd_dkdv<HD>(dqkv, qkv, dout, lse, Dt, B, T_, H, scale);                                            \
    }                                                                                                           \
    extern "C" __global__ void __launch_bounds__(fa::NT)                                                        \
        attn_bwd_dq_fa_##HD(bf16* dqkv, const bf16* qkv, const bf16* dout, const float* lse, const float* Dt,   \
                            int B, int T_, int H, float scale) {                                                \
        fa::bwd_dq<HD>(dqkv, qkv, dout, lse, Dt, B, T_, H, scale);                                              \
    }                                                                                                           \
    extern "C" __global__ void attn_fa_smem_##HD(int* out) {                                                    \
        out[0] = fa::Cfg<HD>::FWD;                                                                              \
        out[1] = fa::Cfg<HD>::BWD;                                                                              \
    }
FA_EXPORT(32)
FA_EXPORT(64)
FA_EXPORT(128)
