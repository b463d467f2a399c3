"""gmlab's `grpo_loss` against trl's `GRPOTrainer` loss on the same tensors: values and gradients.

trl is not one of gmlab's dependencies, so this check runs by hand: `pip install trl` (trl 1.16 installs beside
gmlab's pins, with Python 3.11 or newer), then `python tools/check_trl.py`. It builds trl's trainer around a tiny
randomly initialised Qwen2 model and a character tokenizer (nothing is downloaded), replaces the trainer's
log-probability function by one that returns fixed log-probs, and calls its `_compute_loss` on a batch of 4 answers
(ratios spread around 1, a few clipped; a reference policy for the KL term). gmlab's `grpo_loss` gets the same
tensors. Each loss type is matched with trl's settings for it:

- `grpo`, `bnpo`, `dr_grpo`, `dapo`: the same names (`max_completion_length` = gmlab's `max_len`; one batch, so
  trl's `dapo` normaliser, the whole generation batch's tokens, is this batch's);
- `cispo`: trl's `epsilon_high` is the cap on the weight itself, gmlab's `1 + eps_high`;
- `gspo`: trl's `loss_type='grpo'` with `importance_sampling_level='sequence'`;
- with `beta`: trl's `use_bias_correction_kl=False` (trl's default multiplies the k3 term by the ratio).

Exits 1 if a loss or a gradient differs by more than 1e-6.
"""

import os, sys, tempfile

os.environ.setdefault('HF_HUB_OFFLINE', '1')
import torch  # noqa: E402

try:
    from datasets import Dataset
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM
    from trl import GRPOConfig, GRPOTrainer
except ImportError as e:
    raise SystemExit(f'error: {e.name} is not installed; this check needs trl: pip install trl') from None

from gmlab.grpo import grpo_loss  # noqa: E402

B, T = 4, 5  # answers, answer tokens


def tiny_model(where: str):
    "A 1-layer Qwen2 with random weights and a character tokenizer, saved to `where` (trl reloads it as reference)."
    vocab = {'<pad>': 0, '<eos>': 1, **{c: i + 2 for i, c in enumerate('abcdefghijklmnopqrstuvwxyz0123456789')}}
    t = Tokenizer(models.WordLevel(vocab, unk_token='<pad>'))
    t.pre_tokenizer = pre_tokenizers.Split('', 'isolated')
    tok = PreTrainedTokenizerFast(tokenizer_object=t, pad_token='<pad>', eos_token='<eos>', padding_side='left')
    torch.manual_seed(0)
    cfg = Qwen2Config(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=1,
        pad_token_id=0,
        eos_token_id=1,
        bos_token_id=1,
    )
    Qwen2ForCausalLM(cfg).save_pretrained(where)
    tok.save_pretrained(where)
    return Qwen2ForCausalLM.from_pretrained(where), tok


def main():
    g = torch.Generator().manual_seed(1)
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 0, 0, 0], [1, 1, 1, 1, 0]], dtype=torch.bool)
    old = -torch.rand(B, T, generator=g) * 3
    logp0 = old + torch.randn(B, T, generator=g) * 0.3  # ratios around 1, some outside 0.8-1.2
    ref = old + torch.randn(B, T, generator=g) * 0.2
    adv = torch.tensor([1.2, -0.7, 0.4, -1.0])
    with tempfile.TemporaryDirectory() as d:
        model, tok = tiny_model(d)

        def trl(**kw):
            args = GRPOConfig(
                output_dir=f'{d}/out',
                use_cpu=True,
                bf16=False,
                per_device_train_batch_size=B,
                num_generations=B,
                max_completion_length=T,
                report_to='none',
                gradient_checkpointing=False,
                **kw,
            )
            tr = GRPOTrainer(
                model=model,
                reward_funcs=lambda completions, **_: [0.0] * len(completions),
                args=args,
                train_dataset=Dataset.from_dict({'prompt': ['abc'] * B}),
                processing_class=tok,
            )
            tr.current_gradient_accumulation_steps = 1  # set by transformers' train() otherwise
            logp = logp0.clone().requires_grad_()
            tr._get_per_token_logps_and_entropies = lambda *a, **k: (logp, torch.zeros(B, T), None)
            prompt = torch.ones(B, 2, dtype=torch.long)
            inputs = dict(
                prompt_ids=prompt,
                prompt_mask=prompt.int(),
                completion_ids=torch.full((B, T), 2),
                completion_mask=mask.int(),
                advantages=adv,
                old_per_token_logps=old,
                ref_per_token_logps=ref,
                num_items_in_batch=mask.sum(),
            )
            tr.model.train()
            loss = tr._compute_loss(tr.model, inputs)
            loss.backward()
            return loss.item(), logp.grad

        def gmlab(loss_type, eps_low=0.2, eps_high=0.2, beta=0.0):
            logp = logp0.clone().requires_grad_()
            loss, _ = grpo_loss(logp, old, adv, mask, ref if beta else None, beta, eps_low, eps_high, loss_type, T)
            loss.backward()
            return loss.item(), logp.grad

        cases = [
            ('grpo', dict(loss_type='grpo'), dict(loss_type='grpo')),
            ('bnpo', dict(loss_type='bnpo'), dict(loss_type='bnpo')),
            ('dr_grpo', dict(loss_type='dr_grpo'), dict(loss_type='dr_grpo')),
            (
                'grpo, clip-higher 0.28',
                dict(loss_type='grpo', epsilon_high=0.28),
                dict(loss_type='grpo', eps_high=0.28),
            ),
            (
                'dapo, clip-higher 0.28',
                dict(loss_type='dapo', epsilon_high=0.28),
                dict(loss_type='dapo', eps_high=0.28),
            ),
            ('cispo, cap 1.28', dict(loss_type='cispo', epsilon_high=1.28), dict(loss_type='cispo', eps_high=0.28)),
            ('cispo, cap 5', dict(loss_type='cispo', epsilon_high=5.0), dict(loss_type='cispo', eps_high=4.0)),
            (
                'gspo, 3e-4 / 4e-4',
                dict(loss_type='grpo', importance_sampling_level='sequence', epsilon=3e-4, epsilon_high=4e-4),
                dict(loss_type='gspo', eps_low=3e-4, eps_high=4e-4),
            ),
            (
                'grpo, beta 0.04',
                dict(loss_type='grpo', beta=0.04, use_bias_correction_kl=False),
                dict(loss_type='grpo', beta=0.04),
            ),
        ]
        failed = 0
        print(f'{"case":24s} {"trl":>12s} {"gmlab":>12s} {"|loss diff|":>12s} {"max |grad diff|":>16s}')
        for name, trl_kw, gmlab_kw in cases:
            (lt, gt), (lg, gg) = trl(**trl_kw), gmlab(**gmlab_kw)
            dl, dg = abs(lt - lg), (gt - gg).abs().max().item()
            failed += dl > 1e-6 or dg > 1e-6
            print(f'{name:24s} {lt:+12.7f} {lg:+12.7f} {dl:12.1e} {dg:16.1e}')
    import trl as trl_pkg

    print(f'trl {trl_pkg.__version__}: {len(cases) - failed} of {len(cases)} cases agree')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
