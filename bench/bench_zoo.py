"""How much room a zoo recipe leaves above what its entry promises: the recipe trained from several seeds, each measured
the way a zoo build measures itself.

    python bench/bench_zoo.py sft-addition --seeds 0,1,2    # about 4 minutes a seed on one core of a quiet 2-core CPU

Each seed trains the entry's recipe (its `train` changes, with `seed` set) into a fresh temporary directory,
one-threaded and in the zoo's fixed dtype, exactly as `zoo_path` builds it, and measures every quantity in the entry's
`expect`. Printed: the values per seed, their mean +- sd, the promise, and the build time. Seed 0 is the recipe the
zoo builds.
"""

import argparse, json, statistics, tempfile, time
from pathlib import Path

from gmlab.zoo import ZOO, _measure, _one_thread, _spec, _train


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('entry', choices=list(ZOO))
    ap.add_argument('--seeds', default='0,1,2', help='comma-separated seeds (default: 0,1,2)')
    ap.add_argument('--out', help='also write the results to this JSON file')
    a = ap.parse_args()
    results = []
    for seed in [int(s) for s in a.seeds.split(',')]:
        spec = _spec(a.entry)
        spec['train'] = dict(spec.get('train', {}), seed=seed)
        t0 = time.time()
        with tempfile.TemporaryDirectory() as tmp, _one_thread():
            names = _train(spec, Path(tmp), progress=False)
            measured = _measure(spec, Path(tmp), names)
        results.append(dict(seed=seed, seconds=round(time.time() - t0, 1), **measured))
        print(json.dumps(results[-1]), flush=True)
    for key, (op, bound) in ZOO[a.entry]['expect'].items():
        vals = [r[key] for r in results]
        sd = statistics.stdev(vals) if len(vals) > 1 else float('nan')
        print(
            f'{a.entry} {key}: {statistics.mean(vals):.4f} +- {sd:.4f} over {len(vals)} seeds '
            f'(min {min(vals):.4f}, max {max(vals):.4f}); promised {op} {bound}'
        )
    if a.out:
        Path(a.out).write_text(json.dumps(dict(entry=a.entry, results=results), indent=1) + '\n')


if __name__ == '__main__':
    main()
