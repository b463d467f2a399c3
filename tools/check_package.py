"""Build gmlab's sdist and wheel from a clean copy of the repository, install the wheel into a fresh virtualenv and
smoke-test it from a directory outside the repository. Run by hand (it downloads torch where no local copy exists);
CI runs it with `--inherit` (quick: the new virtualenv sees the packages already installed, so only gmlab's wheel goes
in, with its requirements checked against them).

    python tools/check_package.py                                   # the Python running this script
    python tools/check_package.py --python ~/.pyenv/versions/3.10.13/bin/python \\
        --python ~/.pyenv/versions/3.13.0/bin/python                # the oldest and newest supported Pythons
    python tools/check_package.py --keep /tmp/pkgcheck              # keep the build and the virtualenvs there
    python tools/check_package.py --inherit                         # as CI: no downloads but the build's own

Steps: (1) copy the files git tracks, as they are in the working tree, to a scratch directory (no build outputs, no
virtualenv); (2) `python -m build` there: the sdist, then the wheel built from the unpacked sdist, so a file the sdist
lacks fails the build; (3) check what both contain; (4) for each `--python`: a fresh virtualenv, `pip install
torch==TORCH` first (as README.md says), then the wheel with its requirements (each step timed), then the smoke test:
import gmlab, a forward and backward pass of a tiny model, `gmlab-train --help`, `gmlab-prepare` on a small corpus and
`gmlab-train` for a few steps on it, all in an empty directory.
"""

import argparse, ast, configparser, glob, os, re, shlex, shutil, subprocess, sys, tarfile, tempfile, time, zipfile
import importlib.metadata as md
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SMOKE = r"""
import sys, torch, gmlab
from pathlib import Path
where = Path(gmlab.__file__).resolve()
assert 'site-packages' in where.parts, f'gmlab imported from {where}, not from the installed wheel'
from gmlab.model import GPT, GPTConfig
from gmlab.exercises import COURSE_FILES
torch.manual_seed(0)
m = GPT(GPTConfig(vocab_size=256, n_layers=2, d_model=64, n_heads=2))
x = torch.randint(0, 256, (2, 33))
loss = m(x[:, :-1], x[:, 1:])
loss.backward()
assert torch.isfinite(loss) and all(p.grad is not None for p in m.parameters() if p.requires_grad)
course = where.parent / '_course'
assert len(list((course / 'nbs').glob('*.ipynb'))) > 30, 'the notebooks are missing from gmlab/_course'
print(f'python {sys.version.split()[0]}, torch {torch.__version__}, gmlab {gmlab.__version__}: '
      f'loss {loss.item():.3f}, backward ok; {len(list(course.rglob("*")))} course files')
"""


def run(cmd, what, cwd=None, env=None, capture=False):
    "Run `cmd`; print how long it took; stop with its output if it fails."
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if r.returncode:
        sys.exit(
            f'FAIL: {what} (exit {r.returncode}, {dt:.0f} s): {" ".join(map(str, cmd))}\n{r.stdout[-4000:]}'
            f'\n{r.stderr[-4000:]}'
        )
    print(f'  {what}: {dt:.1f} s')
    return r.stdout if capture else dt


def clean_copy(dest: Path) -> Path:
    "The files git tracks, as they are in the working tree, copied to `dest`."
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, check=True).stdout.split(b'\0')
    for f in filter(None, files):
        src = ROOT / f.decode()
        if src.is_file():
            (dest / f.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f.decode())
    return dest


