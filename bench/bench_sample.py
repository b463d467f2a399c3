"""Decode speed with the KV cache against recomputing the whole context at every step.

    python bench/bench_sample.py [--checkpoint runs/small/final]    # about a minute on a 2-core CPU

Greedy decoding of `--new` tokens after a prompt of 256 and of 1024 tokens, batch 1, the `small` preset's shape (a
trained
checkpoint if given, else random weights: speed does not depend on them). Both paths produce the same tokens (checked).
Goal: the cache is >= 5x faster at 1024 tokens of context.
"""

import argparse, time
import torch
from gmlab.generate import generate
from gmlab.model import GPT
from gmlab.train import preset


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--checkpoint')
    ap.add_argument('--new', type=int, default=32)
    a = ap.parse_args()
    if a.checkpoint:
        from gmlab.checkpoint import load_checkpoint

        model = load_checkpoint(a.checkpoint).model
    else:
        torch.manual_seed(0)
        model = GPT(preset('small').model)
    model.eval()
    print(f'threads {torch.get_num_threads()}, {model.num_params():,} params, fp32, batch 1, {a.new} new tokens')
    for ctx in (256, 1024):
        prompt = [torch.randint(0, model.config.vocab_size, (ctx,)).tolist()]
        generate(model, prompt, 2, temperature=0)
        generate(model, prompt, 2, temperature=0, use_cache=False)  # warm up
        res = {}
        for use_cache in (True, False):
            t = time.perf_counter()
            res[use_cache] = generate(model, prompt, a.new, temperature=0, use_cache=use_cache)
            res[use_cache, 't'] = a.new / (time.perf_counter() - t)
        assert res[True] == res[False], 'cached and recomputed decoding disagree'
        print(
            f"context {ctx:5d}: cached {res[True, 't']:7.1f} tokens/s, recompute {res[False, 't']:6.1f} tokens/s -> "
            f"{res[True, 't'] / res[False, 't']:.1f}x"
        )


if __name__ == '__main__':
    main()
