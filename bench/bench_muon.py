"""Muon against AdamW on the CPU: steps to the same validation loss, and the time of one optimizer step.

    python bench/bench_muon.py               # about two minutes on a 2-core CPU

1. The `tiny` preset trained for --steps steps (same seed, tokens and cosine schedule) with AdamW at --adamw-lr and
with Muon at
   --muon-lr (its AdamW part at the preset's lr), evaluating every --every steps; printed: AdamW's final validation
   loss and
   the first step at which Muon's validation loss reaches it. Goal: <= 0.75x AdamW's steps. The learning rates
   default to the
   best of the sweep in nbs/12_muon.ipynb.
2. The optimizer step alone (random gradients, no model forward) for the parameters of the `small` preset model
(5.3M), Muon vs
   torch's AdamW, best of several, as a ratio.
"""

import argparse, tempfile, time
import torch
from gmlab.model import GPT
from gmlab.optim import Muon, muon_groups
from gmlab.train import OPTIMIZERS, Trainer, preset, read_log, param_groups


def curve(opts: dict, steps: int, every: int) -> list[tuple[int, float]]:
    cfg = preset('tiny').replace(
        **opts, max_steps=steps, eval_every=every, log_every=steps, seed=0, out_dir=tempfile.mkdtemp()
    )
    t = Trainer(cfg, progress=False)
    t.fit()
    return [(r['step'], r['val_loss']) for r in read_log(t.out) if 'val_loss' in r]


def step_time(opt, params, reps=10) -> float:
    best = float('inf')
    for _ in range(reps):
        for p in params:
            p.grad = torch.randn_like(p)
        s = time.perf_counter()
        opt.step()
        best = min(best, time.perf_counter() - s)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=150)
    ap.add_argument('--every', type=int, default=5)
    ap.add_argument('--adamw-lr', type=float, default=1e-2)
    ap.add_argument('--muon-lr', type=float, default=0.02)
    a = ap.parse_args()
    print(f'threads {torch.get_num_threads()}; tiny preset, {a.steps} steps, validation every {a.every}\n')
    adamw = curve(dict(optimizer='adamw', lr=a.adamw_lr), a.steps, a.every)
    muon = curve(dict(optimizer='muon', muon_lr=a.muon_lr), a.steps, a.every)
    target = adamw[-1][1]
    reach = next((s for s, v in muon if v <= target), None)
    print(f'AdamW (lr {a.adamw_lr:g}): final val loss {target:.3f} at step {adamw[-1][0]}')
    print(
        f'Muon (muon_lr {a.muon_lr:g}): final val loss {muon[-1][1]:.3f}; reaches {target:.3f} at step {reach} '
        f'= {reach / adamw[-1][0]:.2f}x AdamW\'s steps'
        if reach
        else f'Muon never reaches {target:.3f} in {a.steps} steps'
    )
    cfg = preset('small')
    model = GPT(cfg.model.replace(vocab_size=8192))
    params = [p for p in model.parameters()]
    t_adamw = step_time(torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr, betas=(0.9, 0.95)), params)
    t_muon = step_time(OPTIMIZERS["muon"](model, cfg, torch.device("cpu")), params)  # as the training loop builds it
    n_muon = sum(p.numel() for p in Muon(muon_groups(model, cfg)).param_groups[0]['params'])
    print(
        f'\noptimizer step, small preset ({sum(p.numel() for p in params):,} parameters, {n_muon:,} of them in Muon\'s '
        'hidden '
        f'matrices): AdamW {t_adamw * 1e3:.1f} ms, Muon {t_muon * 1e3:.1f} ms, Muon / AdamW {t_muon / t_adamw:.2f}x'
    )


if __name__ == '__main__':
    main()
