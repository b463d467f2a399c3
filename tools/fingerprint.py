"""Fingerprints of gmlab's models and training runs, to check that a refactor changes no number.

    python tools/fingerprint.py [REPO] > new.json     # REPO: a checkout of gmlab (default: this one)
    git worktree add /tmp/old HEAD~1 && python tools/fingerprint.py /tmp/old > old.json
    python tools/fingerprint.py --compare old.json new.json

For 17 model configurations (MHA, GQA, windows, documents, MLA with both caches, MoBA, MLA + MoBA + MoE, MTP,
the speedrun options, K/V sharing) it records a hash of every initial weight, the training loss and every gradient,
the eval logits, greedy and sampled cached generation, and QK-Clip's report and clipped weights; then 6 steps of
three training runs (Muon with growing windows, MLA + MoE + MTP, MuonClip). CPU, about a minute.
"""

import hashlib
import json
import sys
import tempfile
from pathlib import Path

BASE = dict(vocab_size=97, n_layers=4, d_model=64, n_heads=4, max_seq_len=64)
MLA = dict(attn='mla', q_lora_rank=32, kv_lora_rank=16, qk_nope_head_dim=16, qk_rope_head_dim=8, v_head_dim=16)
MOBA = dict(sparse='moba', moba_block_size=8, moba_top_k=2, moba_full_layers=1)
CASES = {
    'plain': {},
    'gqa_qknorm': dict(n_kv_heads=2, qk_norm=True),
    'window': dict(window=8, global_every=2),
    'doc': dict(doc_mask=True, bos_id=3),
    'relu2_ffnnone': dict(mlp='relu2', ffn='none'),
    'softcap_yarn': dict(logit_softcap=15.0, yarn_factor=2.0, yarn_original_len=16, rotary_frac=0.5),
    'mla': MLA,
    'mla_naive': dict(attn='mla', kv_lora_rank=16, mla_cache='naive'),
    'moba': MOBA,
    'mla_moba_moe': dict(
        **MLA, **MOBA, ffn='moe', moe_experts=8, moe_top_k=2, moe_d_expert=24, moe_groups=2, moe_switch_alpha=0.01
    ),
    'moe_softmax': dict(ffn='moe', moe_score='softmax', moe_dense_layers=0),
    'mtp_seq': dict(mtp_depth=2, mtp_layers=1),
    'mtp_branches': dict(mtp_depth=1, mtp_mode='branches'),
    'speedrun': dict(x0_mix=True, unet_skips=True, value_embeds=1, zero_init_proj=True, qk_norm_scale=0.12),
    'kv_share': dict(kv_share=2, n_kv_heads=2),
    'kv_share_moba': dict(kv_share=2, sparse='moba', moba_block_size=8),
    'value_embeds': dict(value_embeds=2, x0_mix=True),
}
RUNS = {
    'daisy-tiny': dict(max_steps=6, eval_every=6, warmup_steps=2),
    'nanodeepseek-tiny': dict(max_steps=6, eval_every=6, warmup_steps=2),
    'tiny': dict(optimizer='muonclip', muon_lr=0.3, max_steps=6, eval_every=6, warmup_steps=2),
}


def digest(t) -> str:
    return hashlib.sha1(t.detach().float().contiguous().numpy().tobytes()).hexdigest()[:12]


def model_prints(torch) -> dict:
    from gmlab.generate import generate
    from gmlab.model import GPT, GPTConfig
    from gmlab.optim import apply_qk_clip

    out = {}
    for name, kw in CASES.items():
        torch.manual_seed(0)
        m = GPT(GPTConfig(**BASE, **kw))
        r = {'params': {k: digest(v) for k, v in m.state_dict().items()}}
        x = torch.randint(4, 97, (2, 33), generator=torch.Generator().manual_seed(1))
        x[:, 10] = 3
        m.train()
        loss = m(x[:, :-1], x[:, 1:])
        loss.backward()
        r['loss'] = loss.item()
        r['grads'] = {k: digest(p.grad) for k, p in m.named_parameters() if p.grad is not None}
        m.eval()
        with torch.no_grad():
            r['logits'] = digest(m(x[:, :20]))
        r['greedy'] = generate(m, [x[0, :12].tolist(), x[1, :5].tolist()], 8)
        r['sampled'] = generate(m, [x[0, :12].tolist()], 8, temperature=1.0, seed=3)
        if not kw.get('qk_norm') and not kw.get('qk_norm_scale') and kw.get('ffn') != 'none':
            import gmlab.optim

            if hasattr(gmlab.optim, 'track_max_logits'):
                gmlab.optim.track_max_logits(m)
            else:  # before QK-Clip's recording became a mixin
                for mod in m.modules():
                    if hasattr(mod, 'track_max_logit'):
                        mod.track_max_logit = True
            m.train()
            m(x[:, :-1], x[:, 1:])
            r['qk_clip'] = {k: round(v, 6) for k, v in apply_qk_clip(m, 0.05).items()}
            r['clipped'] = digest(torch.cat([p.flatten() for p in m.parameters()]))
        out[name] = r
    return out


def run_prints() -> dict:
    import gmlab.core
    from gmlab.train import Trainer, preset

    gmlab.core.cpu_bf16_speedup = lambda *a, **k: 0.0  # the bf16 probe times a matmul: fix its answer
    keys = ('loss', 'lr', 'grad_norm', 'mtp_losses', 'mtp_weight', 'max_logit')
    out = {}
    for name, kw in RUNS.items():
        cfg = preset(name).replace(**kw, out_dir=tempfile.mkdtemp(), dtype='fp32')
        t = Trainer(cfg, progress=False)
        steps = [{k: v for k, v in t.train_step().items() if k in keys} for _ in range(cfg.max_steps)]
        out[name] = {'steps': steps, 'val_loss': t.evaluate()}
    return out


def compare(a_path: str, b_path: str) -> int:
    a, b = (json.loads(Path(p).read_text()) for p in (a_path, b_path))
    differ = [f'{kind}/{name}' for kind in a for name in a[kind] if a[kind][name] != b.get(kind, {}).get(name)]
    print('identical' if not differ else 'differ: ' + ', '.join(differ))
    return 1 if differ else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ['--compare']:
        return compare(*argv[1:3])
    sys.path.insert(0, str(Path(argv[0] if argv else Path(__file__).parents[1]).resolve()))
    import torch

    from gmlab.core import cap_threads

    cap_threads(2)
    print(json.dumps({'models': model_prints(torch), 'runs': run_prints()}))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
