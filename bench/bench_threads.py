"""Training speed against torch's thread count, on a quiet machine or beside other work: does over-subscription hurt?

    python bench/bench_threads.py                 # the small preset, threads 1 and 2 (all cores), alternating
    python bench/bench_threads.py --load 2        # beside 2 busy single-threaded processes (matrix products)
    python bench/bench_threads.py --threads 1 2 4 --repeats 5 --steps 10

A training process uses as many intra-op threads as the machine has cores (torch's default). When other processes
keep cores busy, its threads outnumber the free cores, and a thread that is descheduled stalls its team at every
parallel region. This script times `--steps` optimizer steps of the preset for each thread count, alternating the
counts `--repeats` times so that changes of the machine's load hit each count alike, and prints the tokens/s of each
(median over repeats, with the range) and its ratio to the default count. `--load K` starts K busy processes of its
own (each one thread of matrix products) for a controlled load; without it, whatever else runs on the machine is the
load. `GMLAB_THREADS` (gmlab.core.cap_threads) sets the count for gmlab's commands and notebooks. `--follow` adds
`TrainConfig.threads=-1`'s rule as one more arm: a `ThreadFollower` (07_train) re-measuring the idle cores every
half second while it trains, and the counts it chose.
"""

import argparse, multiprocessing, statistics, tempfile, time

import torch

from gmlab.train import ThreadFollower, Trainer, preset


def busy(stop):
    "A single-threaded process doing matrix products until `stop` is set: load for the machine."
    torch.set_num_threads(1)
    a = torch.randn(512, 512)
    while not stop.is_set():
        a = torch.tanh(a @ a)


def tokens_per_s(trainer: Trainer, threads, steps: int, chosen: list) -> float:
    "Tokens/s of `steps` steps at `threads` threads, or ('follow') as a ThreadFollower chooses (counts in `chosen`)."
    follower = ThreadFollower(every=0.5) if threads == 'follow' else None
    if follower is None:
        torch.set_num_threads(threads)
    try:
        trainer.train_step()  # warm: the first step at a new thread count pays for setup (and the follower measures)
        t0 = time.perf_counter()
        for _ in range(steps):
            if follower is not None:
                chosen.append(follower.update())
            trainer.train_step()
        c = trainer.cfg
        return steps * c.batch_size * c.seq_len * c.grad_accum / (time.perf_counter() - t0)
    finally:
        if follower is not None:
            follower.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--preset', default='small')
    ap.add_argument('--threads', type=int, nargs='+', help='thread counts to time (default: 1 and all cores)')
    ap.add_argument('--steps', type=int, default=8, help='timed optimizer steps per measurement')
    ap.add_argument('--repeats', type=int, default=4)
    ap.add_argument('--load', type=int, default=0, help='busy single-threaded processes to start beside it')
    ap.add_argument('--follow', action='store_true', help="also time threads=-1's rule (ThreadFollower)")
    a = ap.parse_args()
    cores = torch.get_num_threads()
    counts = (a.threads or sorted({1, cores})) + (['follow'] if a.follow else [])
    cfg = preset(a.preset).replace(
        max_steps=10**6,
        warmup_steps=1,
        out_dir=tempfile.mkdtemp(),
        dtype='bf16',
        compile=False,  # eager: as measured
    )
    trainer = Trainer(cfg, progress=False, verbose=False)
    stop = multiprocessing.Event()
    workers = [multiprocessing.Process(target=busy, args=(stop,), daemon=True) for _ in range(a.load)]
    for w in workers:
        w.start()
    try:
        speed, chosen = {n: [] for n in counts}, []
        for _ in range(a.repeats):
            for n in counts:
                speed[n].append(tokens_per_s(trainer, n, a.steps, chosen))
    finally:
        stop.set()
        for w in workers:
            w.join()
    print(
        f'{a.preset} preset, bf16, {a.steps} steps x {a.repeats} repeats per count, {cores} cores by default, '
        f'{a.load} busy processes started beside it'
    )
    ref = statistics.median(speed[cores]) if cores in speed else None
    for n in counts:
        med = statistics.median(speed[n])
        ratio = f'   {med / ref:.2f}x the {cores}-thread default' if ref else ''
        print(f'threads {n}: {med:8,.0f} tokens/s (median; {min(speed[n]):,.0f} to {max(speed[n]):,.0f}){ratio}')
    if a.follow:
        print('threads the follower chose, step by step: ' + ' '.join(map(str, chosen)))


if __name__ == '__main__':
    main()