def check_contents(sdist: Path, wheel: Path):
    "What the sdist needs to build the wheel, and what the wheel needs to run and to hand out the course."
    cfg = configparser.ConfigParser(delimiters=['='])
    cfg.read(ROOT / 'settings.ini')
    cfg = cfg['DEFAULT']
    n_nbs = len(list((ROOT / 'nbs').glob('*.ipynb')))
    with tarfile.open(sdist) as t:
        names = {n.split('/', 1)[1] for n in t.getnames() if '/' in n}
    need = ['setup.py', 'pyproject.toml', 'settings.ini', 'README.md', 'LICENSE', 'MANIFEST.in', 'gmlab/__init__.py']
    missing = [n for n in need if n not in names]
    for pattern in ('nbs/*.ipynb', 'assets/*.json', 'assets/figures/*.png', 'bench/*.py'):
        want = {str(p.relative_to(ROOT)) for p in ROOT.glob(pattern)}
        missing += sorted(want - names)
    if missing:
        sys.exit(f'FAIL: the sdist lacks {missing[:10]}')
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(next(n for n in names if n.endswith('.dist-info/METADATA'))).decode()
        entry = z.read(next(n for n in names if n.endswith('.dist-info/entry_points.txt'))).decode()
    course_nbs = [n for n in names if n.startswith('gmlab/_course/nbs/') and n.endswith('.ipynb')]
    problems = []
    if len(course_nbs) != n_nbs:
        problems.append(f'gmlab/_course/nbs holds {len(course_nbs)} notebooks, nbs/ {n_nbs}')
    for n in ('gmlab/__init__.py', 'gmlab/_modidx.py', 'gmlab/train.py', 'gmlab/_course/assets/figures'):
        if not any(x.startswith(n) for x in names):
            problems.append(f'{n} is missing')
    for script in cfg['console_scripts'].split():
        if script.split('=')[0] not in entry:
            problems.append(f'entry point {script} is missing')
    extras = ['dev'] + [k.removeprefix('extra_') for k in cfg if k.startswith('extra_')]
    for extra in extras:
        if f'Provides-Extra: {extra}' not in meta:
            problems.append(f'extra [{extra}] is missing')
    if any(n.startswith(('nbs/', 'tools/', '.ci/')) or '__pycache__' in n for n in names):
        problems.append('the wheel holds files outside the package')
    if problems:
        sys.exit('FAIL: ' + '; '.join(problems))
    size = wheel.stat().st_size / 1e6
    print(
        f'  contents ok: sdist {sdist.stat().st_size / 1e6:.1f} MB; wheel {size:.1f} MB, {len(names)} files '
        f'({len(course_nbs)} notebooks in gmlab/_course), extras {", ".join(extras)}'
    )


