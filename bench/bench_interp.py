"""Interpretability overheads, each timed side by side with its comparison in one process.

    python bench/bench_interp.py            # a few minutes on a 2-core CPU
    python bench/bench_interp.py --by_group # also: run_with_cache with one group of hooks left out at a time
    python bench/bench_interp.py --dla_only # only 1. and 4.

1. `run_with_cache` with every hook cached (about 12 per layer, attention patterns included) against
   `model(tokens)`, on the `small` training preset's shape (4 layers, d_model 256, 4 heads, vocab 8192), 8 x 256
   tokens, fp32, no grad. Target <= 1.2x.
2. Patching `resid_pre` at every (layer, position) of a 4 x 64-token corrupted batch: `gmlab.interp.patching.
   patch_sweep` (many patched runs per forward) against the same number of plain forwards of the corrupted batch
   (n_layers x positions, what a one-run-per-cell sweep must do), against plain forwards batched exactly as the
   sweep batches them (the hooks' own cost), and against TransformerLens's `get_act_patch_resid_pre` (one
   `run_with_hooks` per cell). Target: sweep <= 1.3x the plain forwards.
3. A full head-by-head mean-ablation sweep of the same corrupted batch (`gmlab.interp.ablation.ablation_sweep`,
   many ablated runs per forward) against n_layers x n_heads plain forwards, timed alternately. Target <= 1.3x.
4. Direct logit attribution of every head, MLP and the embedding (`gmlab.interp.lens.dla`) on the batch of 1., one
   logit difference per sequence at its last position, against one plain forward of that batch, timed
   alternately. Target <= 1.5x. `dla` runs the blocks only: it needs two rows of the unembedding, not the logits.

Both sides run with `gmlab.core.keep_freed_memory()` (glibc keeps freed memory for reuse; `--no_keep_memory` to
compare): without it, every run_with_cache call page-faults through fresh memory for the activations it keeps.
Each pair is timed alternately, best of `--repeats`; ratios are what to compare across machines.
"""

import argparse, time
import torch
from gmlab.core import cap_threads, keep_freed_memory
from gmlab.model import GPT, GPTConfig
from gmlab.interp.patching import logit_diff, patch_sweep, induction_pair
from gmlab.interp.lens import dla
from gmlab.interp.ablation import ablation_sweep


def best(f, repeats: int) -> float:
    t = float('inf')
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - t0)
    return t


def paired(f, g, repeats: int) -> tuple[float, float]:
    "Best times of f and g run alternately (f, g, f, g, ...), so that a slow spell of a shared machine hits both."
    tf = tg = float('inf')
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        t1 = time.perf_counter()
        g()
        t2 = time.perf_counter()
        tf, tg = min(tf, t1 - t0), min(tg, t2 - t1)
    return tf, tg


