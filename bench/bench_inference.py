"""Prefill and decode speed against context length, and KV-cache bytes per token, for the attention designs and
weight formats.

    python bench/bench_inference.py                       # about 5 minutes on a 2-core CPU
    python bench/bench_inference.py --out assets/bench_inference.json

One model shape (default: 8 layers, d_model 512, 8 heads of 64, vocabulary 8192, random weights: speed does not
depend on
them), built as: MHA (the baseline), MQA (one K/V head), MLA (latent cache, absorbed decoding), KV-shared (pairs of
layers
share K/V, `kv_share=2`), and the baseline's weights in bf16 and in int8 (`gmlab.quant.quantize_int8`, bf16
activations).
For each context length L, batch 1:

- prefill: one forward pass over an L-token prompt into an empty cache, logits of the last position (as `generate`
  does);
- decode: `--decode` single-token steps after that prompt, each attending to the whole cache.

Best of `--repeats`, every variant measured in turn in one process; ratios against the fp32 MHA baseline are
printed. Cache
bytes per token are measured from the allocated cache tensors (`KVCache.nbytes / max_len`), all layers together.
"""

import argparse, copy, json, time
import torch
from gmlab.model import GPT, GPTConfig
from gmlab.quant import quantize_int8, model_bytes


def variants(d_model, n_layers, n_heads, vocab):
    base = GPTConfig(vocab_size=vocab, n_layers=n_layers, d_model=d_model, n_heads=n_heads, max_seq_len=8192)
    hd = d_model // n_heads
    cfgs = {
        'MHA': base,
        'MQA': base.replace(n_kv_heads=1),
        'MLA': base.replace(attn='mla', kv_lora_rank=min(2 * hd, d_model // 2), qk_rope_head_dim=hd // 2),
        'KV-shared': base.replace(kv_share=2),
    }
    out = {}
    for name, c in cfgs.items():
        torch.manual_seed(0)
        out[name] = GPT(c).eval()
    out['MHA bf16'] = copy.deepcopy(out['MHA']).to(torch.bfloat16)
    out['MHA int8'] = quantize_int8(out['MHA'])
    return out


@torch.no_grad()
def measure(model, L, n_decode, repeats):
    "(prefill tokens/s, decode tokens/s, cache bytes per token) at context L."
    prompt = torch.randint(1, model.config.vocab_size, (1, L))
    best_p = best_d = float('inf')
    for _ in range(repeats):
        cache = model.new_cache(1, L + n_decode)
        t0 = time.perf_counter()
        tok = model.head(model.trunk(prompt, cache=cache)[:, -1]).argmax(-1, keepdim=True)
        t1 = time.perf_counter()
        for _ in range(n_decode):
            tok = model.head(model.trunk(tok, cache=cache)[:, -1]).argmax(-1, keepdim=True)
        t2 = time.perf_counter()
        best_p, best_d = min(best_p, t1 - t0), min(best_d, t2 - t1)
    return L / best_p, n_decode / best_d, cache.nbytes / cache.max_len


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--contexts', default='128,512,1024,2048,4096', help='prompt lengths, comma-separated')
    p.add_argument('--decode', type=int, default=32, help='decode steps timed after each prompt')
    p.add_argument('--repeats', type=int, default=2)
    p.add_argument('--d_model', type=int, default=512)
    p.add_argument('--n_layers', type=int, default=8)
    p.add_argument('--n_heads', type=int, default=8)
    p.add_argument('--vocab', type=int, default=8192)
    p.add_argument('--threads', type=int, default=0, help='torch threads (0: leave the default)')
    p.add_argument('--out', default='', help='write the results as JSON here')
    a = p.parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    contexts = [int(c) for c in a.contexts.split(',')]
    models = variants(a.d_model, a.n_layers, a.n_heads, a.vocab)
    print(
        f'threads {torch.get_num_threads()}, {a.n_layers} layers, d_model {a.d_model}, {a.n_heads} heads, vocab '
        f'{a.vocab}, batch 1, '
        f'{a.decode} decode steps, best of {a.repeats}'
    )
    res = {'setup': vars(a), 'contexts': contexts, 'variants': {}}
    for name, m in models.items():
        res['variants'][name] = {
            'weight_bytes': model_bytes(m),
            'prefill': [],
            'decode': [],
            'cache_bytes_per_token': None,
        }
    for L in contexts:
        for name, m in models.items():
            measure(m, min(L, 64), 2, 1)  # warm up
            pre, dec, cb = measure(m, L, a.decode, a.repeats)
            r = res['variants'][name]
            r['prefill'].append(pre)
            r['decode'].append(dec)
            r['cache_bytes_per_token'] = cb
    base = res['variants']['MHA']
    print(
        '\n| variant | weights | cache bytes/token | '
        + ' | '.join(f'prefill {L}' for L in contexts)
        + ' | '
        + ' | '.join(f'decode {L}' for L in contexts)
        + ' |'
    )
    print('|---' * (3 + 2 * len(contexts)) + '|')
    for name, r in res['variants'].items():
        pre = ' | '.join(f"{v:.0f} ({v / b:.2f}x)" for v, b in zip(r['prefill'], base['prefill']))
        dec = ' | '.join(f"{v:.1f} ({v / b:.2f}x)" for v, b in zip(r['decode'], base['decode']))
        print(f"| {name} | {r['weight_bytes'] / 1e6:.1f} MB | {r['cache_bytes_per_token']:.0f} | {pre} | {dec} |")
    print('\ntokens/s (ratio to fp32 MHA); weights and cache measured from the allocated tensors')
    if a.out:
        with open(a.out, 'w') as f:
            json.dump(res, f, indent=1)
        print(f'wrote {a.out}')
    return res


if __name__ == '__main__':
    main()
