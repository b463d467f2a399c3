"""GRPO's measured gain on a verifiable task over several SFT seeds, on test problems kept out of all training.

    python bench/bench_grpo.py                                          # seeds 0,1,2: about 40 minutes on a 2-core CPU
    python bench/bench_grpo.py --out assets/grpo_addition_seeds.json    # also record each run and sample answers

For each seed: the task's SFT preset from scratch (`gmlab.sft`), then its GRPO preset (`gmlab.grpo`) from that
checkpoint, both with `test_n` test problems kept out of their train streams (`gmlab.sft.heldout_splits`). Greedy
exact-match accuracy on those test problems before and after GRPO gives the gain; the runs' own evaluations use the
validation problems, which the presets were chosen by. Also rollout throughput with the batched KV cache against one
answer at a time (first seed).
"""

import argparse, json, statistics, tempfile, time
from pathlib import Path
import torch
from gmlab.sft import sft, sft_preset, evaluate_task, complete, heldout_splits
from gmlab.grpo import GRPOTrainer, grpo_preset, rollout


def throughput(model, tok, problems, group, max_new, repeats=3):
    "(batched completions/s, one-at-a-time completions/s)."
    n = len(problems) * group

    def best(f):
        t = float('inf')
        for _ in range(repeats):
            t0 = time.perf_counter()
            f()
            t = min(t, time.perf_counter() - t0)
        return n / t

    batched = best(lambda: rollout(model, tok, problems, group, max_new, temperature=1.0, seed=0))
    single = best(
        lambda: [
            complete(model, tok, [p.prompt], max_new, temperature=1.0, batch_size=1)
            for p in problems
            for _ in range(group)
        ]
    )
    return batched, single


def run(task: str, seed: int, test_n: int, grpo_steps: int = 0):
    "SFT then GRPO for one seed; returns (record, trainer)."
    tmp = Path(tempfile.mkdtemp())
    t0 = time.time()
    sft(sft_preset(task).replace(seed=seed, test_n=test_n, out_dir=str(tmp / 'sft')), progress=False)
    sft_s = time.time() - t0
    cfg = grpo_preset(task).replace(init=str(tmp / 'sft'), seed=seed, test_n=test_n, out_dir=str(tmp / 'grpo'))
    if grpo_steps:
        cfg = cfg.replace(max_steps=grpo_steps)
    tr = GRPOTrainer(cfg, progress=False)
    val, test = heldout_splits(tr.task, test_n, seed)
    test_set = {p.prompt for p in test}
    disjoint = not ({p.prompt for p in val} | {p.prompt for p in tr.val}) & test_set
    assert disjoint, 'validation and test problems overlap'
    before = evaluate_task(tr.model, tr.tok, tr.task, test)
    t0 = time.time()
    hist = tr.fit()
    grpo_s = time.time() - t0
    after = evaluate_task(tr.model, tr.tok, tr.task, test)
    evals = [(h['step'], h['accuracy']) for h in hist if 'accuracy' in h]
    samples = [
        {'prompt': p.prompt, 'answer': p.answer, 'before': b, 'after': c}
        for p, b, c in zip(test, before['responses'], after['responses'])
    ]
    rec = {
        'seed': seed,
        'sft_seconds': sft_s,
        'grpo_seconds': grpo_s,
        'val_before': evals[0][1],
        'val_after': evals[-1][1],
        'test_before': before['accuracy'],
        'test_after': after['accuracy'],
        'disjoint': disjoint,
        'val_evals': evals,
        'samples': samples[:20],
        'config': dict(cfg.to_dict(), init='', out_dir=''),
    }
    return rec, tr


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--task', default='addition', help='SFT and GRPO preset name')
    ap.add_argument('--seeds', default='0,1,2', help='comma-separated seeds, one SFT + GRPO run each')
    ap.add_argument('--test_n', type=int, default=500, help='test problems kept out of training and scored')
    ap.add_argument('--out', default='', help='write the runs, their mean and sd and sample answers as JSON here')
    ap.add_argument('--grpo_steps', type=int, default=0, help="override the preset's GRPO steps (0: keep)")
    a = ap.parse_args(argv)
    if a.test_n < 1:
        ap.error('--test_n must be at least 1: the gain is measured on test problems')
    seeds = [int(s) for s in a.seeds.split(',')]
    runs, rates = [], None
    print(f'threads {torch.get_num_threads()}, task {a.task}, seeds {seeds}, {a.test_n} test problems')
    for seed in seeds:
        rec, tr = run(a.task, seed, a.test_n, a.grpo_steps)
        runs.append(rec)
        print(
            f"seed {seed}: SFT {rec['sft_seconds']:.0f} s, GRPO {rec['grpo_seconds']:.0f} s; "
            f"validation {rec['val_before']:.3f} -> {rec['val_after']:.3f}; "
            f"test {rec['test_before']:.3f} -> {rec['test_after']:.3f} "
            f"({100 * (rec['test_after'] - rec['test_before']):+.1f} points)",
            flush=True,
        )
        if rates is None:
            probs = tr.task.split('train', 16, seed + 1)
            rates = throughput(tr.model, tr.tok, probs, 8, tr.max_new)
            print(f'rollouts, 16 prompts x 8 answers: batched {rates[0]:.0f}/s, one at a time {rates[1]:.0f}/s')
    gains = [r['test_after'] - r['test_before'] for r in runs]
    mean, sd = statistics.mean(gains), statistics.stdev(gains) if len(gains) > 1 else 0.0
    print(f'test gain over {len(gains)} seeds: {100 * mean:+.1f} ± {100 * sd:.1f} points (mean ± sd)')
    if a.out:
        rec = {
            'task': a.task,
            'test_n': a.test_n,
            'seeds': seeds,
            'gain_mean': mean,
            'gain_sd': sd,
            'rollout_batched_per_s': rates[0],
            'rollout_single_per_s': rates[1],
            'runs': runs,
        }
        Path(a.out).write_text(json.dumps(rec, indent=1))
        print(f'wrote {a.out}')
    return runs


if __name__ == '__main__':
    main()
