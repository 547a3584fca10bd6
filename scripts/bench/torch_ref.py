#!/usr/bin/env python3
"""PyTorch reference for curate's GPU trainer: the same Llama-style GPT (trainer/src/model.rs),
initialisation, AdamW, schedule, clipping and batch shape, trained from the same llm.c token
shards (memory-mapped), timed on one GPU. Prints one JSON line per (preset, mode).

    python3 scripts/bench/torch_ref.py --preset 1m,8m,33m --mode eager,compile \
        --tokens out/tokens/tokens/train-*.bin [--steps 30] [--warmup 8] [--batch 64]

Model: token embedding (tied output), per layer RMSNorm (eps 1e-5, float32 as transformers'
LlamaRMSNorm computes it) -> q/k/v projections -> rotary (rotate-half, theta 10000) ->
F.scaled_dot_product_attention(is_causal=True) -> o_proj -> residual; RMSNorm -> SwiGLU
(gate, up, down) -> residual; final RMSNorm; logits = x @ embedding^T; mean cross-entropy.
Init N(0, 0.02), o_proj/down_proj N(0, 0.02/sqrt(2 layers)), norms 1. AdamW (fused, betas
0.9/0.95, eps 1e-8, weight decay 0.1 on matrices only), warmup + cosine learning rate,
global-norm clipping at 1.0. Mixed precision: bf16 autocast over float32 weights (the GPU
trainer's bf16 mode). Batches: random windows of context+1 tokens, as curate samples them.

Model FLOPs per token (the count curate's `gpu bench` uses):
6 * (layers * (4 d^2 + 3 d f) + vocab * d) + 6 * layers * context * d; MFU against 989 TFLOP/s.
"""
import argparse
import glob
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    # name: (hidden, layers, heads, context); intermediate = 8/3 hidden rounded up to 8
    "1m": (128, 4, 4, 128),
    "8m": (256, 8, 4, 256),
    "33m": (512, 8, 8, 512),
}
PEAK_TFLOPS = 989.0


def ffn(d):
    return (d * 8 // 3 + 7) // 8 * 8


class RMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        dt = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dt)


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class Block(nn.Module):
    def __init__(self, d, h, f, eps):
        super().__init__()
        self.h = h
        self.input_layernorm = RMSNorm(d, eps)
        self.q_proj = nn.Linear(d, d, bias=False)
        self.k_proj = nn.Linear(d, d, bias=False)
        self.v_proj = nn.Linear(d, d, bias=False)
        self.o_proj = nn.Linear(d, d, bias=False)
        self.post_attention_layernorm = RMSNorm(d, eps)
        self.gate_proj = nn.Linear(d, f, bias=False)
        self.up_proj = nn.Linear(d, f, bias=False)
        self.down_proj = nn.Linear(f, d, bias=False)

    def forward(self, x, cos, sin):
        b, t, d = x.shape
        hd = d // self.h
        hn = self.input_layernorm(x)
        q = self.q_proj(hn).view(b, t, self.h, hd).transpose(1, 2)
        k = self.k_proj(hn).view(b, t, self.h, hd).transpose(1, 2)
        v = self.v_proj(hn).view(b, t, self.h, hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.o_proj(y.transpose(1, 2).reshape(b, t, d))
        hn = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(hn)) * self.up_proj(hn))


class Gpt(nn.Module):
    def __init__(self, vocab, d, layers, h, ctx, eps=1e-5, theta=10000.0):
        super().__init__()
        f = ffn(d)
        self.embed_tokens = nn.Embedding(vocab, d)
        self.layers = nn.ModuleList([Block(d, h, f, eps) for _ in range(layers)])
        self.norm = RMSNorm(d, eps)
        hd = d // h
        inv = 1.0 / theta ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd)
        ang = torch.outer(torch.arange(ctx, dtype=torch.float32), inv)
        emb = torch.cat((ang, ang), dim=-1)
        self.register_buffer("cos", emb.cos()[None, None], persistent=False)
        self.register_buffer("sin", emb.sin()[None, None], persistent=False)
        resid = 0.02 / math.sqrt(2 * layers)
        for n, p in self.named_parameters():
            if n.endswith("norm.weight"):
                nn.init.ones_(p)
            elif "o_proj" in n or "down_proj" in n:
                nn.init.normal_(p, 0.0, resid)
            else:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, idx, targets):
        t = idx.shape[1]
        x = self.embed_tokens(idx)
        cos, sin = self.cos[:, :, :t], self.sin[:, :, :t]
        for blk in self.layers:
            x = blk(x, cos, sin)
        logits = F.linear(self.norm(x), self.embed_tokens.weight)
        return F.cross_entropy(logits.reshape(-1, logits.size(-1)).float(), targets.reshape(-1))


def flops_per_token(vocab, d, layers, ctx):
    f = ffn(d)
    return 6 * (layers * (4 * d * d + 3 * d * f) + vocab * d) + 6 * layers * ctx * d


