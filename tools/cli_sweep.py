"""Bad input at every gmlab command line: each case must end in one clean `error:` line, never a Python traceback.

    python tools/cli_sweep.py              # run every case; exit 1 if any fails
    python tools/cli_sweep.py --markdown   # also print the table of cases and what the user sees
    python tools/cli_sweep.py --write assets/cli_errors.md   # record that table

A case is a shell command (placeholders: {ckpt} a finished tiny-preset checkpoint with optimizer and training state,
{data} a prepared default data directory, {tmp} a fresh empty directory of its own), `|||`, and a piece of text the
error line must contain. A case that starts with `ok:` must succeed instead (exit status 0, no traceback). A long case
continues on the next line after a trailing backslash, as in a shell script.
"""

import argparse, os, re, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CASES = r"""
# gmlab-prepare
mkdir -p {tmp}/x/notes && echo mine > {tmp}/x/notes/n.md && seq -f 'line %g of the corpus' 1 300 | sed G > \
    {tmp}/x/corpus.txt && gmlab-prepare --corpus {tmp}/x/corpus.txt --data_dir {tmp}/x --vocab_size 300 ||| is not a \
    gmlab data directory
mkdir -p {tmp}/x && echo mine > {tmp}/x/n.md && seq -f 'line %g of the corpus' 1 300 | sed G > {tmp}/c.txt && \
    gmlab-prepare --corpus {tmp}/c.txt --data_dir {tmp}/x --vocab_size 300 --force ||| choose an empty or new directory
mkdir -p {tmp}/x && echo mine > {tmp}/x/n.md && gmlab-prepare --data_dir {tmp}/x ||| (it has no GMLAB_DATA_DIR file)
seq -f 'line %g of the corpus' 1 300 | sed G > {tmp}/c.txt && gmlab-prepare --corpus {tmp}/c.txt --data_dir {tmp}/d \
    --vocab_size 300 --quiet && echo mine > {tmp}/d/mine.txt && rm {tmp}/d/meta.json && gmlab-prepare --corpus \
    {tmp}/c.txt --data_dir {tmp}/d --vocab_size 300 ||| also holds files gmlab did not write (mine.txt)
ok: seq -f 'line %g of the corpus' 1 300 | sed G > {tmp}/c.txt && gmlab-prepare --corpus {tmp}/c.txt --data_dir \
    {tmp}/d --vocab_size 300 --quiet && truncate -s -64 {tmp}/d/train_000000.bin && gmlab-prepare --corpus \
    {tmp}/c.txt --data_dir {tmp}/d --vocab_size 300 | grep rebuilding > /dev/null |||
cp -r {data} {tmp}/d && gmlab-prepare --data_dir {tmp}/d --vocab_size 4096 ||| prepared with other settings \
    (vocab_size: 8192 there, 4096 now)
seq -f 'line %g of the corpus' 1 300 | sed G > {tmp}/c.txt && gmlab-prepare --corpus {tmp}/c.txt --data_dir {tmp}/d \
    --vocab_size 300 --quiet && echo more >> {tmp}/c.txt && gmlab-prepare --corpus {tmp}/c.txt --data_dir {tmp}/d \
    --vocab_size 300 ||| changed since
printf 'caf\xe9\n' > {tmp}/c.txt && gmlab-prepare --corpus {tmp}/c.txt --data_dir {tmp}/d ||| is not UTF-8 text (byte \
    0xe9 at offset 3)
printf '{{"text": 1\n' > {tmp}/c.jsonl && gmlab-prepare --corpus {tmp}/c.jsonl --data_dir {tmp}/d ||| cannot read it \
    as json data
gmlab-prepare --corpus {tmp}/missing.txt --data_dir {tmp}/d ||| no file or directory at
HF_HUB_OFFLINE=1 gmlab-prepare --corpus my_corpus_typo --data_dir {tmp}/d ||| 'my_corpus_typo' is not a local file or \
    directory
gmlab-prepare --corpus /dev/zero --data_dir {tmp}/d ||| not a regular file
gmlab-prepare --data_dir /dev/null ||| is a file, not a directory
gmlab-prepare --corpus '' ||| DataConfig.corpus is empty
gmlab-prepare --max_docs -1 ||| must be >= 0
gmlab-prepare --tokenizer_chars 0 ||| must be positive
gmlab-prepare --vocab_size 100 --data_dir {tmp}/d ||| use at least 263
gmlab-prepare --val_frac 1 ||| must be in [0, 1)
seq -f 'line %g of the corpus' 1 300 | sed G > {tmp}/c.txt && gmlab-prepare --corpus {tmp}/c.txt --data_dir {tmp}/d \
    --val_frac 0 --vocab_size 300 ||| gave no val documents
cp -r {data} {tmp}/d && rm {tmp}/d/meta.json {tmp}/d/GMLAB_DATA_DIR && gmlab-prepare --data_dir {tmp}/d ||| is not a \
    gmlab data directory
gmlab-prepare --tokenizer gpt-17 --data_dir {tmp}/d ||| unknown tiktoken encoding
mkdir -p {tmp}/x && echo mine > {tmp}/x/mine.txt && gmlab-train --preset tiny --data_dir {tmp}/x --out_dir {tmp}/r \
    ||| is not a gmlab data directory
# gmlab-sample
gmlab-sample {ckpt} --top_p 2  ||| --top_p 2.0 must be in (0, 1]
gmlab-sample {ckpt} --top_p 0  ||| --top_p 0.0 must be in (0, 1]
gmlab-sample {ckpt} --top_p nan  ||| --top_p nan must be in (0, 1]
gmlab-sample {ckpt} --temperature -1  ||| need a finite temperature >= 0
gmlab-sample {ckpt} --temperature nan  ||| need a finite temperature >= 0
gmlab-sample {ckpt} --temperature inf  ||| need a finite temperature >= 0
gmlab-sample {ckpt} --top_k -1  ||| need a whole number top_k >= 0
gmlab-sample {ckpt} --top_k 2.5  ||| invalid int value
gmlab-sample {ckpt} --max_new_tokens -1  ||| need a whole number max_new_tokens >= 0
gmlab-sample {ckpt} --max_new_tokens 100000000000  ||| lower max_new_tokens
gmlab-sample {ckpt} --n 0  ||| need at least 1 sample
gmlab-sample {ckpt} --seed 18446744073709551616  ||| --seed 18446744073709551616 is out of range
gmlab-sample {ckpt} --device tpu  ||| is not a device torch knows
gmlab-sample {ckpt} --device cuda  ||| no CUDA GPU
gmlab-sample {ckpt} --prompt "$(python -c 'print(" x" * 5000)')"  ||| this model was made for (max_seq_len)
gmlab-sample {tmp}/nowhere  ||| no such checkpoint directory
gmlab-sample {tmp}  ||| is not a gmlab checkpoint (no config.json)
touch {tmp}/f && gmlab-sample {tmp}/f  ||| is a file, not a checkpoint directory
cp -r {ckpt} {tmp}/c && rm {tmp}/c/model.safetensors && mkfifo {tmp}/c/model.safetensors && gmlab-sample {tmp}/c  ||| \
    this weights file is not a regular file
cp -r {ckpt} {tmp}/c && rm {tmp}/c/state.json && ln -s /dev/zero {tmp}/c/state.json && gmlab-sample {tmp}/c  ||| this \
    training state is not a regular file
cp -r {ckpt} {tmp}/c && rm {tmp}/c/tokenizer.bpe && mkfifo {tmp}/c/tokenizer.bpe && gmlab-sample {tmp}/c  ||| this \
    tokenizer file is not a regular file
cp -r {ckpt} {tmp}/c && rm {tmp}/c/config.json && mkfifo {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| this \
    checkpoint config is not a regular file
cp -r {ckpt} {tmp}/c && printf '[1, 2]' > {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| is not a gmlab checkpoint \
    config
cp -r {ckpt} {tmp}/c && printf '{{"format": "gmlab-checkpoint"' > {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| is \
    not valid JSON
cp -r {ckpt} {tmp}/c && sed -i 's/"version": 1,/"version": "1",/' {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| \
    'version' is '1', not a whole number
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); del c['model']; json.dump(c, \
    open(p, 'w'))" {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| has no 'model' entry
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); c['model']=[1]; json.dump(c, \
    open(p, 'w'))" {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| 'model' is a list, not an object
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); \
    c['model']['d_model']='wide'; json.dump(c, open(p, 'w'))" {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| \
    GPTConfig.d_model expects int
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); c['tied']=[1]; json.dump(c, \
    open(p, 'w'))" {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| 'tied' is a list, not an object
cp -r {ckpt} {tmp}/c && python -c "print('[' * 100000 + ']' * 100000)" > {tmp}/c/config.json && gmlab-sample \
    {tmp}/c  ||| nested too deeply
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); c['version']=99; \
    json.dump(c, open(p, 'w'))" {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| format version 99
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); \
    c['model']['vocab_size']=10**8; json.dump(c, open(p, 'w'))" {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| but \
    the model expects (100000000,
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); \
    c['model']['n_layers']=10**8; json.dump(c, open(p, 'w'))" {tmp}/c/config.json && gmlab-sample {tmp}/c  ||| \
    n_layers=100000000 cannot fit model.safetensors
cp -r {ckpt} {tmp}/c && python -c "import sys; p=sys.argv[1]; b=bytearray(open(p, 'rb').read()); b[-1] ^= 1; open(p, \
    'wb').write(b)" {tmp}/c/model.safetensors && gmlab-sample {tmp}/c  ||| model.safetensors is damaged: its sha256 \
    differs
cp -r {ckpt} {tmp}/c && python -c "import sys, torch; from safetensors.torch import load_file, save_file; \
    p=sys.argv[1]; save_file({{k: v.to(torch.int32) for k, v in load_file(p).items()}}, p)" {tmp}/c/model.safetensors \
    && gmlab-sample {tmp}/c  ||| which a torch.float32 parameter cannot hold
cp -r {ckpt} {tmp}/c && head -c 100 {ckpt}/model.safetensors > {tmp}/c/model.safetensors && gmlab-sample {tmp}/c  ||| \
    cannot read the weights
cp -r {ckpt} {tmp}/c && sed -i '2s/^/x/' {tmp}/c/tokenizer.bpe && gmlab-sample {tmp}/c  ||| tokenizer.bpe is damaged
cp -r {ckpt} {tmp}/c && rm {tmp}/c/model.safetensors && gmlab-sample {tmp}/c  ||| model.safetensors is missing
cp -r {ckpt} {tmp}/c && printf '[1]' > {tmp}/c/state.json && gmlab-sample {tmp}/c  ||| state.json is damaged
ok: cp -r {ckpt} {tmp}/c && rm {tmp}/c/optimizer.json && gmlab-sample {tmp}/c --max_new_tokens 5 |||
# gmlab-train
gmlab-train --config {tmp}/missing.json ||| no such config file
printf '{{"max_steps": "x"}}' > {tmp}/c.json && gmlab-train --config {tmp}/c.json ||| c.json: TrainConfig.max_steps \
    expects int
printf '{{"lr": ' > {tmp}/c.json && gmlab-train --config {tmp}/c.json ||| is not valid JSON
gmlab-train --preset huge ||| unknown preset 'huge'
gmlab-train --preset tiny --out_dir {tmp}/r --lr nan ||| is not a finite number
gmlab-train --preset tiny --device cpu --out_dir {tmp}/r --fp8 true ||| needs a CUDA GPU with float8 matmuls
gmlab-train --preset tiny --out_dir {tmp}/r --sharded_checkpoints true ||| sharded_checkpoints=True needs parallel
gmlab-train --preset tiny --out_dir {tmp}/r --lr inf ||| is not a finite number
gmlab-train --preset tiny --out_dir {tmp}/r --grad_clip nan ||| is not a finite number
gmlab-train --preset tiny --out_dir {tmp}/r --time_limit nan ||| is not a finite number
gmlab-train --preset tiny --out_dir {tmp}/r --lr 1e38 ||| must be in (0, 10.0]
gmlab-train --preset tiny --out_dir {tmp}/r --muon_lr -1 ||| must be in [0, 10.0]
gmlab-train --preset tiny --out_dir {tmp}/r --beta2 1 ||| must be in [0, 1)
gmlab-train --preset tiny --out_dir {tmp}/r --device tpu ||| is not a device torch knows
gmlab-train --preset tiny --out_dir {tmp}/r --device cuda:7 ||| use device='cpu' or 'auto'
gmlab-train --preset tiny --out_dir {tmp}/r --seq_len 200000 ||| is too long for
gmlab-train --preset tiny --out_dir {tmp}/r --samples -1 ||| must be >= 0
gmlab-train --preset tiny --out_dir {tmp}/r --compile maybe ||| cannot read 'maybe' as bool or 'auto'
cp -r {ckpt}/.. {tmp}/run && gmlab-train --preset tiny --max_steps 6 --warmup_steps 0 --out_dir {tmp}/run ||| already \
    holds a run
mkdir -p {tmp}/run/final && echo mine > {tmp}/run/final/notes.txt && gmlab-train --preset tiny --out_dir {tmp}/run \
    --overwrite ||| is not a gmlab checkpoint
cp -r {ckpt} {tmp}/c && gmlab-train --resume {tmp}/c ||| is not inside a gmlab run directory
gmlab-train --resume {tmp}/nothing --out_dir {tmp}/r ||| no such checkpoint directory
gmlab-train --resume {ckpt} --out_dir {tmp}/r --optimizer muon ||| its optimizer state does not fit this run
cp -r {ckpt} {tmp}/c && python -c "import json,sys; p=sys.argv[1]; d=json.load(open(p)); d['train']['lr']=-1; \
    json.dump(d,open(p,'w'))" {tmp}/c/config.json && gmlab-train --resume {tmp}/c --out_dir {tmp}/r ||| config.json: \
    TrainConfig.lr=-1.0 must be in (0, 10.0]
cp -r {ckpt}/.. {tmp}/run && python -c "import json,sys; p=sys.argv[1]; d=json.load(open(p+'/state.json')); \
    d['step']=-100; json.dump(d,open(p+'/state.json','w')); c=json.load(open(p+'/config.json')); \
    c['files'].pop('state.json'); json.dump(c,open(p+'/config.json','w'))" {tmp}/run/final && gmlab-train --resume \
    {tmp}/run/final ||| 'step' is -100, not a whole number >= 0
cp -r {ckpt}/.. {tmp}/run && python -c "import json,sys; p=sys.argv[1]; d=json.load(open(p+'/state.json')); \
    d.pop('loader'); json.dump(d,open(p+'/state.json','w')); c=json.load(open(p+'/config.json')); \
    c['files'].pop('state.json'); json.dump(c,open(p+'/config.json','w'))" {tmp}/run/final && gmlab-train --resume \
    {tmp}/run/final ||| 'loader' missing
cp -r {ckpt}/.. {tmp}/run && rm {tmp}/run/final/state.json && python -c "import json,sys; p=sys.argv[1]; \
    c=json.load(open(p+'/config.json')); c['files'].pop('state.json'); json.dump(c,open(p+'/config.json','w'))" \
    {tmp}/run/final && gmlab-train --resume {tmp}/run/final ||| has no training state
# gmlab-sft
gmlab-sft --task chess --out_dir {tmp}/o ||| choose one of: addition, multiplication, countdown, sort
gmlab-sft --preset chess --out_dir {tmp}/o ||| unknown SFT preset 'chess'; choose one of: addition
gmlab-sft --lr 0 --out_dir {tmp}/o ||| lr=0.0 must be in (0, 10.0]
gmlab-sft --lr nan --out_dir {tmp}/o ||| not a finite number
gmlab-sft --min_lr_frac 2 --out_dir {tmp}/o ||| must be in [0, 1]
gmlab-sft --cooldown_frac 0 --out_dir {tmp}/o ||| must be in (0, 1]
gmlab-sft --grad_clip -1 --out_dir {tmp}/o ||| grad_clip=-1.0 must be >= 0
gmlab-sft --weight_decay -0.1 --out_dir {tmp}/o ||| weight_decay=-0.1 must be >= 0
gmlab-sft --batch_size 0 --out_dir {tmp}/o ||| batch_size=0 must be at least 1
gmlab-sft --max_steps 0 --out_dir {tmp}/o ||| max_steps=0 must be at least 1
gmlab-sft --eval_every 0 --out_dir {tmp}/o ||| eval_every=0 must be at least 1
gmlab-sft --warmup_steps 5000 --out_dir {tmp}/o ||| must be in [0, max_steps=800)
gmlab-sft --seed -1 --out_dir {tmp}/o ||| must be in [0, 2**32)
gmlab-sft --eval_n 501 --out_dir {tmp}/o ||| more than the 500 held-out problems
gmlab-sft --out_dir '' ||| out_dir is empty
gmlab-sft --max_seq_len 8 --out_dir {tmp}/o ||| raise --model.max_seq_len to at least
gmlab-sft --task countdown --model.max_seq_len 16 --out_dir {tmp}/o ||| raise --model.max_seq_len to at least
gmlab-sft --init {tmp}/nothing --out_dir {tmp}/o ||| does not exist
gmlab-sft --init {ckpt} --model.n_layers 1 --out_dir {tmp}/o ||| model.n_layers=1 (the checkpoint has
gmlab-sft --init {ckpt} --model.d_model 512 --model.n_heads 8 --out_dir {tmp}/o ||| model.d_model=512
mkdir {tmp}/mine && echo notes > {tmp}/mine/notes.txt && gmlab-sft --max_steps 2 --warmup_steps 0 --out_dir \
    {tmp}/mine ||| is not a gmlab checkpoint
echo x > {tmp}/f && gmlab-sft --max_steps 2 --warmup_steps 0 --out_dir {tmp}/f ||| is a file, not a checkpoint directory
ln -s {ckpt} {tmp}/link && gmlab-sft --max_steps 2 --warmup_steps 0 --out_dir {tmp}/link ||| is a symbolic link
cp -r {ckpt} {tmp}/ck && echo notes > {tmp}/ck/notes.txt && gmlab-sft --max_steps 2 --warmup_steps 0 --out_dir \
    {tmp}/ck ||| but also holds notes.txt
gmlab-sft --init {data} --out_dir {tmp}/o ||| not a gmlab checkpoint
# gmlab-exercises
gmlab-exercises ||| give a directory to write the copies to
gmlab-exercises {tmp}/x ropes ||| no notebook 'ropes': choose from 00_core
touch {tmp}/f && gmlab-exercises {tmp}/f 02 ||| is a file: give a directory
ok: gmlab-exercises {tmp}/x 02 && echo mine > {tmp}/x/nbs/02_rope.ipynb && gmlab-exercises {tmp}/x 02 rope | grep \
    kept > /dev/null && grep -q mine {tmp}/x/nbs/02_rope.ipynb |||
ok: gmlab-exercises --list > /dev/null |||
gmlab-exercises --check ||| give the exercise copies to check
gmlab-exercises --check {tmp}/none.ipynb ||| is not a file: give the path of an exercise copy
ok: gmlab-exercises {tmp}/x 02 > /dev/null && gmlab-exercises --check {tmp}/x/nbs/02_rope.ipynb | grep 'not started' \
    > /dev/null |||
# gmlab-grpo
gmlab-grpo --init {tmp}/nothing --out_dir {tmp}/o ||| does not exist: run `gmlab-sft --preset addition` first
gmlab-grpo --preset chess --out_dir {tmp}/o ||| unknown GRPO preset 'chess'; choose one of: addition
gmlab-grpo --task chess --out_dir {tmp}/o ||| choose one of: addition, multiplication, countdown, sort
gmlab-grpo --group_size 1 --out_dir {tmp}/o ||| a group needs at least 2 answers
gmlab-grpo --temperature 0 --out_dir {tmp}/o ||| must be > 0
gmlab-grpo --temperature inf --out_dir {tmp}/o ||| not a finite number
gmlab-grpo --eps_low 1 --out_dir {tmp}/o ||| eps_low=1.0 must be in (0, 1)
gmlab-grpo --eps_low 0 --out_dir {tmp}/o ||| eps_low=0.0 must be in (0, 1)
gmlab-grpo --eps_high 0 --out_dir {tmp}/o ||| eps_high=0.0 must be positive
gmlab-grpo --beta -0.1 --out_dir {tmp}/o ||| beta=-0.1 must be >= 0
gmlab-grpo --max_new_tokens -1 --out_dir {tmp}/o ||| max_new_tokens=-1 must be >= 0
gmlab-grpo --format_weight -1 --out_dir {tmp}/o ||| format_weight=-1.0 must be >= 0
gmlab-grpo --prompts_per_step 0 --out_dir {tmp}/o ||| prompts_per_step=0 must be at least 1
gmlab-grpo --inner_updates 0 --out_dir {tmp}/o ||| inner_updates=0 must be at least 1
gmlab-grpo --max_steps 0 --out_dir {tmp}/o ||| max_steps=0 must be at least 1
gmlab-grpo --lr=-1e-4 --out_dir {tmp}/o ||| lr=-0.0001 must be in (0, 10.0]
gmlab-grpo --min_lr_frac -0.5 --out_dir {tmp}/o ||| must be in [0, 1]
gmlab-grpo --seed 4294967296 --out_dir {tmp}/o ||| must be in [0, 2**32)
gmlab-grpo --eval_n 501 --out_dir {tmp}/o ||| more than the 500 held-out problems
gmlab-grpo --init '' --out_dir {tmp}/o ||| init is empty
gmlab-grpo --loss_type ppo --out_dir {tmp}/o ||| choose one of
mkdir {tmp}/mine && echo notes > {tmp}/mine/notes.txt && gmlab-grpo --init {ckpt} --out_dir {tmp}/mine ||| is not a \
    gmlab checkpoint
cp -r {ckpt} {tmp}/ck && echo notes > {tmp}/ck/notes.txt && gmlab-grpo --init {ckpt} --out_dir {tmp}/ck ||| but also \
    holds notes.txt
gmlab-grpo --init {ckpt} --max_new_tokens 100000 --out_dir {tmp}/o ||| lower --max_new_tokens to at most
gmlab-grpo --init {data} --out_dir {tmp}/o ||| not a gmlab checkpoint
# gmlab-consolidate
gmlab-consolidate {tmp}/missing ||| is not a gmlab checkpoint (no config.json)
gmlab-consolidate {ckpt} ||| is a whole checkpoint already
# gmlab-speedrun
gmlab-speedrun --preset tiny --seeds 2 --against nope --records {tmp}/r.json ||| unknown record 'nope'
printf '[1]' > {tmp}/t.json && gmlab-speedrun --preset tiny --seeds 2 --against tiny --records {tmp}/t.json ||| is \
    not a speedrun records table
gmlab-speedrun --preset tiny --budget '5 minutes' ||| write a positive time such as 300s, 5m or 1.5h
gmlab-speedrun --preset tiny --seeds 1 --against tiny ||| --against needs at least 2
gmlab-speedrun --preset tiny --seeds 0 ||| need at least 1
gmlab-speedrun --preset tiny --seed 3 ||| use --seeds N
gmlab-speedrun --preset tiny --time_limit 60 ||| use --budget
gmlab-speedrun --preset tiny --tokens -5 ||| must be >= 0
gmlab-speedrun --preset tiny --tokens 1000 --out_dir {tmp}/o ||| raise --tokens or lower --warmup_steps
gmlab-speedrun --preset tiny --val_seq_len 1 ||| must be a whole number >= 2
gmlab-speedrun --preset tiny --tokens 4096 --val_seq_len 4096 --out_dir {tmp}/o ||| lower --val_seq_len
gmlab-speedrun --preset huge ||| unknown preset 'huge'
printf '{{"records": [{{"name": "r0", "recipe": {{"name": "r0", "preset": "tiny", "overrides": {{}}}}, "track": \
    {{"budget_s": 0.0, "tokens": 2048, "val_tokens": 262144, "val_seq_len": 256, "data": {{}}}}}}]}}' \
    > {tmp}/t.json && gmlab-speedrun --preset tiny --tokens 2048 --record --records {tmp}/t.json ||| run against \
    it (--against r0)
printf '{{"preset": "tiny"}}' > {tmp}/r.json && gmlab-speedrun --config {tmp}/r.json ||| a recipe file holds
ok: gmlab-speedrun --preset tiny --tokens 2048 --warmup_steps 1 --seeds 1 --val_tokens 1024 --val_seq_len 64 \
    --data_dir {data} --out_dir {tmp}/o --no_progress |||
gmlab-speedrun --preset tiny --tokens 2048 --warmup_steps 1 --seeds 1 --val_tokens 1024 --val_seq_len 64 \
    --data_dir {data} --out_dir {tmp}/o --no_progress > /dev/null && gmlab-speedrun --preset tiny --tokens 2048 \
    --warmup_steps 1 --seeds 1 --val_tokens 1024 --val_seq_len 64 --data_dir {data} --out_dir {tmp}/o \
    ||| already holds the runs tiny-custom-s0
ok: seq -f 'line %g of the corpus' 1 3000 | sed G > {tmp}/c.txt && gmlab-prepare --corpus {tmp}/c.txt --data_dir \
    {tmp}/d --vocab_size 300 --quiet && gmlab-speedrun --preset tiny --tokens 2048 --warmup_steps 1 --seeds 1 \
    --val_tokens 512 --val_seq_len 32 --data_dir {tmp}/d --out_dir {tmp}/o --no_progress |||
# more cases across the commands
gmlab-train --preset tiny --muon_normuon true --out_dir {tmp}/r ||| set optimizer='muon'
gmlab-train --preset tiny --cautious_wd true --out_dir {tmp}/r ||| set optimizer='muon'
gmlab-train --preset tiny --optimizer muon --muon_normuon_beta2 1 --out_dir {tmp}/r ||| must be in [0, 1)
gmlab-train --preset tiny --seed -1 --out_dir {tmp}/r ||| must be in [0, 2**32)
printf x > {tmp}/f && gmlab-train --preset tiny --out_dir {tmp}/f ||| is a file, not a directory
mkdir -p {tmp}/r && echo hi > {tmp}/r/log.jsonl && gmlab-train --preset tiny --out_dir {tmp}/r --overwrite ||| is not \
    a gmlab training log
mkdir -p {tmp}/o/final && echo n > {tmp}/o/final/notes.txt && gmlab-train --preset tiny --out_dir {tmp}/o --overwrite \
    ||| exists and is not a gmlab checkpoint
mkdir -p {tmp}/o && ln -s {ckpt} {tmp}/o/latest && gmlab-train --preset tiny --out_dir {tmp}/o --overwrite ||| is a \
    symbolic link
printf '{{"text": 5}}\n' > {tmp}/n.jsonl && gmlab-prepare --corpus {tmp}/n.jsonl --data_dir {tmp}/d --vocab_size 300 \
    ||| not text
gmlab-prepare --shard_tokens 1000000000000 --data_dir {tmp}/d ||| must be in [1, 2**31)
gmlab-sft --lr 1e38 --out_dir {tmp}/s ||| must be in (0, 10.0]
gmlab-grpo --init {ckpt} --lr 1e38 --out_dir {tmp}/g ||| must be in (0, 10.0]
"""


