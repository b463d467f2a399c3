"""MoBA against full causal attention at long context, on the CPU.

    python bench/bench_moba.py               # a few minutes on a 2-core CPU
    python bench/bench_moba.py --lengths 4096 16384

Batch 1, 4 heads of 64, fp32, random inputs; MoBA with blocks of 512 and top-k 3 (the paper's setting) in gmlab's
efficient
form, against F.scaled_dot_product_attention(is_causal=True). Forward and forward+backward, best of a few runs each,
in one
process, plus the theoretical ratio of attended (query, key) pairs, and the peak memory of each at the longest
length (each in
a fresh subprocess, from its resident-set high-water mark, VmHWM). Goal: MoBA forward >= 3x faster at 16K, growing
with T.
"""

import argparse, subprocess, sys, time
import torch
import torch.nn.functional as F
from gmlab.moba import moba_attention, moba_gate


def inputs(T, backward):
    return [torch.randn(1, 4, T, 64, requires_grad=backward) for _ in range(3)]


def run(kind, q, k, v, backward):
    out = moba_attention(q, k, v, 512, 3) if kind == 'moba' else F.scaled_dot_product_attention(q, k, v, is_causal=True)
    if backward:
        out.sum().backward()


def best(kind, T, backward, reps=2):
    qkv = inputs(T, backward)  # made outside the timed region
    with torch.set_grad_enabled(backward):
        run(kind, *qkv, backward)
    t = float('inf')
    for _ in range(reps):
        s = time.perf_counter()
        with torch.set_grad_enabled(backward):
            run(kind, *qkv, backward)
        t = min(t, time.perf_counter() - s)
    return t


def pair_ratio(T):
    q, k = torch.randn(1, 4, T, 64), torch.randn(1, 4, T, 64)
    _, sel = moba_gate(q, k, 512, 3)
    pos_in_block = torch.arange(T) % 512 + 1
    past = (sel.sum(-1) - 1) * 512  # picked past blocks are complete
    return (T * (T + 1) / 2) / float((past + pos_in_block).sum() / 4)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--lengths', type=int, nargs='+', default=[4096, 8192, 16384, 32768])
    ap.add_argument('--peak', nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.peak:  # VmHWM belongs to this address space; ru_maxrss would carry over the parent's high-water mark
        hwm = lambda: int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024
        qkv = inputs(int(a.peak[1]), False)
        before = hwm()  # inputs excluded: only what attention itself allocates
        with torch.no_grad():
            run(a.peak[0], *qkv, False)
        print(hwm() - before)
        return
    print(f'threads {torch.get_num_threads()}; B=1, 4 heads x 64, fp32; MoBA block 512, top-k 3\n')
    print(
        '| T | full fwd | MoBA fwd | fwd speedup | full fwd+bwd | MoBA fwd+bwd | fwd+bwd speedup | pair ratio '
        '|\n|---|---|---|---|---|---|---|---|'
    )
    for T in a.lengths:
        f_full, f_moba = best('full', T, False), best('moba', T, False)
        b_full, b_moba = best('full', T, True, 1), best('moba', T, True, 1)
        print(
            f'| {T} | {f_full * 1e3:.0f} ms | {f_moba * 1e3:.0f} ms | {f_full / f_moba:.2f}x | {b_full * 1e3:.0f} ms | '
            f'{b_moba * 1e3:.0f} ms | '
            f'{b_full / b_moba:.2f}x | {pair_ratio(T):.1f}x |'
        )
    T = max(a.lengths)
    peaks = {
        kind: float(
            subprocess.run([sys.executable, __file__, '--peak', kind, str(T)], capture_output=True, text=True).stdout
        )
        for kind in ('full', 'moba')
    }
    print(
        f"\npeak memory, forward at T={T}: full {peaks['full']:.0f} MiB, MoBA {peaks['moba']:.0f} MiB (above the "
        "process baseline)"
    )


if __name__ == '__main__':
    main()