def open_tokens(patterns, vocab, n_random):
    files = sorted(f for p in patterns for f in glob.glob(p))
    if not files:
        # a random shard in the same format (for runs without real data)
        path = "/tmp/torch_ref_random.bin"
        header = np.zeros(256, dtype=np.int32)
        header[:3] = (20240520, 1, n_random)
        with open(path, "wb") as fh:
            fh.write(header.tobytes())
            fh.write(np.random.default_rng(0).integers(0, vocab, n_random, dtype=np.uint16).tobytes())
        files = [path]
    parts = []
    for f in files:
        h = np.fromfile(f, dtype=np.int32, count=256)
        assert h[0] == 20240520 and h[1] in (1, 2), f"{f}: not an llm.c token file"
        dt = np.uint16 if h[1] == 1 else np.uint32
        parts.append(np.memmap(f, dtype=dt, mode="r", offset=1024, shape=(int(h[2]),)))
    return parts, files


class Batches:
    """Random windows over the concatenated shards (memory-mapped)."""

    def __init__(self, parts, batch, ctx, seed):
        self.parts, self.batch, self.ctx = parts, batch, ctx
        self.starts = np.cumsum([0] + [len(p) for p in parts])
        self.n = int(self.starts[-1])
        self.rng = np.random.default_rng(seed)

    def window(self, o):
        k = int(np.searchsorted(self.starts, o, side="right") - 1)
        out, need, at = [], self.ctx + 1, o - int(self.starts[k])
        while need:
            take = min(need, len(self.parts[k]) - at)
            out.append(np.asarray(self.parts[k][at:at + take], dtype=np.int64))
            need -= take
            k, at = k + 1, 0
        return np.concatenate(out)

    def next(self, device):
        offs = self.rng.integers(0, self.n - self.ctx - 1, self.batch)
        w = torch.from_numpy(np.stack([self.window(int(o)) for o in offs]))
        w = w.pin_memory().to(device, non_blocking=True)
        return w[:, :-1], w[:, 1:]


def lr_at(step, lr, min_lr, warmup, steps):
    if step < warmup:
        return lr * (step + 1) / warmup
    p = min((step - warmup) / max(steps - warmup, 1), 1.0)
    return min_lr + 0.5 * (lr - min_lr) * (1 + math.cos(math.pi * p))


def run(preset, mode, args, parts, files):
    d, layers, h, ctx = PRESETS[preset]
    vocab = args.vocab
    torch.manual_seed(0)
    dev = torch.device("cuda")
    model = Gpt(vocab, d, layers, h, ctx).to(dev)
    nparams = sum(p.numel() for p in model.parameters())
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr, betas=(0.9, 0.95), eps=1e-8, fused=True,
    )
    fwd = torch.compile(model) if mode == "compile" else model
    data = Batches(parts, args.batch, ctx, seed=1)
    total = args.warmup + args.steps
    torch.cuda.reset_peak_memory_stats()
    t_compile = time.time()
    x, y = data.next(dev)
    losses = []
    t0 = None
    for step in range(total):
        if step == args.warmup:
            torch.cuda.synchronize()
            t0 = time.time()
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.lr, args.lr / 10, max(total // 20, 1), total)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = fwd(x, y)
        x, y = data.next(dev)  # prefetch while the GPU works (nanoGPT)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.detach())
        if step == 0:
            torch.cuda.synchronize()
            t_compile = time.time() - t_compile
    torch.cuda.synchronize()
    secs = time.time() - t0
    tps = args.steps * args.batch * ctx / secs
    tflops = tps * flops_per_token(vocab, d, layers, ctx) / 1e12
    return {
        "impl": f"torch-{mode}",
        "preset": preset,
        "params": nparams,
        "batch": args.batch,
        "context": ctx,
        "steps_timed": args.steps,
        "step_ms": secs * 1e3 / args.steps,
        "tokens_per_s": tps,
        "tflops": tflops,
        "mfu": tflops / PEAK_TFLOPS,
        "first_step_s": t_compile,
        "first_loss": float(losses[0]),
        "last_loss": float(losses[-1]),
        "peak_mib": torch.cuda.max_memory_allocated() / 2**20,
        "torch": torch.__version__,
        "device": torch.cuda.get_device_name(0),
        "tokens": files[0] if len(files) == 1 else f"{len(files)} files",
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="1m,8m,33m")
    ap.add_argument("--mode", default="eager,compile")
    ap.add_argument("--tokens", nargs="*", default=[], help="llm.c token files or globs")
    ap.add_argument("--vocab", type=int, default=8192)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-3)
    args = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    parts, files = open_tokens(args.tokens, args.vocab, 4_000_000)
    for preset in args.preset.split(","):
        for mode in args.mode.split(","):
            try:
                print(json.dumps(run(preset, mode, args, parts, files)), flush=True)
            except Exception as e:  # report and go on with the next run
                print(json.dumps({"impl": f"torch-{mode}", "preset": preset, "error": repr(e)}), flush=True)
            torch.cuda.empty_cache()


if __name__ == "__main__":
    sys.exit(main())
