"""Greedy decoding speed: plain cached decoding against MTP self-speculative decoding, on the CPU.

    python bench/bench_mtp.py                        # trains the checkpoint first (about 5 minutes on 2 cores),
    then measures
    python bench/bench_mtp.py --ckpt runs/x/final    # any gmlab checkpoint with mtp_depth > 0

The checkpoint: the default `small` preset (d_model 256, --layers layers, 4 by default) with sequential MTP of
--depth depths (one
block each), trained --steps steps on the default corpus, cached under $GMLAB_HOME/bench. Prompts: --prompts windows
of 32 tokens from the validation split; each
decoded to --new tokens, one prompt at a time (batch 1), greedy, by `gmlab.generate.generate` (KV cache, one token
per pass)
and by `gmlab.mtp.mtp_generate` (drafts from the MTP depths, verified in one cached pass), in one process. The
outputs must be
identical. Goal: speculative decoding >= 1.3x faster; prints the acceptance of each depth's drafts.
"""

import argparse, time
from pathlib import Path
import torch
from gmlab.checkpoint import load_checkpoint
from gmlab.core import gmlab_home
from gmlab.data import prepare
from gmlab.generate import generate
from gmlab.mtp import mtp_generate
from gmlab.train import Trainer, TrainConfig, preset


def trained(depth: int, steps: int, layers: int) -> Path:
    out = gmlab_home() / 'bench' / f'mtp-small-l{layers}-d{depth}-{steps}'
    if not (out / 'final' / 'config.json').exists():
        cfg = preset('small').replace(
            **{'model.mtp_depth': depth, 'model.n_layers': layers},
            max_steps=steps,
            eval_every=steps,
            out_dir=str(out),
            time_limit=0.0,
            compile=False,  # eager, as the cached runs were trained
        )
        t = Trainer(cfg, overwrite=True)  # a crashed earlier attempt may have left its log here
        s = t.fit()
        t.save(out / 'final')
        print(f"trained {steps} steps: val loss {s['val_loss']:.3f}")
    return out / 'final'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ckpt', help='checkpoint directory (default: train one)')
    ap.add_argument('--depth', type=int, default=2)
    ap.add_argument('--steps', type=int, default=500)
    ap.add_argument(
        '--layers', type=int, default=4, help='main-model layers of the trained checkpoint (the small preset has 4)'
    )
    ap.add_argument('--prompts', type=int, default=8)
    ap.add_argument('--new', type=int, default=128)
    a = ap.parse_args()
    ck = load_checkpoint(a.ckpt or trained(a.depth, a.steps, a.layers))
    model = ck.model.eval()
    D = len(model.mtp.depths)
    data = prepare(
        (TrainConfig.from_dict(ck.train_config) if ck.train_config else preset('small')).data, progress=False
    )
    prompts = next(data.loader('val', a.prompts, 32).sequential()).tolist()
    print(
        f'threads {torch.get_num_threads()}; {model.num_params():,} parameters, MTP depth {D} '
        f'({model.config.mtp_mode}); '
        f'{a.prompts} prompts of 32 tokens, {a.new} new tokens each, greedy, batch 1\n'
    )
    for p in prompts[:1]:
        generate(model, [p], 8, temperature=0)
        mtp_generate(model, p, 8)  # warm up
    s = time.perf_counter()
    plain = [generate(model, [p], a.new, temperature=0)[0] for p in prompts]
    t_plain = time.perf_counter() - s
    s = time.perf_counter()
    runs = [mtp_generate(model, p, a.new) for p in prompts]
    t_spec = time.perf_counter() - s
    spec = [r[0] for r in runs]
    same = sum(x == y for x, y in zip(plain, spec))
    n = sum(len(x) for x in plain)
    passes = sum(r[1]['main_passes'] for r in runs)
    acc = [sum(r[1]['acceptance'][k] * r[1]['main_passes'] for r in runs) / passes for k in range(D)]
    print(f'plain cached greedy:   {n / t_plain:7.1f} tokens/s ({n} tokens, {n} main passes)')
    print(
        f'MTP speculative:       {sum(map(len, spec)) / t_spec:7.1f} tokens/s ({sum(map(len, spec))} tokens, {passes} '
        'main passes, '
        f'{sum(map(len, spec)) / passes:.2f} tokens per pass)'
    )
    print(
        f'speedup {t_plain / t_spec:.2f}x; identical outputs: {same}/{len(prompts)}; '
        f'acceptance per depth (share of rounds whose depth-k draft was accepted): {", ".join(f"{x:.2f}" for x in acc)}'
    )


if __name__ == '__main__':
    main()