@torch.no_grad()
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--threads', type=int, default=0, help='torch threads (0: leave as is)')
    ap.add_argument(
        '--no_keep_memory', action='store_true', help="leave glibc's malloc as it is (freed memory goes back to the OS)"
    )
    ap.add_argument(
        '--by_group', action='store_true', help='also time run_with_cache with one group of hooks left out at a time'
    )
    ap.add_argument('--dla_only', action='store_true', help='time run_with_cache and direct logit attribution only')
    a = ap.parse_args(argv)
    if a.threads:
        cap_threads(a.threads)
    kept = not a.no_keep_memory and keep_freed_memory()
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=8192, n_layers=4, d_model=256, n_heads=4, max_seq_len=256)).eval()
    x = torch.randint(0, 8192, (8, 256))
    model(x)
    model.run_with_cache(x)  # warm up
    t_fwd, t_cache = paired(lambda: model(x), lambda: model.run_with_cache(x), 2 * a.repeats)
    n_hooks = len(model.run_with_cache(x[:1, :8])[1])
    print(
        f'threads {torch.get_num_threads()}; freed memory kept for reuse: {kept}; model 4 x 256, input 8 x 256 tokens'
    )
    print(
        f'run_with_cache ({n_hooks} activations): {1e3 * t_cache:.1f} ms, forward {1e3 * t_fwd:.1f} ms: '
        f'{t_cache / t_fwd:.2f}x (target <= 1.2x)'
    )
    # direct logit attribution of every component (every head from hook_z) against one plain forward, side by side
    ans, wrong = torch.randint(0, 8192, (2, x.shape[0]))
    t_fwd2, t_dla = paired(lambda: model(x), lambda: dla(model, x, ans, wrong), 2 * a.repeats)
    print(
        f'dla of every head, MLP and the embedding, {x.shape[0]} sequences: {1e3 * t_dla:.1f} ms, forward '
        f'{1e3 * t_fwd2:.1f} ms: {t_dla / t_fwd2:.2f}x (target <= 1.5x)'
    )
    if a.dla_only:
        return t_cache / t_fwd, t_dla / t_fwd2
    if a.by_group:  # where the cost is: each variant against a plain forward, side by side
        groups = {
            'all but attention scores and patterns': lambda n: not n.endswith(('hook_attn_scores', 'hook_pattern')),
            'all but per-head results': lambda n: not n.endswith('hook_result'),
            'all but MLP activations': lambda n: '.mlp.' not in n,
            'the residual stream only': lambda n: 'resid' in n,
            'nothing': lambda n: False,
        }
        for g, keep in groups.items():
            tf, tc = paired(lambda: model(x), lambda: model.run_with_cache(x, names_filter=keep), 2 * a.repeats)
            print(f'  caching {g}: {tc / tf:.2f}x')

    pr = induction_pair(batch=4, n=32, k=31, low=256, high=2256, bos_id=1, seed=0)  # 64 positions
    corrupt, (B, T), L = pr['corrupt'], pr['corrupt'].shape, model.cfg.n_layers
    _, clean_cache = model.run_with_cache(pr['clean'], names_filter=lambda n: n.endswith('hook_resid_pre'))
    metric = lambda lg: logit_diff(lg, pr['answer'], pr['wrong'])
    chunk = max(1, 2048 // (B * T))
    t_sweep = best(lambda: patch_sweep(model, corrupt, clean_cache, metric), a.repeats)
    t_plain = best(lambda: [metric(model(corrupt)) for _ in range(L * T)], max(1, a.repeats // 2))
    big = corrupt.repeat(chunk, 1)
    t_same = best(
        lambda: [model(big[: B * min(chunk, T - s)]) for _ in range(L) for s in range(0, T, chunk)], a.repeats
    )
    import transformer_lens.patching as tlp

    t_tl = best(lambda: tlp.get_act_patch_resid_pre(model, corrupt, clean_cache, metric), 1)
    print(
        f'resid_pre sweep, {L} layers x {T} positions = {L * T} patched runs of {B} x {T} tokens ({chunk} per forward):'
    )
    print(
        f'  patch_sweep {t_sweep:.2f} s; {L * T} plain forwards {t_plain:.2f} s: {t_sweep / t_plain:.2f}x (target <= '
        '1.3x)'
    )
    print(f'  plain forwards batched the same way {t_same:.2f} s: hooks and patching cost {t_sweep / t_same:.2f}x')
    print(f'  TransformerLens get_act_patch_resid_pre {t_tl:.2f} s: patch_sweep is {t_tl / t_sweep:.1f}x faster')
    # a full head-by-head mean-ablation sweep (gmlab.interp.ablation) against as many plain forwards, side by side
    H, ref = model.cfg.n_heads, pr['clean'][:, torch.randperm(T)]  # reference set: the clean prompts, shuffled
    t_abl, t_plain_h = paired(
        lambda: ablation_sweep(model, corrupt, metric, 'head', 'mean', ref),
        lambda: [metric(model(corrupt)) for _ in range(L * H)],
        a.repeats,
    )
    print(f'head ablation sweep, {L} layers x {H} heads = {L * H} mean-ablated runs of {B} x {T} tokens:')
    print(
        f'  ablation_sweep {t_abl:.2f} s; {L * H} plain forwards {t_plain_h:.2f} s: {t_abl / t_plain_h:.2f}x '
        '(target <= 1.3x)'
    )
    return t_cache / t_fwd, t_sweep / t_plain


if __name__ == '__main__':
    main()
