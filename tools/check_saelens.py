"""gmlab's SAEs against SAELens itself, in an environment where both import.

sae-lens cannot be installed beside gmlab's pins (sae-lens 6.54 requires transformer-lens < 4; 6.51.1 imports
transformer_lens.HookedTransformer, which transformer-lens 4.3 no longer has), so this check runs by hand, in a
separate environment: `python -m venv /tmp/sl && /tmp/sl/bin/pip install torch==2.13.0 sae-lens fastcore plotly tqdm
tiktoken rustbpe regex einops pandas`, then `PYTHONPATH=. /tmp/sl/bin/python tools/check_saelens.py`. It checks:

1. gmlab -> SAELens: an SAE of each kind saved by `save_saelens` opens with `sae_lens.SAE.load_from_disk` and gives
   the same latents and reconstruction.
2. SAELens -> gmlab: SAELens's standard, TopK and JumpReLU SAEs with random weights, saved by their `save_model`,
   open with `load_saelens` and give the same latents and reconstruction.
3. Side by side: a TopK SAE (1,024 latents, k 16) trained with gmlab's `train_sae` and with SAELens's TopK training
   step (as in bench/bench_sae.py) on the same cached activations of dense-small (blocks.2.hook_resid_pre), for
   `--seeds` seeds; both measured by gmlab's own metrics (the SAELens SAE through the format bridge) on held-out
   sequences: L0, FVU and CE loss recovered. Exits 1 if a check in 1 or 2 fails.
"""

import argparse, statistics, sys, tempfile
from pathlib import Path
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'bench'))
from bench_sae import saelens_topk_sae  # noqa: E402 (bench/ is not a package)
from gmlab.interp.lens import corpus_tokens  # noqa: E402
from gmlab.interp.probes import collect_activations  # noqa: E402
from gmlab.interp.sae import SAE, ce_recovered, load_saelens, sae_metrics, save_saelens, train_sae  # noqa: E402
from gmlab.zoo import zoo_load  # noqa: E402


def close(a, b, eps=1e-4) -> bool:
    return (a - b).abs().max().item() <= eps * max(1.0, b.abs().max().item())


def gmlab_to_saelens(d: Path) -> list[str]:
    import sae_lens

    torch.manual_seed(0)
    x, bad = torch.randn(512, 32), []
    for kind in ('relu', 'topk', 'batchtopk', 'jumprelu'):
        sae = SAE(d_in=32, d_sae=64, kind=kind, k=4).init_from_data(x)
        with torch.no_grad():
            sae.b_enc.normal_()
            if kind == 'jumprelu':
                sae.log_threshold.fill_(-1.0)
            if kind == 'batchtopk':
                sae.threshold.fill_(0.3)
        sae.eval()
        save_saelens(sae, d / kind, 'blocks.0.hook_resid_pre')
        theirs = sae_lens.SAE.load_from_disk(str(d / kind), device='cpu')
        with torch.no_grad():
            z, zt = sae.encode(x), theirs.encode(x)
            ok = close(zt, z) and close(theirs.decode(zt), sae.decode(z))
        print(f'gmlab {kind:9s} -> SAELens {type(theirs).__name__:12s}: {"same" if ok else "DIFFERENT"}')
        bad += [] if ok else [kind]
    return bad


def saelens_to_gmlab(d: Path) -> list[str]:
    from sae_lens import JumpReLUSAE, JumpReLUSAEConfig, StandardSAE, StandardSAEConfig, TopKSAE, TopKSAEConfig

    torch.manual_seed(0)
    x, bad = torch.randn(512, 32), []
    for name, cls, cfg in (
        ('standard', StandardSAE, StandardSAEConfig(d_in=32, d_sae=64)),
        ('topk', TopKSAE, TopKSAEConfig(d_in=32, d_sae=64, k=4)),
        ('jumprelu', JumpReLUSAE, JumpReLUSAEConfig(d_in=32, d_sae=64)),
    ):
        theirs = cls(cfg)
        with torch.no_grad():
            for p in theirs.parameters():
                p.normal_(0, 0.3)
            if name == 'jumprelu':
                theirs.threshold.uniform_(0.1, 0.5)
        theirs.save_model(d / f'sl-{name}')
        ours, _ = load_saelens(d / f'sl-{name}')
        with torch.no_grad():
            zt, z = theirs.encode(x), ours.encode(x)
            ok = close(z, zt) and close(ours.decode(z), theirs.decode(zt))
        print(f'SAELens {name:9s} -> gmlab {ours.cfg.kind:9s}: {"same" if ok else "DIFFERENT"}')
        bad += [] if ok else [name]
    return bad


def side_by_side(d: Path, seeds: int, steps: int):
    ck = zoo_load('dense-small')
    model, site = ck.model.eval(), 'blocks.2.hook_resid_pre'
    X = collect_activations(model, corpus_tokens(ck.tokenizer, 512), [site])[site]
    val = corpus_tokens(ck.tokenizer, 32, split='val')
    val_x = collect_activations(model, val, [site])[site]
    rows = {'gmlab': [], 'SAELens': []}
    for seed in range(seeds):
        torch.manual_seed(seed)
        ours = SAE(d_in=X.shape[1], d_sae=1024, kind='topk', k=16)
        log = train_sae(ours, X, steps=steps, lr=2e-3, batch_size=1024, seed=seed, log_every=steps, progress=False)
        secs, sae_lens_sae = log[-1]['seconds'], {}
        t = saelens_topk_sae(X, 1024, 16, steps, 1024, 2e-3, seed=seed, keep=sae_lens_sae)
        sae_lens_sae['sae'].save_model(d / f'trained-{seed}')
        theirs, _ = load_saelens(d / f'trained-{seed}')
        for name, sae, s in (('gmlab', ours, secs), ('SAELens', theirs, t)):
            m = sae_metrics(sae, val_x)
            ce = ce_recovered(model, sae, site, val)['recovered']
            rows[name].append((m['l0'], m['fvu'], ce, steps * 1024 / s))
    print(f'TopK SAE on dense-small {site}, 1,024 latents, k 16, {steps} steps of 1,024 rows, lr 2e-3; held-out:')
    for name, r in rows.items():
        cols = [f'{statistics.mean(c):.4f} ± {statistics.stdev(c) if len(c) > 1 else 0:.4f}' for c in list(zip(*r))[:3]]
        speed = statistics.median(x[3] for x in r)
        print(f'  {name:8s} L0 {cols[0]}  FVU {cols[1]}  CE recovered {cols[2]}  {speed:,.0f} rows/s ({seeds} seeds)')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seeds', type=int, default=3)
    ap.add_argument('--steps', type=int, default=1000)
    a = ap.parse_args()
    try:
        import sae_lens
    except ImportError:
        sys.exit('error: sae_lens is not installed in this environment; see the top of this file for how to run it')
    print(f'sae-lens {sae_lens.__version__}, torch {torch.__version__}')
    with tempfile.TemporaryDirectory() as d:
        bad = gmlab_to_saelens(Path(d)) + saelens_to_gmlab(Path(d))
        if a.seeds:
            side_by_side(Path(d), a.seeds, a.steps)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
