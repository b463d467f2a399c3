"""Training throughput of gmlab against a minimal plain-PyTorch GPT of the same shape, and gmlab's bf16 CPU path
against fp32.

    python bench/bench_train.py                 # about 8 minutes on a 2-core CPU
    python bench/bench_train.py --quick         # speed only, about a minute
    python bench/bench_train.py --quick --d_model 512   # the same at another width

The reference is written here, nanoGPT style, with the same architecture as gmlab's `small` preset (RMSNorm,
half-split RoPE,
SwiGLU, tied embeddings, F.scaled_dot_product_attention, AdamW), and is timed on the same batches, dtype and threads.
Timings alternate between the two in rounds and keep each one's best round, so machine noise hits both alike.

1. tokens/s: gmlab Trainer.train_step vs the reference, both in gmlab's default autocast dtype. Target: ratio >= 1.0.
2. tokens/s: gmlab's default CPU path (bf16 autocast where the CPU supports it) vs the reference in plain fp32.
Target: >= 2.5x.
3. validation loss after the same tokens: gmlab bf16 vs gmlab fp32 (same init, same batches). Target: within 1%.
4. MFU of gmlab's path against the measured bf16 matmul ceiling.
"""

import argparse, tempfile, time
import torch
import torch.nn.functional as F
from torch import nn
from gmlab.core import autocast, matmul_flops
from gmlab.train import Trainer, preset


class RefBlock(nn.Module):
    def __init__(self, d, n_heads, d_mlp):
        super().__init__()
        self.n_heads = n_heads
        self.norm1, self.norm2 = nn.RMSNorm(d, eps=1e-6), nn.RMSNorm(d, eps=1e-6)
        self.qkv, self.out = nn.Linear(d, 3 * d, bias=False), nn.Linear(d, d, bias=False)
        self.up, self.down = nn.Linear(d, 2 * d_mlp, bias=False), nn.Linear(d_mlp, d, bias=False)

    def forward(self, x, cos, sin):
        B, T, C = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(B, T, 3, self.n_heads, C // self.n_heads).unbind(2)

        def rope(t):
            a, b = t.float().chunk(2, -1)
            return torch.cat((a * cos - b * sin, a * sin + b * cos), -1).to(t.dtype)

        q, k, v = rope(q).transpose(1, 2), rope(k).transpose(1, 2), v.transpose(1, 2)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.out(y.transpose(1, 2).reshape(B, T, C))
        g, u = self.up(self.norm2(x)).chunk(2, -1)
        return x + self.down(F.silu(g) * u)


class RefGPT(nn.Module):
    def __init__(self, vocab, d, n_layers, n_heads, d_mlp, max_len=4096):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        self.blocks = nn.ModuleList(RefBlock(d, n_heads, d_mlp) for _ in range(n_layers))
        self.norm = nn.RMSNorm(d, eps=1e-6)
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.emb.weight
        hd = d // n_heads
        ang = torch.outer(torch.arange(max_len).float(), 10000.0 ** -(torch.arange(0, hd, 2).float() / hd))
        self.register_buffer('cos', ang.cos()[:, None, :])
        self.register_buffer('sin', ang.sin()[:, None, :])
        for p in self.parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, idx, targets):
        T = idx.shape[1]
        x = self.emb(idx)
        for b in self.blocks:
            x = b(x, self.cos[:T], self.sin[:T])
        logits = self.head(self.norm(x))
        return F.cross_entropy(logits.float().view(-1, logits.shape[-1]), targets.reshape(-1))


