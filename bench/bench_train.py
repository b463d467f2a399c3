"""Training throughput of gmlab against a minimal plain-PyTorch GPT of the same shape, and gmlab's bf16 CPU path
against fp32.

    python bench/bench_train.py                 # about 8 minutes on a 2-core CPU
    python bench/bench_train.py --quick         # speed only, about a minute
    python bench/bench_train.py --quick --d_model 512   # the same at another width

The reference is written here, nanoGPT style, with the same architecture as gmlab's `small` preset (RMSNorm,
half-split RoPE, SwiGLU, tied embeddings, F.scaled_dot_product_attention, AdamW), and is timed on the same batches,
dtype and threads.
Timings alternate between the two in rounds and keep each one's best round, so machine noise hits both alike;
section 5 also gives the median of the ratios round by round.

1. tokens/s: gmlab Trainer.train_step vs the reference, both eager in gmlab's default autocast dtype. Target: ratio
   >= 1.0. Every other comparison with a reference is eager too.
2. tokens/s: gmlab's default CPU path (bf16 autocast where the CPU supports it; compiled if the `small` preset's
   `compile` field asks for it, as it does not today) vs the reference in plain fp32. Target: >= 2.5x. Then its
   ceiling: the tokens/s of the linear layers' matmuls alone, at the model's shapes (forward and the two products of
   backward), in bf16 and in fp32. No path that does those matmuls in bf16 can beat the fp32 reference by more than
   the bf16 bound over the reference's tokens/s.
3. validation loss after the same tokens: gmlab bf16 vs gmlab fp32 (same init, same batches). Target: within 1%.
4. MFU of gmlab's default path against the measured bf16 matmul ceiling.
5. tokens/s: gmlab at nanoGPT's architecture (learned positions, LayerNorm with biases, GELU MLP 4x, biases; the
   `nanogpt` overrides below) vs `NanoGPT`, a faithful copy of karpathy/nanoGPT `model.py` (its modules, init, plain
   cross-entropy on materialised logits) trained as its `train.py` does (AdamW with its two decay groups, clip 1.0),
   in fp32 and under bf16 autocast. Target: >= 1.1x in both.
6. where the time goes, at the same architecture: gmlab's forward + backward with its loss swapped for plain
   cross-entropy, for a fused loss that recomputes the logits in backward, and with every hook point skipped; and the
   optimizer step, fused AdamW against the default multi-tensor loop; the fused loss alone at three chunk sizes.
7. (`--compile`, or `--only compile` alone) torch.compile (Inductor, CPU) of gmlab's `small` preset against eager,
   and the compile time, with a cold compile cache when TORCHINDUCTOR_CACHE_DIR names a new directory; then, both
   compiled, attention by the explicit path (what compiled CPU runs use at this length) against the fused kernel.
"""

import argparse, itertools, math, statistics, tempfile, time
import torch
import torch.nn.functional as F
from torch import nn
from transformer_lens.hook_points import HookPoint
import gmlab.model
from gmlab.core import autocast, matmul_flops
from gmlab.model import IGNORE_INDEX
from gmlab.train import Trainer, explicit_scores, preset


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


# karpathy/nanoGPT model.py (dropout 0), its modules and names
class LayerNorm(nn.Module):
    def __init__(self, ndim, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd, n_head, bias):
        super().__init__()
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=bias)
        self.c_proj = nn.Linear(n_embd, n_embd, bias=bias)
        self.n_head, self.n_embd = n_head, n_embd

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=True)
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class NanoMLP(nn.Module):
    def __init__(self, n_embd, bias):
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd, bias=bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * n_embd, n_embd, bias=bias)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class NanoBlock(nn.Module):
    def __init__(self, n_embd, n_head, bias):
        super().__init__()
        self.ln_1, self.attn = LayerNorm(n_embd, bias), CausalSelfAttention(n_embd, n_head, bias)
        self.ln_2, self.mlp = LayerNorm(n_embd, bias), NanoMLP(n_embd, bias)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class NanoGPT(nn.Module):
    def __init__(self, vocab_size, block_size, n_layer, n_head, n_embd, bias=True):
        super().__init__()
        self.transformer = nn.ModuleDict(
            dict(
                wte=nn.Embedding(vocab_size, n_embd),
                wpe=nn.Embedding(block_size, n_embd),
                h=nn.ModuleList(NanoBlock(n_embd, n_head, bias) for _ in range(n_layer)),
                ln_f=LayerNorm(n_embd, bias),
            )
        )
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)
        for pn, p in self.named_parameters():
            if pn.endswith('c_proj.weight'):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets):
        pos = torch.arange(0, idx.size(1), dtype=torch.long, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-1)

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        params = [p for p in self.parameters() if p.requires_grad]
        groups = [
            {'params': [p for p in params if p.dim() >= 2], 'weight_decay': weight_decay},
            {'params': [p for p in params if p.dim() < 2], 'weight_decay': 0.0},
        ]
        return torch.optim.AdamW(groups, lr=learning_rate, betas=betas)  # nanoGPT fuses on CUDA only


