"""Data-pipeline figures on the embedded default corpus (one process, side by side, ratios printed).

    python bench/bench_data.py            # about a minute on a 2-core CPU

1. BPE training time at vocab 8192 with the fast trainer (rustbpe), and the readable trainer's time on a slice, for
scale.
2. Encode throughput in MB/s: tiktoken (the Tokenizer) against the notebook's readable encoder on the same merges.
3. Bytes per token on the val split for vocab sizes 4096, 8192 and 16384.
4. Loader batches/s against generating random token batches of the same shape (the ceiling).
"""

import argparse, os, time
import torch
from gmlab.data import (
    Tokenizer,
    bpe_encode_naive,
    bpe_train_naive,
    corpus_texts,
    prepare,
    ranks_to_merges,
    SPECIAL_TOKENS,
)


def best_of(f, reps=3):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--threads', type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    train, val = list(corpus_texts('stdlib', 'train')), list(corpus_texts('stdlib', 'val'))
    n_chars = sum(map(len, train))
    print(
        f'corpus: stdlib, train {len(train)} docs / {n_chars / 1e6:.1f}M chars, val {len(val)} docs; {args.threads} '
        'threads\n'
    )

    # 1. training time
    t_fast, tok = best_of(lambda: Tokenizer.train(train, 8192), reps=1)
    small = train[:8]
    n_small = sum(map(len, small))
    t_naive, _ = best_of(lambda: bpe_train_naive(small, 256 + 200), reps=1)
    t_fast_small, _ = best_of(lambda: Tokenizer.train(small, 256 + 200 + len(SPECIAL_TOKENS)), reps=1)
    print(f'BPE training, vocab 8192, {n_chars / 1e6:.1f}M chars (rustbpe): {t_fast:.2f} s')
    print(
        f'BPE training, 200 merges on {n_small / 1e3:.0f}K chars: readable {t_naive:.2f} s, rustbpe {t_fast_small:.3f} '
        's '
        f'({t_naive / t_fast_small:.0f}x)\n'
    )

    # 2. encode throughput on the same merges
    merges = ranks_to_merges(tok.ranks)
    text = '\n'.join(val)
    piece = text[:200_000]
    assert bpe_encode_naive(piece, merges) == tok.encode(piece), 'readable and tiktoken encoders disagree'
    mb_piece, mb_all = len(piece.encode()) / 1e6, len(text.encode()) / 1e6
    t_naive_enc, _ = best_of(lambda: bpe_encode_naive(piece, merges), reps=1)
    t_tik, _ = best_of(lambda: tok.encode(text))
    t_tik_batch, _ = best_of(lambda: tok.encode_batch(val))
    print(
        f'encode, vocab 8192: readable {mb_piece / t_naive_enc:.2f} MB/s; tiktoken {mb_all / t_tik:.1f} MB/s one '
        'thread '
        f'({mb_all / t_tik / (mb_piece / t_naive_enc):.0f}x), {mb_all / t_tik_batch:.1f} MB/s encode_batch on '
        f'{os.cpu_count()} threads\n'
    )

    # 3. bytes per token on val
    rows = []
    for v in (4096, 8192, 16384):
        t = tok if v == 8192 else Tokenizer.train(train, v)
        n_tok = sum(map(len, t.encode_batch(val)))
        rows.append((v, len(text.encode()) - (len(val) - 1), n_tok))
    print('| vocab | val bytes/token |\n|---|---|')
    for v, nb, nt in rows:
        print(f'| {v} | {nb / nt:.2f} |')
    print()

    # 4. loader vs random batches
    data = prepare(progress=False)
    B, T, n = 32, 1024, 200
    loader = data.loader('train', B, T, seed=0)
    V = data.tokenizer.vocab_size
    t_load, _ = best_of(lambda: [loader.next_batch() for _ in range(n)])
    t_rand, _ = best_of(lambda: [torch.randint(0, V, (B, T + 1)) for _ in range(n)])
    print(
        f'batches of ({B}, {T + 1}): loader {n / t_load:.0f} batches/s ({n * B * T / t_load / 1e6:.1f}M tokens/s), '
        f'random {n / t_rand:.0f} batches/s; loader/random = {t_rand / t_load:.2f}'
    )


if __name__ == '__main__':
    main()