def ref_step(model, opt, w, dtype):
    with autocast('cpu', dtype):
        loss = model(w[:, :-1], w[:, 1:])
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    opt.zero_grad(set_to_none=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=8, help='steps per timing round')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument(
        '--train_steps', type=int, default=120, help='steps for the bf16-vs-fp32 validation-loss comparison'
    )
    ap.add_argument('--quick', action='store_true', help='skip the validation-loss comparison')
    ap.add_argument('--d_model', type=int, default=0, help='change the width of the small preset (heads of 64 dims)')
    a = ap.parse_args()
    out = tempfile.mkdtemp(prefix='gmlab-bench-train-')  # a fresh run directory: gmlab never trains over an earlier run
    cfg = preset('small').replace(out_dir=out, eval_every=10**9, max_steps=10**6, time_limit=0.0)
    if a.d_model:
        cfg = cfg.replace(**{'model.d_model': a.d_model, 'model.n_heads': a.d_model // 64})
    B, T = cfg.batch_size, cfg.seq_len
    gm = Trainer(cfg, progress=False)
    bf16 = gm.dtype
    mc = gm.cfg.model
    print(
        f'threads {torch.get_num_threads()}, model {gm.model.num_params():,} params (d {mc.d_model}, {mc.n_layers} '
        'layers), '
        f'batch {B}x{T}, gmlab autocast dtype: {bf16}'
    )
    ref = RefGPT(mc.vocab_size, mc.d_model, mc.n_layers, mc.n_heads, mc.mlp_dim)
    ref_opt = torch.optim.AdamW(ref.parameters(), lr=cfg.lr, betas=(0.9, 0.95), weight_decay=0.1)
    batches = [gm.loader.next_batch() for _ in range(a.steps)]

    def time_gmlab():
        it = iter(batches)
        gm.loader.next_batch = lambda: next(it)
        t = time.perf_counter()
        for _ in range(a.steps):
            gm.train_step()
        return a.steps * B * T / (time.perf_counter() - t)

    def time_ref(dtype):
        t = time.perf_counter()
        for w in batches:
            ref_step(ref, ref_opt, w, dtype)
        return a.steps * B * T / (time.perf_counter() - t)

    time_gmlab()
    time_ref(bf16)
    time_ref(None)  # warm up
    best = {'gmlab': 0, 'ref': 0, 'ref_fp32': 0}
    for _ in range(a.rounds):
        best['gmlab'] = max(best['gmlab'], time_gmlab())
        best['ref'] = max(best['ref'], time_ref(bf16))
        best['ref_fp32'] = max(best['ref_fp32'], time_ref(None))
    peak = matmul_flops('cpu', bf16 or torch.float32, 1024)
    mfu = gm.flops_per_token * best['gmlab'] / peak
    print(
        f"\n1. tokens/s, same dtype ({bf16}): gmlab {best['gmlab']:,.0f}, reference {best['ref']:,.0f}  -> "
        f"gmlab/reference = {best['gmlab'] / best['ref']:.2f}"
    )
    print(
        f"2. tokens/s: gmlab default path {best['gmlab']:,.0f}, reference fp32 {best['ref_fp32']:,.0f}  -> "
        f"{best['gmlab'] / best['ref_fp32']:.2f}x"
    )
    print(
        f"4. MFU: {gm.flops_per_token / 1e6:.1f} MFLOP/token x {best['gmlab']:,.0f} tokens/s = "
        f"{gm.flops_per_token * best['gmlab'] / 1e9:.0f} GFLOP/s "
        f"of a measured {peak / 1e9:.0f} GFLOP/s {bf16} matmul peak = {100 * mfu:.1f}%"
    )
    if a.quick:
        return

    losses = {}
    for name, dtype in (('bf16', 'auto'), ('fp32', 'fp32')):
        out = tempfile.mkdtemp(prefix=f'gmlab-bench-{name}-')
        run = Trainer(cfg.replace(dtype=dtype, max_steps=a.train_steps, warmup_steps=10, out_dir=out), progress=False)
        t = time.perf_counter()
        for _ in range(a.train_steps):
            run.train_step()
        dt = time.perf_counter() - t
        losses[name] = run.evaluate()
        print(f'   {name}: {run.tokens:,} tokens in {dt:.0f} s, val loss {losses[name]:.4f}')
    print(
        f"3. val loss after {a.train_steps * B * T:,} tokens: bf16 {losses['bf16']:.4f} vs fp32 {losses['fp32']:.4f} "
        f"-> {100 * (losses['bf16'] / losses['fp32'] - 1):+.2f}%"
    )


if __name__ == '__main__':
    main()