NANOGPT = {'mlp': 'gelu', 'pos_emb': 'learned', 'norm': 'layernorm', 'bias': True, 'norm_eps': 1e-5}


class _RecomputeCE(torch.autograd.Function):
    "A fused loss that keeps each row's log-sum-exp and recomputes the logits in backward: a fourth matmul."

    @staticmethod
    def forward(ctx, h, w, y, chunk):
        with torch.autocast(h.device.type, enabled=False):
            valid, yc = y != IGNORE_INDEX, y.clamp(min=0)
            lse, tgt = torch.empty(len(h), device=h.device), torch.empty(len(h), device=h.device)
            for i in range(0, len(h), chunk):
                z = (h[i : i + chunk] @ w.T).float()
                lse[i : i + chunk] = z.logsumexp(-1)
                tgt[i : i + chunk] = z.gather(1, yc[i : i + chunk, None]).squeeze(1)
        n = valid.sum().clamp(min=1)
        ctx.save_for_backward(h, w, yc, valid, lse, n)
        ctx.chunk = chunk
        return ((lse - tgt) * valid).sum() / n

    @staticmethod
    def backward(ctx, g):
        h, w, yc, valid, lse, n = ctx.saved_tensors
        with torch.autocast(h.device.type, enabled=False):
            dh, dw = torch.empty_like(h), torch.zeros(w.shape, device=w.device)
            for i in range(0, len(h), ctx.chunk):
                rows = slice(i, i + ctx.chunk)
                p = (h[rows] @ w.T).float().sub_(lse[rows, None]).exp_()
                p[torch.arange(len(p)), yc[rows]] -= 1
                p = p.mul_((g / n) * valid[rows, None]).to(h.dtype)
                dh[rows] = p @ w
                dw += p.T @ h[rows]
        return dh, dw.to(w.dtype), None, None


