"""DeepSeekMoE layer and model speed on the CPU: gmlab's sorted dispatch against a dense MLP of the same active size
and the
per-expert boolean-mask loop.

    python bench/bench_moe.py                # about two minutes on a 2-core CPU
    python bench/bench_moe.py --tokens 4096

Layer: d_model 256, experts 128 wide (SwiGLU), one shared expert, fp32, forward+backward, best of a few runs, in one
process.
"dense-active" is a dense MLP whose hidden width is (top_k + shared) x 128: the same parameters per token and the
same matmul
FLOPs, the physical limit for routed computation. "mask loop" is the approach seen in a seed: for each expert, a
boolean mask over
all tokens, gather, run, scatter-add. Goal: MoE <= 1.5x dense-active at 16 experts, faster than the mask loop
everywhere.
Model: training tokens/s of a 4-layer GPT (d_model 256), dense vs MoE (8 experts, top-2, one shared, the first layer
dense) with
equal active parameters, AdamW, bf16 autocast off, the MoE balancing bias on.
"""

import argparse, time
import torch
from gmlab.model import GPT, GPTConfig, MLP
from gmlab.moe import MoE


def timeit(fn, reps=3):
    fn()
    best = float('inf')
    for _ in range(reps):
        s = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - s)
    return best


def mask_loop(moe, x):
    "The seed's dispatch: one boolean mask over every token per expert."
    scores = moe.gate.scores(x)
    w, idx = moe.gate.route(scores)
    x2, w2, idx2 = x.reshape(-1, x.shape[-1]), w.reshape(-1, w.shape[-1]), idx.reshape(-1, idx.shape[-1])
    y = torch.zeros_like(x2)
    for e, expert in enumerate(moe.experts):
        hit = idx2 == e  # (N, k)
        rows = hit.any(-1)
        if rows.any():
            y[rows] += expert(x2[rows]) * (w2 * hit).sum(-1, keepdim=True)[rows]
    return y.view_as(x) + moe.shared(x)


def fwd_bwd(f, x):
    def run():
        f(x).square().mean().backward()

    return run


def layer_table(tokens, d, h):
    print(f'layer: {tokens} tokens, d_model {d}, experts {h} wide + 1 shared, fp32, forward+backward\n')
    print(
        '| experts | top-k | dense-active | MoE | mask loop | MoE / dense-active | mask loop / MoE '
        '|\n|---|---|---|---|---|---|---|'
    )
    for E in (8, 16, 64):
        for k in (2, 4, 6):
            torch.manual_seed(0)
            moe = MoE(d, h, E, k, 1)
            dense = MLP(d, (k + 1) * h)
            x = torch.randn(tokens // 256, 256, d, requires_grad=True)
            t_dense = timeit(fwd_bwd(dense, x))
            t_moe = timeit(fwd_bwd(moe, x))
            t_mask = timeit(fwd_bwd(lambda x: mask_loop(moe, x), x))
            print(
                f'| {E} | {k} | {t_dense * 1e3:.1f} ms | {t_moe * 1e3:.1f} ms | {t_mask * 1e3:.1f} ms | '
                f'{t_moe / t_dense:.2f}x | {t_mask / t_moe:.2f}x |'
            )


def model_tokens_per_s(cfg, steps=12, batch=16, seq=256):
    torch.manual_seed(0)
    m = GPT(cfg)
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3)
    data = torch.randint(0, cfg.vocab_size, (batch, seq + 1))

    def step():
        m(data[:, :-1], data[:, 1:]).backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        m.after_step()

    for _ in range(2):
        step()
    s = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * batch * seq / (time.perf_counter() - s), m


def model_table():
    base = GPTConfig(vocab_size=8192, n_layers=4, d_model=256, n_heads=4)
    moe_cfg = base.replace(ffn='moe', moe_experts=8, moe_top_k=2, moe_shared=1, moe_dense_layers=1)
    tps_dense, dense = model_tokens_per_s(base)
    tps_moe, moe = model_tokens_per_s(moe_cfg)
    print(
        f'\nmodel: dense {dense.num_params():,} parameters ({dense.num_params(active=True):,} active); '
        f'MoE {moe.num_params():,} ({moe.num_params(active=True):,} active)'
    )
    print(f'training tokens/s: dense {tps_dense:,.0f}, MoE {tps_moe:,.0f}; MoE / dense {tps_moe / tps_dense:.2f}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tokens', type=int, default=2048, help='tokens per layer call (a multiple of 256)')
    ap.add_argument('--d-model', type=int, default=256)
    ap.add_argument('--expert', type=int, default=128, help='hidden width of each expert')
    ap.add_argument('--skip-model', action='store_true')
    a = ap.parse_args()
    print(f'threads {torch.get_num_threads()}')
    layer_table(a.tokens, a.d_model, a.expert)
    if not a.skip_model:
        model_table()


if __name__ == '__main__':
    main()
