"""Run nbdev's documentation processing on the notebooks, as `nbdev_proc_nbs` would, without Quarto.

nbdev builds the docs site in two steps: its processors turn each notebook into a page (running the exported
cells, the import cells and the `show_doc` calls), then Quarto renders the pages. Quarto cannot be installed
everywhere, but the first step must work so that anyone who has Quarto gets the site. This script runs that
step on each notebook in a fresh process and fails when a notebook raises, when nbdev warns about a cell that
mixes imports with other code (nbdev runs such cells while building the docs, so they must not need test
state), or when a notebook takes longer than `--max-seconds` (heavy work belongs in test cells, which the
docs step does not run).

    python tools/check_docs.py                  # every notebook in nbs/
    python tools/check_docs.py nbs/03_attention.ipynb
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a child process so that each notebook starts from a clean interpreter, as nbdev's workers do.
CHILD = '''
import os, sys, warnings
from pathlib import Path
warnings.filterwarnings('error', message='Found cells containing imports')
from nbdev.processors import FilterDefaults
from nbdev.serve_drv import exec_nb
os.environ['IN_TEST'] = '1'
exec_nb(Path(sys.argv[1]), Path(sys.argv[2]), FilterDefaults)
'''


def check(nb: Path, out: Path, max_seconds: float) -> str | None:
    "None when `nb` processes cleanly within `max_seconds`, else what went wrong."
    start = time.perf_counter()
    # nbdev runs notebooks with nbs/ as the working directory
    proc = subprocess.run(
        [sys.executable, '-c', CHILD, str(nb.resolve()), str(out)], cwd=nb.parent, capture_output=True, text=True
    )
    took = time.perf_counter() - start
    if proc.returncode:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        return f'failed ({took:.0f} s): ' + '\n    '.join(lines[-12:])
    if took > max_seconds:
        return f'took {took:.0f} s (more than {max_seconds:.0f} s): move heavy work into test cells'
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*', type=Path, help='notebooks to check (default: all of nbs/)')
    ap.add_argument('--max-seconds', type=float, default=120.0, help='the most one notebook may take')
    args = ap.parse_args()
    nbs = args.notebooks or sorted((ROOT / 'nbs').glob('*.ipynb'))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for nb in nbs:
            err = check(nb, Path(tmp) / nb.name, args.max_seconds)
            print(f'{nb.name}: ' + ('ok' if err is None else err), flush=True)
            bad += err is not None
    if bad:
        sys.exit(f'{bad} of {len(nbs)} notebooks fail nbdev\'s docs processing')
    print(f'all {len(nbs)} notebooks pass nbdev\'s docs processing')


if __name__ == '__main__':
    main()
