"""Muon against NorMuon and cautious weight decay at equal steps: final validation loss, mean ± sd over seeds.

    python bench/bench_muon_variants.py                       # tiny preset, 150 steps, seeds 0 1 2: about 5 min
    python bench/bench_muon_variants.py --out assets/muon_variants.json   # the record 12_muon reads
    python bench/bench_muon_variants.py --preset small --steps 300      # the same at the small preset's size

Each variant trains the same preset for --steps steps with the same muon_lr, weight decay, schedule and, per seed, the
same initialisation and tokens; only the optimizer's switches differ (nbs/12_muon.ipynb). Printed: each variant's final
validation loss over the seeds (mean ± sd) and its difference from Muon's, paired by seed. --out writes the curves
as a JSON record.
"""

import argparse, json, statistics, tempfile
from pathlib import Path

from gmlab.train import Trainer, preset, read_log

VARIANTS = {
    'muon': dict(),
    'normuon': dict(muon_normuon=True),
    'cautious_wd': dict(cautious_wd=True),
    'normuon+cautious_wd': dict(muon_normuon=True, cautious_wd=True),
}


def run(name: str, opts: dict, seed: int, a) -> list[tuple[int, float]]:
    cfg = preset(a.preset).replace(
        optimizer='muon',
        muon_lr=a.muon_lr,
        weight_decay=a.weight_decay,
        max_steps=a.steps,
        eval_every=a.every,
        log_every=a.every,
        seed=seed,
        out_dir=tempfile.mkdtemp(prefix=f'{name}-{seed}-'),
        **opts,
    )
    t = Trainer(cfg, progress=False)
    t.fit()
    return [(r['step'], r['val_loss']) for r in read_log(t.out) if 'val_loss' in r]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--preset', default='tiny')
    ap.add_argument('--steps', type=int, default=150)
    ap.add_argument('--every', type=int, default=25)
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--muon-lr', type=float, default=0.02)
    ap.add_argument('--weight-decay', type=float, default=0.1)
    ap.add_argument('--variants', nargs='+', default=list(VARIANTS), choices=list(VARIANTS))
    ap.add_argument('--out', help='write the curves here as JSON (e.g. assets/muon_variants.json)')
    a = ap.parse_args()
    runs = [
        dict(variant=name, seed=seed, val_curve=run(name, VARIANTS[name], seed, a))
        for name in a.variants
        for seed in a.seeds
    ]
    final = {(r['variant'], r['seed']): r['val_curve'][-1][1] for r in runs}
    print(
        f'{a.preset} preset, {a.steps} steps, muon_lr {a.muon_lr:g}, weight decay {a.weight_decay:g}, seeds {a.seeds}'
    )
    for name in a.variants:
        vals = [final[name, s] for s in a.seeds]
        sd = statistics.stdev(vals) if len(vals) > 1 else float('nan')
        line = f'{name:20s} final val loss {statistics.mean(vals):.4f} ± {sd:.4f}'
        if name != 'muon' and 'muon' in a.variants:
            diff = [final[name, s] - final['muon', s] for s in a.seeds]
            dsd = statistics.stdev(diff) if len(diff) > 1 else float('nan')
            line += f'   minus Muon, paired by seed: {statistics.mean(diff):+.4f} ± {dsd:.4f}'
        print(line)
    if a.out:
        config = dict(preset=a.preset, steps=a.steps, muon_lr=a.muon_lr, weight_decay=a.weight_decay, seeds=a.seeds)
        Path(a.out).write_text(json.dumps(dict(config=config, runs=runs), indent=1))


if __name__ == '__main__':
    main()