def recompute_ce(h, w, y, softcap=0.0, chunk_rows=None):
    dtype = torch.get_autocast_dtype('cpu') if torch.is_autocast_enabled('cpu') else h.dtype
    h, w = h.reshape(-1, h.shape[-1]).to(dtype), w.to(dtype)
    return _RecomputeCE.apply(h, w, y.reshape(-1), max(1, (1 << 23) // w.shape[0]))


def plain_ce(h, w, y, softcap=0.0, chunk_rows=None):
    return F.cross_entropy((h @ w.T).float().view(-1, w.shape[0]), y.reshape(-1))


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
    ap.add_argument('--compile', action='store_true', help='also time torch.compile against eager (7)')
    ap.add_argument('--only', choices=['nanogpt', 'compile'], help='run only sections 5-6 (and 7 with --compile), or 7')
    a = ap.parse_args()
    out = tempfile.mkdtemp(prefix='gmlab-bench-train-')  # a fresh run directory: gmlab never trains over an earlier run
    # eager unless a section says otherwise: section 2 runs the preset's own choice
    cfg = preset('small').replace(out_dir=out, eval_every=10**9, max_steps=10**6, time_limit=0.0, compile=False)
    if a.d_model:
        cfg = cfg.replace(**{'model.d_model': a.d_model, 'model.n_heads': a.d_model // 64})
    if a.only is None:
        same_shape(a, cfg)
    if a.only in (None, 'nanogpt'):
        for dtype in ('fp32', 'auto'):
            against_nanogpt(a, cfg, dtype)
    if a.compile or a.only == 'compile':
        compiled(a, cfg)


def timed(fn, steps: int, tokens: int) -> float:
    t = time.perf_counter()
    for _ in range(steps):
        fn()
    return steps * tokens / (time.perf_counter() - t)


def rounds_of(rounds: int, timers: dict) -> dict:
    """Each timer's tokens/s in every one of `rounds` rounds, after one warm-up round. The timers alternate within a
    round, in reverse order every other round, so a machine speeding up or slowing down favours none of them."""
    for f in timers.values():
        f()
    out = {k: [] for k in timers}
    for i in range(rounds):
        for k in list(timers)[:: -1 if i % 2 else 1]:
            out[k].append(timers[k]())
    return out


def best_of(rounds: int, timers: dict) -> dict:
    "Each timer's best tokens/s over `rounds` (`rounds_of`)."
    return {k: max(v) for k, v in rounds_of(rounds, timers).items()}


def feed(trainer, batches):
    "Make `trainer` read `batches` in order, again from the first each time it is called."
    it = iter(())

    def next_batch():
        nonlocal it
        try:
            return next(it)
        except StopIteration:
            it = iter(batches)
            return next(it)

    trainer.loader.next_batch = next_batch


def against_nanogpt(a, cfg, dtype: str):
    "5 and 6: gmlab at nanoGPT's architecture against karpathy/nanoGPT's model.py, same batches, dtype and threads."
    out = tempfile.mkdtemp(prefix='gmlab-bench-nanogpt-')
    c = cfg.replace(out_dir=out, dtype=dtype, **{f'model.{k}': v for k, v in NANOGPT.items()})
    gm = Trainer(c, progress=False)
    mc, B, T = gm.cfg.model, c.batch_size, c.seq_len
    torch.manual_seed(0)
    ref = NanoGPT(mc.vocab_size, mc.max_seq_len, mc.n_layers, mc.n_heads, mc.d_model)
    n_ref = sum(p.numel() for p in ref.parameters())
    ref_opt = ref.configure_optimizers(c.weight_decay, c.lr, (c.beta1, c.beta2))
    batches = [gm.loader.next_batch() for _ in range(a.steps)]
    feed(gm, batches)
    it = itertools.cycle(batches)

    def fwd_bwd(model, loss_fn=None):
        def run():
            w = next(it)
            orig = gmlab.model.linear_cross_entropy
            if loss_fn is not None:
                gmlab.model.linear_cross_entropy = loss_fn
            try:
                with autocast('cpu', gm.dtype):
                    loss = model(w[:, :-1], w[:, 1:])
                loss.backward()
            finally:
                gmlab.model.linear_cross_entropy = orig
            model.zero_grad(set_to_none=True)

        return lambda: timed(run, a.steps, B * T)

    def no_hooks():
        HookPoint.__call__ = lambda self, x, *args, **kw: x  # every hook point returns its input, no module call
        try:
            return fwd_bwd(gm.model)()
        finally:
            del HookPoint.__call__

    name = str(gm.dtype or torch.float32).removeprefix('torch.')
    print(
        f'\n{name}: gmlab at nanoGPT\'s architecture ({gm.model.num_params():,} params) vs karpathy/nanoGPT model.py '
        f'({n_ref:,} params), batch {B}x{T}'
    )
    per_round = rounds_of(
        a.rounds,
        {
            'gmlab': lambda: timed(gm.train_step, a.steps, B * T),
            'nanogpt': lambda: timed(lambda: ref_step(ref, ref_opt, next(it), gm.dtype), a.steps, B * T),
        },
    )
    steps = {k: max(v) for k, v in per_round.items()}
    # a round's two timings are neighbours in time, so their ratio shares the machine's speed of that moment
    paired = sorted(g / n for g, n in zip(per_round['gmlab'], per_round['nanogpt']))
    print(
        f"5. training step tokens/s: gmlab {steps['gmlab']:,.0f}, nanoGPT {steps['nanogpt']:,.0f}  -> "
        f"gmlab/nanoGPT = {steps['gmlab'] / steps['nanogpt']:.2f} (best rounds); round by round "
        f'{statistics.median(paired):.2f} median, {paired[0]:.2f} to {paired[-1]:.2f} over {len(paired)} rounds'
    )
    fb = best_of(
        a.rounds,
        {
            'gmlab': fwd_bwd(gm.model),
            'nanoGPT': fwd_bwd(ref),
            'gmlab, plain cross-entropy': fwd_bwd(gm.model, plain_ce),
            'gmlab, loss recomputing logits': fwd_bwd(gm.model, recompute_ce),
            'gmlab, hook points skipped': no_hooks,
        },
    )
    print('6. forward + backward tokens/s (relative to nanoGPT):')
    for k, v in fb.items():
        print(f'   {k:32s} {v:8,.0f}  {v / fb["nanoGPT"]:.2f}')
    h = torch.randn(B * T, mc.d_model, requires_grad=True)
    y = torch.randint(0, mc.vocab_size, (B * T,))

    def loss_alone(rows):
        def run():
            with autocast('cpu', gm.dtype):
                loss = gmlab.model.linear_cross_entropy(h, gm.model.unembed.weight, y, chunk_rows=rows)
            loss.backward()
            h.grad = None
            gm.model.zero_grad(set_to_none=True)

        return lambda: timed(run, a.steps, 1)

    chunks = best_of(a.rounds, {rows: loss_alone(rows) for rows in (256, 512, 1024)})
    print(
        '   the fused loss alone (forward + backward), by chunk: '
        + ', '.join(f'{rows} rows ({rows * mc.vocab_size * 4 >> 20} MB) {1e3 / v:.0f} ms' for rows, v in chunks.items())
    )
    params = [p for g in gm.opt.param_groups for p in g['params']]
    opts = {
        name: torch.optim.AdamW(gmlab.train.param_groups(gm.model, c.weight_decay), lr=c.lr, **{kw: True})
        for name, kw in (('fused', 'fused'), ('multi-tensor', 'foreach'))
    }
    for p in params:
        p.grad = torch.full_like(p, 1e-4)
    ms = best_of(a.rounds, {k: (lambda o=o: timed(o.step, a.steps, 1)) for k, o in opts.items()})
    print(
        f"   AdamW step: fused {1e3 / ms['fused']:.1f} ms, multi-tensor {1e3 / ms['multi-tensor']:.1f} ms "
        f"({ms['fused'] / ms['multi-tensor']:.1f}x); a training step takes {1e3 * B * T / steps['gmlab']:.0f} ms"
    )


def compiled(a, cfg):
    """7: torch.compile of gmlab's default path against eager, same batches; and, compiled, attention by the explicit
    path (what a compiled CPU run uses at this length: `explicit_scores`) against the fused flash-attention kernel."""
    runs = {}
    for name in ('eager', 'compiled', 'kernel'):
        out = tempfile.mkdtemp(prefix='gmlab-bench-compile-')
        runs[name] = Trainer(cfg.replace(out_dir=out, compile=name != 'eager'), progress=False)
    explicit_scores(runs['kernel'].model, False)  # before the first trace: it compiles the fused kernel's path
    batches = [runs['eager'].loader.next_batch() for _ in range(a.steps)]
    for r in runs.values():
        feed(r, batches)
    first = {}
    for name in ('compiled', 'kernel'):
        t = time.perf_counter()
        runs[name].train_step()
        first[name] = time.perf_counter() - t
    tokens = cfg.batch_size * cfg.seq_len
    best = best_of(a.rounds, {k: (lambda r=r: timed(r.train_step, a.steps, tokens)) for k, r in runs.items()})
    print(
        f"\n7. torch.compile (first step, compiling: {first['compiled']:.0f} s): compiled {best['compiled']:,.0f} "
        f"tokens/s, eager {best['eager']:,.0f}  -> {best['compiled'] / best['eager']:.2f}x\n"
        f"   attention by the explicit path against the fused kernel, both compiled (seq_len {cfg.seq_len}): "
        f"{best['compiled']:,.0f} vs {best['kernel']:,.0f} tokens/s  -> {best['compiled'] / best['kernel']:.2f}x"
    )


def matmul_bound(model: nn.Module, tokens: int, dtype: torch.dtype, reps: int = 3) -> float:
    """Tokens/s of a training step that did nothing but its linear layers' matmuls in `dtype`: for each layer the
    forward product and the two of backward (input and weight gradients), at the model's shapes, best of `reps`.
    Attention's own products, the loss, norms and the optimizer are left out, so the bound is generous."""
    ops = []
    for m in model.modules():
        if isinstance(m, nn.Linear):
            out, inp = m.weight.shape
            x, w, g = (torch.randn(*shape).to(dtype) for shape in ((tokens, inp), (out, inp), (tokens, out)))
            ops += [lambda x=x, w=w: x @ w.T, lambda g=g, w=w: g @ w, lambda g=g, x=x: g.T @ x]

    def step():
        for f in ops:
            f()

    step()  # warm up
    return max(timed(step, 1, tokens) for _ in range(reps))


def same_shape(a, cfg):
    "1-4: gmlab's `small` against a plain-PyTorch GPT of the same architecture."
    B, T = cfg.batch_size, cfg.seq_len
    gm = Trainer(cfg.replace(compile=False), progress=False)  # eager, as the reference
    default = Trainer(
        cfg.replace(out_dir=tempfile.mkdtemp(prefix='gmlab-bench-default-'), compile=preset('small').compile),
        progress=False,
    )
    bf16 = gm.dtype
    mc = gm.cfg.model
    how = f"{'compiled' if default.compiled else 'eager'} ({default.compile_reason})"
    print(
        f'threads {torch.get_num_threads()}, model {gm.model.num_params():,} params (d {mc.d_model}, {mc.n_layers} '
        f'layers), batch {B}x{T}, gmlab autocast dtype: {bf16}; the default path is {how}'
    )
    ref = RefGPT(mc.vocab_size, mc.d_model, mc.n_layers, mc.n_heads, mc.mlp_dim)
    ref_opt = torch.optim.AdamW(ref.parameters(), lr=cfg.lr, betas=(0.9, 0.95), weight_decay=0.1)
    batches = [gm.loader.next_batch() for _ in range(a.steps)]
    feed(gm, batches)
    feed(default, batches)
    t = time.perf_counter()
    default.train_step()
    first = time.perf_counter() - t  # a compiled path compiles here

    def time_ref(dtype):
        return lambda: timed(lambda: [ref_step(ref, ref_opt, w, dtype) for w in batches], 1, a.steps * B * T)

    timers = {
        'gmlab': lambda: timed(gm.train_step, a.steps, B * T),
        'default': lambda: timed(default.train_step, a.steps, B * T),
        'ref': time_ref(bf16),
        'ref_fp32': time_ref(None),
    }
    best = best_of(a.rounds, timers)
    bound = {dt: matmul_bound(gm.model, B * T, dt) for dt in (bf16 or torch.float32, torch.float32)}
    peak = matmul_flops('cpu', bf16 or torch.float32, 1024)
    mfu = gm.flops_per_token * best['default'] / peak
    print(
        f"\n1. tokens/s, same dtype ({bf16}), eager: gmlab {best['gmlab']:,.0f}, reference {best['ref']:,.0f}  -> "
        f"gmlab/reference = {best['gmlab'] / best['ref']:.2f}"
    )
    print(
        f"2. tokens/s: gmlab's default path, {how}, {best['default']:,.0f} (its first step: {first:.0f} s); "
        f"reference fp32 {best['ref_fp32']:,.0f}  -> {best['default'] / best['ref_fp32']:.2f}x "
        f"(gmlab eager: {best['gmlab'] / best['ref_fp32']:.2f}x)"
    )
    low, high = bound[bf16 or torch.float32], bound[torch.float32]
    print(
        f"   ceiling: the linear layers' matmuls alone run at {low:,.0f} tokens/s in {bf16}, {high:,.0f} in fp32 "
        f"({low / high:.2f}x), so no {bf16} path can beat the fp32 reference by more than "
        f"{low / best['ref_fp32']:.2f}x; the default path reaches {100 * best['default'] / low:.0f}% of its bound, "
        f"the fp32 reference {100 * best['ref_fp32'] / high:.0f}% of its own"
    )
    print(
        f"4. MFU of the default path: {gm.flops_per_token / 1e6:.1f} MFLOP/token x {best['default']:,.0f} tokens/s = "
        f"{gm.flops_per_token * best['default'] / 1e9:.0f} GFLOP/s "
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
