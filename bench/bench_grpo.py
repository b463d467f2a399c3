"""GRPO's measured run on a verifiable task, and rollout throughput with the batched KV cache against one answer at a time.

    python bench/bench_grpo.py                                   # about 13 minutes on a 2-core CPU
    python bench/bench_grpo.py --out assets/grpo_addition.json   # also record the history and sample answers

1. The task's SFT preset from scratch (`gmlab.sft`), then its GRPO preset (`gmlab.grpo`) from that checkpoint, with the seed
   given; held-out greedy exact-match accuracy before and after GRPO, and the wall time of each stage. Goal (addition): at
   least +15 points in under 15 minutes.
2. Rollouts: 16 prompts x 8 sampled answers from the GRPO model, as one batch with the KV cache (what a GRPO step does)
   against the same 128 answers sampled one at a time (also with the cache); completions per second, best of 3, in one process.
"""
import argparse, json, tempfile, time
from pathlib import Path
import torch
from gmlab.sft import sft, sft_preset, evaluate_task, complete
from gmlab.grpo import GRPOTrainer, grpo_preset, rollout

def throughput(model, tok, problems, group, max_new, repeats=3):
    "(batched completions/s, one-at-a-time completions/s)."
    n = len(problems) * group
    def best(f):
        t = float('inf')
        for _ in range(repeats):
            t0 = time.perf_counter(); f(); t = min(t, time.perf_counter() - t0)
        return n / t
    batched = best(lambda: rollout(model, tok, problems, group, max_new, temperature=1.0, seed=0))
    single = best(lambda: [complete(model, tok, [p.prompt], max_new, temperature=1.0, batch_size=1) for p in problems for _ in range(group)])
    return batched, single

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--task', default='addition', help='SFT and GRPO preset name')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default='', help='write the history, accuracies and sample answers as JSON here')
    ap.add_argument('--grpo_steps', type=int, default=0, help='override the preset\'s GRPO steps (0: keep)')
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp())
    t0 = time.time()
    sft(sft_preset(a.task).replace(seed=a.seed, out_dir=str(tmp / 'sft')), progress=False)
    sft_s = time.time() - t0
    cfg = grpo_preset(a.task).replace(init=str(tmp / 'sft'), seed=a.seed, out_dir=str(tmp / 'grpo'))
    if a.grpo_steps: cfg = cfg.replace(max_steps=a.grpo_steps)
    tr = GRPOTrainer(cfg, progress=False)
    before = evaluate_task(tr.model, tr.tok, tr.task, tr.test)
    t0 = time.time(); hist = tr.fit(); grpo_s = time.time() - t0
    after = evaluate_task(tr.model, tr.tok, tr.task, tr.test)
    gain = after['accuracy'] - before['accuracy']
    print(f"threads {torch.get_num_threads()}, task {a.task}, seed {a.seed}")
    print(f"SFT preset: {sft_s:.0f} s; GRPO: {cfg.max_steps} steps of {cfg.prompts_per_step} prompts x {cfg.group_size} answers in {grpo_s:.0f} s")
    print(f"held-out accuracy ({len(tr.test)} problems, greedy): {before['accuracy']:.3f} -> {after['accuracy']:.3f} ({100 * gain:+.1f} points)")
    probs = tr.task.split('train', 16, a.seed + 1)
    batched, single = throughput(tr.model, tr.tok, probs, 8, tr.max_new)
    print(f"rollouts, 16 prompts x 8 answers: batched {batched:.0f} completions/s, one at a time {single:.0f} completions/s: {batched / single:.1f}x")
    if a.out:
        samples = [{'prompt': p.prompt, 'answer': p.answer, 'before': b, 'after': c} for p, b, c in zip(tr.test, before['responses'], after['responses'])]
        rec = {'task': a.task, 'seed': a.seed, 'sft_seconds': sft_s, 'grpo_seconds': grpo_s, 'before': before['accuracy'], 'after': after['accuracy'],
               'rollout_batched_per_s': batched, 'rollout_single_per_s': single, 'history': hist, 'samples': samples[:40], 'config': cfg.to_dict()}
        Path(a.out).write_text(json.dumps(rec, indent=1))
        print(f'wrote {a.out}')
    return gain, grpo_s

if __name__ == '__main__': main()
