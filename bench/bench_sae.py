"""Sparse autoencoder throughput: gmlab's TopK SAE training and activation caching, each against a plain loop.

    nice -n 19 python bench/bench_sae.py            # a few minutes on a busy 2-core CPU
    python bench/bench_sae.py --rounds 5 --steps 100

The comparison for training stands in for SAELens (jbloomAus/SAELens), which cannot be installed beside gmlab's
pins (sae-lens 6.54 requires transformer-lens < 4; 6.51.1 imports transformer_lens.HookedTransformer, which
transformer-lens 4.3 no longer has). It is a minimal PyTorch TopK SAE loop written here: encode, TopK, decode, MSE,
Adam, decoder rows renormalised; no AuxK, no dead-latent counts, no gradient projection or clipping, no schedule.

1. Training rows/s: `gmlab.interp.sae.train_sae` (TopK, the same d_sae, k, batch, fp32, Adam and lr) against the
   plain loop, both on the same cached activations of the zoo model dense-small at blocks.2.hook_resid_pre. The time
   of `train_sae`'s steps comes from its own log (its one-off init on the first rows, the geometric median of
   `b_dec`, is left out and printed apart).
2. Activation caching: rows/s of an `ActivationBuffer` filling itself once from empty over the same sequences (its
   forwards through the hook, the copies and the shuffle; each sequence's first position is left out) against plain
   `model(ids)` forwards of those sequences, 16 at a time (tokens/s).

Each pair runs alternately for `--rounds` rounds in one process; the medians and their ratios are printed.

Where `sae_lens` imports (a separate environment: `pip install torch==2.13.0 sae-lens` beside gmlab's own requirements
except transformer-lens, then `PYTHONPATH=. python bench/bench_sae.py`), part 1 also times SAELens's own TopK training
step: `TopKTrainingSAE.training_forward_pass` with its dead-latent mask and AuxK, the firing counts, gradient clipping
and Adam, as `SAETrainer._train_step` runs them (jbloomAus/SAELens sae_lens/training/sae_trainer.py), with SAELens's
defaults for the rest (AuxK coefficient 1, activations rescaled by decoder norm).
"""

import argparse, statistics, time
import torch
import torch.nn.functional as F
from gmlab.core import cap_threads
from gmlab.zoo import zoo_load
from gmlab.interp.lens import corpus_tokens
from gmlab.interp.probes import collect_activations
from gmlab.interp.sae import SAE, ActivationBuffer, train_sae