def site_packages(python: str) -> str:
    return subprocess.run(
        [python, '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], capture_output=True, text=True
    ).stdout.strip()


def _name(requirement: str) -> str:
    "A requirement's distribution name, normalised (PEP 503): 'transformer-lens>=4,<5' -> 'transformer-lens'."
    return re.sub(r'[-_.]+', '-', re.match(r'[A-Za-z0-9_.-]+', requirement)[0]).lower()


def check_requirements():
    """The runtime requirements are what gmlab/ imports: every module imported at the top of a module belongs to one
    of them, every import inside a function to one of them, an extra, or a package one of those depends on; and every
    runtime requirement is imported somewhere."""
    cfg = configparser.ConfigParser(delimiters=['='])
    cfg.read(ROOT / 'settings.ini', encoding='utf-8')
    cfg = cfg['DEFAULT']
    runtime = {_name(r) for r in shlex.split(cfg['requirements'])}
    extras = {_name(r) for k, v in cfg.items() if k.startswith('extra_') for r in shlex.split(v)}
    pulled = set()  # what the declared packages bring with them (tokenizers with transformers, IPython with ipywidgets)
    for d in runtime | extras:
        try:
            pulled |= {_name(r) for r in md.requires(d) or [] if 'extra ==' not in r}
        except md.PackageNotFoundError:
            pass
    owners = md.packages_distributions()
    used, problems = set(), []
    for f in sorted((ROOT / 'gmlab').rglob('*.py')):
        for node in ast.walk(ast.parse(f.read_text(encoding='utf-8'))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or getattr(node, 'level', 0):
                continue
            for module in [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]:
                root = module.split('.')[0]
                if root in sys.stdlib_module_names or root in ('gmlab', '__future__'):
                    continue
                dist = {_name(d) for d in owners.get(root, [root])}
                used |= dist
                allowed = runtime if node.col_offset == 0 else runtime | extras | pulled
                if not dist & allowed:
                    where = 'at the top of' if node.col_offset == 0 else 'in'
                    problems.append(f'{f.relative_to(ROOT)} imports {root} {where} a module but settings.ini lacks it')
    problems += [f'requirement {r} is never imported by gmlab/' for r in sorted(runtime - used)]
    if problems:
        sys.exit('FAIL: ' + '; '.join(problems))
    print(f'  requirements ok: the {len(runtime)} runtime requirements are what gmlab/ imports')


def check_python(
    python: str, wheel: Path, work: Path, torch_version: str, extras: str, reuse: bool = False, inherit: bool = False
):
    """A fresh venv of `python`: torch, then the wheel; then the smoke test from an empty directory.
    `inherit`: the venv also sees `python`'s installed packages (after its own), and torch is not installed again."""
    version = subprocess.run(
        [python, '-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f'Python {version} ({python})')
    venv = work / f'venv-{version}'
    if not (reuse and venv.is_dir()):
        shutil.rmtree(venv, ignore_errors=True)
        run([python, '-m', 'venv', str(venv)], 'venv')
    py, bindir = str(venv / 'bin' / 'python'), venv / 'bin'
    env = dict(os.environ, PATH=f'{bindir}{os.pathsep}{os.environ["PATH"]}', VIRTUAL_ENV=str(venv))
    env.pop('PYTHONPATH', None)
    if inherit:  # a path line in a .pth file appends that directory to sys.path, after the venv's own
        (Path(site_packages(py)) / 'inherited.pth').write_text(site_packages(python) + '\n')
        t_torch = 0.0
    else:
        t_torch = run(
            [py, '-m', 'pip', 'install', '-q', f'torch=={torch_version}'],
            f'pip install torch=={torch_version}',
            env=env,
        )
    target = f'{wheel}[{extras}]' if extras else str(wheel)
    t_wheel = run([py, '-m', 'pip', 'install', '-q', target], f'pip install {Path(target).name}', env=env)
    if reuse or inherit:  # the same version may be installed already (or seen): this build replaces it
        run(
            [py, '-m', 'pip', 'install', '-q', '--force-reinstall', '--no-deps', str(wheel)], 'reinstall gmlab', env=env
        )
    here = Path(tempfile.mkdtemp(prefix='gmlab-smoke-', dir=work))  # outside the repository: the wheel, not the clone
    print('  ' + run([py, '-c', SMOKE], 'import, forward, backward', cwd=here, env=env, capture=True).strip())
    help_text = run(
        [str(bindir / 'gmlab-train'), '--preset', 'tiny', '--help'],
        'gmlab-train --help',
        cwd=here,
        env=env,
        capture=True,
    )
    if '--logger NAME' not in help_text or '--max_steps' not in help_text:
        sys.exit(f'FAIL: gmlab-train --help lacks --logger NAME or --max_steps:\n{help_text[-2000:]}')
    corpus = here / 'corpus.txt'
    corpus.write_text(''.join(f'def f{i}(x):\n    return x + {i}\n\n' for i in range(3000)))
    data = ['--corpus', str(corpus), '--data_dir', str(here / 'data')]
    run(
        [str(bindir / 'gmlab-prepare'), *data, '--vocab_size', '300', '--quiet'],
        'gmlab-prepare (small corpus)',
        cwd=here,
        env=env,
    )
    data += ['--data.vocab_size', '300']
    train = [
        str(bindir / 'gmlab-train'),
        '--preset',
        'tiny',
        *data,
        '--max_steps',
        '4',
        '--eval_every',
        '2',
        '--eval_tokens',
        '2048',
        '--warmup_steps',
        '1',
        '--samples',
        '1',
        '--no_progress',
        '--out_dir',
        str(here / 'run'),
    ]
    out = run(train, 'gmlab-train --preset tiny, 4 steps', cwd=here, env=env, capture=True)
    if not (here / 'run' / 'final').is_dir() or 'val loss' not in out:
        sys.exit(f'FAIL: gmlab-train wrote no final checkpoint or printed no val loss:\n{out[-2000:]}')
    return version, t_torch, t_wheel


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--python', action='append', help='a Python to install into (repeat; default: this one)')
    p.add_argument('--torch', default='2.13.0', help='the torch version installed first (default: 2.13.0)')
    p.add_argument('--extras', default='', help='extras to install with the wheel, e.g. wandb,tensorboard')
    p.add_argument('--keep', help='work in this directory and keep it (default: a temporary one, removed)')
    p.add_argument(
        '--reuse',
        action='store_true',
        help="with --keep: reuse the virtualenvs there (times are then not a fresh install's)",
    )
    p.add_argument(
        '--inherit',
        action='store_true',
        help='the new virtualenvs see the installed packages of each --python, so nothing is downloaded (as CI)',
    )
    a = p.parse_args()
    work = Path(a.keep or tempfile.mkdtemp(prefix='gmlab-package-')).resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        src = work / 'src'
        shutil.rmtree(src, ignore_errors=True)
        shutil.rmtree(work / 'dist', ignore_errors=True)  # a kept directory's old wheels would be found below too
        print(f'Building from a clean copy in {src}')
        clean_copy(src)
        run([sys.executable, '-m', 'build', '--outdir', str(work / 'dist'), str(src)], 'python -m build (sdist, wheel)')
        (sdist,) = [Path(p) for p in glob.glob(str(work / 'dist' / 'gmlab-*.tar.gz'))]
        (wheel,) = [Path(p) for p in glob.glob(str(work / 'dist' / 'gmlab-*.whl'))]
        check_contents(sdist, wheel)
        check_requirements()
        times = [
            check_python(py, wheel, work, a.torch, a.extras, a.reuse, a.inherit) for py in a.python or [sys.executable]
        ]
        print('\n| Python | pip install torch | pip install the wheel |\n|---|---|---|')
        for version, t_torch, t_wheel in times:
            print(f'| {version} | {t_torch:.0f} s | {t_wheel:.0f} s |')
        print('OK')
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
