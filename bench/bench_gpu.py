"""Training throughput and MFU on one GPU: a dense model of GPT-2 small's shape (12 layers of width 768, seq 1024: 91M
parameters with gmlab's 8,192-token vocabulary, 124M with GPT-2's 50,257) and `nanodeepseek`, in bf16 autocast and
with float8 linear layers (36_fsdp), each under DDP and under FSDP2 (one process, so the comparison shows what the
wrappers cost, not what sharding saves).

    python bench/bench_gpu.py                   # on a CUDA GPU, a few minutes
    python bench/bench_gpu.py --compile         # the same with torch.compile (the way nanochat and torchtitan train)
    python bench/bench_gpu.py --smoke           # tiny models on the CPU: checks the script, measures nothing
    python bench/bench_gpu.py --compile --models dense --wrappers ddp   # some rows only

MFU (model FLOPs utilisation) is the model's training FLOPs per token (6 per parameter plus attention, as 07_train
counts them) times tokens/s over the GPU's datasheet peak for dense matmuls in that precision (bf16, or fp8 for the
float8 rows, although attention and the output head stay in bf16 there). The peaks are NVIDIA's datasheet figures,
without sparsity; a GPU not listed gets no MFU. Each row is
the median of `--rounds` timings of `--steps` steps after `--warmup` steps.
"""

import argparse, os, statistics, tempfile, time

import torch
import torch.distributed as dist

from gmlab.train import PARALLEL, Trainer, preset

# dense TFLOP/s from NVIDIA's datasheets (no sparsity): (bf16, fp8); matched against torch.cuda.get_device_name
PEAKS = {  # the first key the name contains wins, so the longer names come first
    'H100 PCIe': (756e12, 1513e12),
    'H100 NVL': (835e12, 1671e12),
    'H100': (989e12, 1979e12),  # SXM: 'NVIDIA H100 80GB HBM3'
    'H200': (989e12, 1979e12),
    'L40S': (362e12, 733e12),
    'L40': (181e12, 362e12),
    'L4': (121e12, 242.5e12),
    'A100': (312e12, None),
}


def datasheet_peak(name: str, fp8: bool) -> float | None:
    "The datasheet peak of the GPU called `name` (the first key it contains), or None."
    for key, (bf16, f8) in PEAKS.items():
        if key in name:
            return f8 if fp8 else bf16
    return None


def models(smoke: bool) -> dict:
    "name -> training config."
    if smoke:
        return {'dense (tiny)': preset('tiny'), 'nanodeepseek-tiny': preset('nanodeepseek-tiny')}
    gpt2 = preset('small').replace(
        **{'model.n_layers': 12, 'model.d_model': 768, 'model.n_heads': 12, 'model.n_kv_heads': 12},
        seq_len=1024,
        batch_size=16,
    )
    return {'dense, GPT-2 small shape': gpt2, 'nanodeepseek': preset('nanodeepseek')}


def tokens_per_second(t: Trainer, steps: int, warmup: int, rounds: int) -> float:
    "The median over `rounds` of the tokens/s of `steps` optimizer steps, after `warmup` steps."
    sync = torch.cuda.synchronize if t.device.type == 'cuda' else (lambda: None)
    for _ in range(warmup):
        t.train_step()
    rates = []
    for _ in range(rounds):
        sync()
        start = time.perf_counter()
        for _ in range(steps):
            t.train_step()
        sync()
        rates.append(steps * t.cfg.batch_size * t.cfg.seq_len * t.grad_accum / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--warmup', type=int, default=3)
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--compile', action='store_true', help='compile the wrapped model')
    ap.add_argument('--smoke', action='store_true', help='tiny models on the CPU, to check the script')
    ap.add_argument('--models', default='dense,nanodeepseek', help='which rows: dense, nanodeepseek or both')
    ap.add_argument('--precisions', default='bf16,float8', help='bf16, float8 or both')
    ap.add_argument('--wrappers', default='ddp,fsdp', help='ddp, fsdp or both')
    a = ap.parse_args()
    device = 'cpu' if a.smoke else 'cuda'
    if device == 'cuda' and not torch.cuda.is_available():
        raise SystemExit('no CUDA GPU here; run with --smoke to check the script on the CPU')
    name = torch.cuda.get_device_name() if device == 'cuda' else 'CPU'
    # DDP and FSDP2 need a process group: one process of one, as torchrun would start it
    store = tempfile.NamedTemporaryFile(delete=False).name
    dist.init_process_group('nccl' if device == 'cuda' else 'gloo', init_method=f'file://{store}', rank=0, world_size=1)
    fp8_ok = device == 'cuda' and torch.cuda.get_device_capability() >= (8, 9)
    print(f'{name}; {a.steps} steps x {a.rounds} rounds after {a.warmup}; {"compiled" if a.compile else "eager"}')
    print(f"{'model':28s} {'precision':9s} {'wrapper':7s} {'tokens/s':>10s} {'MFU':>6s}")
    with tempfile.TemporaryDirectory() as out:
        for label, base in models(a.smoke).items():
            if not any(label.startswith(m) for m in a.models.split(',')):
                continue
            for fp8 in [p == 'float8' for p in a.precisions.split(',')]:
                if fp8 and not fp8_ok:
                    print(f'{label:28s} {"float8":9s} skipped: needs a GPU of compute capability 8.9 or more')
                    continue
                for wrapper in a.wrappers.split(','):
                    cfg = base.replace(device=device, fp8=fp8, parallel=wrapper, compile=False, out_dir=out)
                    t = Trainer(cfg, progress=False, overwrite=True)
                    t.parallel = PARALLEL[wrapper](t)
                    t.train_model = t.parallel.wrap()
                    if a.compile:
                        torch._dynamo.reset()  # a fresh compile for each configuration
                        t.train_model = torch.compile(t.train_model)
                    tps = tokens_per_second(t, a.steps, a.warmup, a.rounds)
                    peak = datasheet_peak(name, fp8) if device == 'cuda' else None
                    mfu = f'{t.flops_per_token * tps / peak:6.1%}' if peak else '     -'
                    precision = 'float8' if fp8 else 'bf16' if t.dtype == torch.bfloat16 else str(t.dtype)
                    print(f'{label:28s} {precision:9s} {wrapper:7s} {tps:10,.0f} {mfu}')
                    del t
                    if device == 'cuda':
                        torch.cuda.empty_cache()
    dist.destroy_process_group()
    os.unlink(store)


if __name__ == '__main__':
    main()