def plain_topk_sae(X: torch.Tensor, d_sae: int, k: int, steps: int, batch: int, lr: float, seed: int = 0) -> float:
    "Seconds for `steps` steps of a minimal TopK SAE on rows of `X` (the stand-in for SAELens's loop)."
    g = torch.Generator().manual_seed(seed)
    d = X.shape[1]
    W_dec = F.normalize(torch.randn(d_sae, d, generator=g), dim=-1).requires_grad_()
    W_enc = W_dec.detach().T.clone().requires_grad_()
    b_enc, b_dec = torch.zeros(d_sae, requires_grad=True), X[:4096].mean(0).requires_grad_()
    opt = torch.optim.Adam([W_enc, b_enc, W_dec, b_dec], lr=lr)
    t0 = time.perf_counter()
    for _ in range(steps):
        x = X[torch.randint(len(X), (batch,), generator=g)]
        pre = (x - b_dec) @ W_enc + b_enc
        top = pre.topk(k, dim=-1)
        z = torch.zeros_like(pre).scatter(-1, top.indices, top.values.relu())
        loss = (z @ W_dec + b_dec - x).pow(2).sum(-1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            W_dec /= W_dec.norm(dim=-1, keepdim=True)
    return time.perf_counter() - t0


def saelens_topk_sae(
    X: torch.Tensor, d_sae: int, k: int, steps: int, batch: int, lr: float, seed: int = 0, keep: dict | None = None
) -> float | None:
    """Seconds for `steps` of SAELens's TopK training step on rows of `X` (None where sae_lens is not installed);
    the trained SAE goes into `keep['sae']` if `keep` is given."""
    try:
        from sae_lens import TopKTrainingSAE, TopKTrainingSAEConfig
        from sae_lens.saes.sae import TrainStepInput
    except ImportError:
        return None
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    sae = TopKTrainingSAE(TopKTrainingSAEConfig(d_in=X.shape[1], d_sae=d_sae, k=k, dtype='float32', device='cpu'))
    opt = torch.optim.Adam(sae.parameters(), lr=lr)
    since_fired = torch.zeros(d_sae)
    window = max(1, 100_000 // batch)  # gmlab's default: dead after 100,000 rows without firing
    t0 = time.perf_counter()
    for step in range(steps):
        x = X[torch.randint(len(X), (batch,), generator=g)]
        out = sae.training_forward_pass(
            TrainStepInput(
                sae_in=x,
                coefficients={},
                dead_neuron_mask=since_fired > window,
                n_training_steps=step,
                is_logging_step=False,
            )
        )
        with torch.no_grad():
            since_fired += 1
            since_fired[out.feature_acts.bool().sum(-2).bool()] = 0
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(sae.parameters(), 1.0)
        opt.step()
        opt.zero_grad()
    t = time.perf_counter() - t0
    if keep is not None:
        keep['sae'] = sae
    return t


def gmlab_topk_sae(X: torch.Tensor, d_sae: int, k: int, steps: int, batch: int, lr: float, seed: int = 0):
    "(seconds of the steps, seconds of the init) of `train_sae` on rows of `X`."
    torch.manual_seed(seed)
    sae = SAE(d_in=X.shape[1], d_sae=d_sae, kind='topk', k=k)
    t0 = time.perf_counter()
    log = train_sae(sae, X, steps=steps, lr=lr, batch_size=batch, seed=seed, log_every=steps, progress=False)
    total = time.perf_counter() - t0
    return log[-1]['seconds'], total - log[-1]['seconds']


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--steps', type=int, default=200, help='SAE training steps per round')
    ap.add_argument('--batch', type=int, default=1024, help='rows per SAE step')
    ap.add_argument('--d_sae', type=int, default=1024)
    ap.add_argument('--k', type=int, default=16)
    ap.add_argument('--seqs', type=int, default=64, help='sequences of 128 tokens cached (part 2: per round)')
    ap.add_argument('--threads', type=int, default=0, help='torch threads (0: leave as is)')
    a = ap.parse_args(argv)
    if a.threads:
        cap_threads(a.threads)
    ck = zoo_load('dense-small')
    model, site = ck.model.eval(), 'blocks.2.hook_resid_pre'
    ids = corpus_tokens(ck.tokenizer, a.seqs)
    X = collect_activations(model, ids, [site])[site]
    print(f'dense-small {site}: {len(X)} cached rows of width {X.shape[1]}; torch threads {torch.get_num_threads()}')

    # 1. training
    plain, ours, init, lens = [], [], [], []
    for r in range(a.rounds):
        plain.append(plain_topk_sae(X, a.d_sae, a.k, a.steps, a.batch, 2e-3, seed=r))
        t, t_init = gmlab_topk_sae(X, a.d_sae, a.k, a.steps, a.batch, 2e-3, seed=r)
        ours.append(t)
        init.append(t_init)
        lens.append(saelens_topk_sae(X, a.d_sae, a.k, a.steps, a.batch, 2e-3, seed=r))
    rows = a.steps * a.batch
    p, o = rows / statistics.median(plain), rows / statistics.median(ours)
    print(f'1. TopK SAE training, d_sae {a.d_sae}, k {a.k}, batch {a.batch}, {a.steps} steps, median of {a.rounds}:')
    print(f'   plain loop {p:,.0f} rows/s   gmlab train_sae {o:,.0f} rows/s   ratio gmlab/plain {o / p:.2f}')
    if lens[0] is None:
        print('   (sae_lens is not installed here: no SAELens timing)')
    else:
        sl = rows / statistics.median(lens)
        print(f'   SAELens TopK training step {sl:,.0f} rows/s   ratio gmlab/SAELens {o / sl:.2f}')
    print(f'   (train_sae init, once per run: {statistics.median(init):.2f} s)')

    # 2. caching
    seqs = 16
    fwd, buf = [], []
    with torch.no_grad():
        model(ids[:seqs])  # warm up
        for r in range(a.rounds):
            t0 = time.perf_counter()
            for i in range(0, len(ids), seqs):
                model(ids[i : i + seqs])
            fwd.append(time.perf_counter() - t0)
            # one fill from empty of every row but each sequence's first: one pass over the same sequences
            b = ActivationBuffer(
                model, site, ids, size=len(ids) * (ids.shape[1] - 1), batch_size=1024, seqs=seqs, seed=r
            )
            t0 = time.perf_counter()
            b.refill()
            buf.append((time.perf_counter() - t0, len(b.rows)))
    tok_s = ids.numel() / statistics.median(fwd)
    row_s = statistics.median(n / t for t, n in buf)
    print(
        f'2. activation caching, {len(ids)} x {ids.shape[1]} tokens, {seqs} sequences per forward, '
        f'median of {a.rounds}:'
    )
    print(f'   plain forwards {tok_s:,.0f} tokens/s   ActivationBuffer {row_s:,.0f} rows/s   ratio {row_s / tok_s:.2f}')


if __name__ == '__main__':
    main()
