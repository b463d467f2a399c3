"""Decode step time of MLA with its latent ('absorbed') cache against MLA with a per-head ('naive') cache and
against MHA.

    python bench/bench_mla.py          # about a minute on a 2-core CPU

Models of the `small` preset's shape (d_model 256, 4 heads of 64, 4 layers), MLA with its default dims (latent 64,
rotary key 32).
One decode step (batch 1, one new token, fp32) after 1K, 4K and 16K tokens of context. A step's cost depends on the
cache's
size, not its contents, so the caches are filled with random values instead of a prefill. Best of several steps
each, the
three models measured in turn in one process. Goal: absorbed faster than naive at 4K and beyond; cache >= 4x smaller
than MHA's.
"""

import time
import torch
from gmlab.model import GPT
from gmlab.train import preset


def filled_cache(model, S):
    cache = model.new_cache(1, S + 1)
    for layer in cache.layers:
        for t in layer.tensors:
            t.normal_()
    cache.pos[:, :S] = torch.arange(S)
    cache.valid[:, :S] = True
    cache.len = S
    return cache


@torch.no_grad()
def step_time(model, cache, S, reps=7):
    tok, pos, best = torch.tensor([[1]]), torch.tensor([[S]]), float('inf')
    for _ in range(reps):
        cache.len = S
        t = time.perf_counter()
        model(tok, pos=pos, cache=cache)
        best = min(best, time.perf_counter() - t)
    return best


def main():
    torch.manual_seed(0)
    base = preset('small').model
    models = {
        'MHA': GPT(base),
        'MLA naive': GPT(base.replace(attn='mla', mla_cache='naive')),
        'MLA absorbed': GPT(base.replace(attn='mla')),
    }
    for m in models.values():
        m.eval()
    print(
        f'threads {torch.get_num_threads()}, d_model {base.d_model}, {base.n_heads} heads, {base.n_layers} layers, '
        'fp32, batch 1'
    )
    for name, m in models.items():
        print(f'  {name:13s} cache {m.new_cache(1, 1024).nbytes / 1024 / base.n_layers:6.0f} bytes/token/layer')
    mha, absorbed = (models[k].new_cache(1, 1024).nbytes for k in ('MHA', 'MLA absorbed'))
    print(f'  MLA cache is {mha / absorbed:.1f}x smaller than MHA\'s\n')
    print('| context | MHA | MLA naive | MLA absorbed | naive / absorbed | MHA / absorbed |\n|---|---|---|---|---|---|')
    for S in (1024, 4096, 16384):
        caches = {k: filled_cache(m, S) for k, m in models.items()}
        for k, m in models.items():
            step_time(m, caches[k], S, reps=2)  # warm up
        t = {k: step_time(m, caches[k], S) for k, m in models.items()}
        print(
            f"| {S} | {t['MHA'] * 1e3:.2f} ms | {t['MLA naive'] * 1e3:.2f} ms | {t['MLA absorbed'] * 1e3:.2f} ms | "
            f"{t['MLA naive'] / t['MLA absorbed']:.2f}x | {t['MHA'] / t['MLA absorbed']:.2f}x |"
        )


if __name__ == '__main__':
    main()