def parse(text: str) -> list[tuple[str, str, bool]]:
    cases = []
    # a line ending in a backslash continues on the next one, as in a shell script
    text = re.sub(r' \\\n +', ' ', text)
    for line in text.strip().splitlines():
        if not line.strip() or line.startswith('#'):
            continue
        cmd, _, want = (s.strip() for s in line.partition('|||'))
        ok = cmd.startswith('ok:')
        cases.append((cmd[3:].strip() if ok else cmd, want, ok))
    return cases


def fixtures(root: Path, env: dict) -> dict:
    "A prepared data directory and a finished tiny checkpoint, made once for all cases."
    data, run = root / 'data', root / 'run'
    subprocess.run(['gmlab-prepare', '--data_dir', str(data)], check=True, env=env, capture_output=True)
    subprocess.run(
        [
            'gmlab-train',
            '--preset',
            'tiny',
            '--max_steps',
            '4',
            '--warmup_steps',
            '0',
            '--eval_every',
            '2',
            '--samples',
            '0',
            '--no_progress',
            '--data_dir',
            str(data),
            '--out_dir',
            str(run),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return {'data': str(data), 'ckpt': str(run / 'final')}


def run_case(case, places: dict, root: Path, i: int, env: dict, timeout: float) -> dict:
    cmd, want, ok = case
    tmp = root / f'case{i}'
    tmp.mkdir()
    shell = cmd.format(tmp=tmp, **places)
    t0 = time.time()
    try:
        p = subprocess.run(
            ['bash', '-c', shell], capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL
        )
        out, code = p.stdout + p.stderr, p.returncode
    except subprocess.TimeoutExpired:
        out, code = f'(no answer in {timeout:.0f} s)', None
    errors = [l for l in out.splitlines() if re.match(r'^(\S+: )?error: ', l)]
    problems = []
    if code is None:
        problems.append('hung')
    if 'Traceback (most recent call last)' in out:
        problems.append('traceback')
    if ok and code != 0:
        problems.append(f'exit {code}, expected success')
    if not ok and code == 0:
        problems.append('exit 0, expected an error')
    if not ok and code not in (0, None) and not errors:
        problems.append(f'exit {code} without an error: line')
    if not ok and errors and want.lower() not in ' '.join(errors).lower():
        problems.append(f'error line lacks {want!r}')
    return dict(
        cmd=cmd,
        shown=errors[-1] if errors else ('(succeeds)' if code == 0 else out.strip()[-300:]),
        code=code,
        problems=problems,
        seconds=time.time() - t0,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--markdown', action='store_true', help='print the table of cases and what the user sees')
    ap.add_argument('--write', help='write the table to this markdown file')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('-k', default='', help='only cases whose command contains this text')
    a = ap.parse_args()
    cases = [c for c in parse(CASES) if a.k in c[0]]
    root = Path(tempfile.mkdtemp(prefix='gmlab-sweep-'))
    env = dict(os.environ, GMLAB_HOME=str(root / 'home'), GMLAB_THREADS='1', PYTHONWARNINGS='ignore')
    try:
        places = fixtures(root, env)
        with ThreadPoolExecutor(a.jobs) as ex:
            results = list(ex.map(lambda ic: run_case(ic[1], places, root, ic[0], env, a.timeout), enumerate(cases)))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    bad = [r for r in results if r['problems']]
    for r in bad:
        print(f"FAIL {r['cmd']}\n     {'; '.join(r['problems'])}\n     saw: {r['shown']}")
    rows = ['| command | what the user sees |', '|---|---|']
    for r in results:
        cmd = r['cmd'].replace('{{', '{').replace('}}', '}').replace('|', '\\|')  # as the shell ran it
        shown = r['shown'].replace('|', '\\|').replace(str(root), '…')
        rows.append(f'| `{cmd}` | `{shown}` |')
    if a.markdown:
        print('\n'.join(rows))
    if a.write:
        head = [
            '# Bad input at the command line',
            '',
            'What a user sees for each case of `tools/cli_sweep.py` (written by `python tools/cli_sweep.py --write '
            f'{a.write}`). Placeholders: `{{ckpt}}` a finished tiny checkpoint, `{{data}}` a prepared data '
            'directory, '
            '`{tmp}` an empty directory; `…` stands for the temporary directory the sweep ran in.',
            '',
        ]
        Path(a.write).write_text('\n'.join(head + rows) + '\n')
    print(f'sweep: {len(results) - len(bad)} passed, {len(bad)} failed')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
