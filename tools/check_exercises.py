"""Check gmlab's exercises: every test has teeth, solutions round-trip, copies build fast and run cleanly.

    python tools/check_exercises.py                    # all notebooks
    python tools/check_exercises.py nbs/02_rope.ipynb  # some of them
    python tools/check_exercises.py --wheel            # also: gmlab-exercises works from a built, installed package

For each notebook: (1) round trip: solving its exercise copy gives back the source's code and prose; (2) the copies
of all notebooks are written in a few seconds; (3) each copy that has exercises runs from the top, as a reader runs
it, in a fresh process: every cell before an unsolved exercise runs without error, each exercise's stub makes its
test cells fail, and its solution makes them pass (`gmlab.exercises.check_exercises`). Exits 1 on any failure.
"""

import argparse, json, os, subprocess, sys, tempfile, time, zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_one(path: str) -> tuple[str, float, list | str]:
    "Check one exercise copy in this (fresh) process: (name, seconds, results or the error)."
    os.environ['IN_TEST'] = '1'  # as nbdev_test runs notebooks: cap_threads uses one thread
    from gmlab.exercises import check_exercises

    start = time.time()
    try:
        res = check_exercises(path)
    except Exception as e:  # report every notebook, not only the first failure
        res = f'{type(e).__name__}: {e}'
    return Path(path).stem, time.time() - start, res


def check_wheel(tmp: Path):
    "Build the package, unpack it away from the clone, and write exercise copies with it."
    build = [sys.executable, '-m', 'pip', 'wheel', '--no-deps', '-q', '-w', tmp, ROOT]
    if subprocess.run(build + ['--no-build-isolation'], cwd=tmp).returncode:  # no setuptools in this venv:
        subprocess.run(build, check=True, cwd=tmp)  # let pip fetch it, as `pip install` does
    wheel = next(tmp.glob('gmlab-*.whl'))
    site = tmp / 'site'
    zipfile.ZipFile(wheel).extractall(site)
    n = len(list((site / 'gmlab' / '_course' / 'nbs').glob('*.ipynb')))
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run(
        [sys.executable, '-c', 'from gmlab.exercises import exercises_cli; exercises_cli()', str(tmp / 'copies'), '02'],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
    )
    import_path = subprocess.run(
        [sys.executable, '-c', 'import gmlab; print(gmlab.__file__)'], env=env, cwd=tmp, capture_output=True, text=True
    ).stdout.strip()
    ok = out.returncode == 0 and (tmp / 'copies' / 'nbs' / '02_rope.ipynb').is_file()
    ok = ok and import_path.startswith(str(site))
    print(
        f'wheel: {wheel.name} carries {n} notebooks; gmlab-exercises from it (gmlab at {import_path}): '
        f'{"ok" if ok else "FAILED"}'
    )
    if not ok:
        print(out.stdout + out.stderr)
    return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('notebooks', nargs='*', help='notebooks to check (default: all numbered notebooks)')
    ap.add_argument('--jobs', type=int, default=os.cpu_count(), help='notebooks checked at once (default: CPUs)')
    ap.add_argument('--min-exercises', type=int, default=0, help='fail with fewer exercises than this in all')
    ap.add_argument('--min-notebooks', type=int, default=0, help='fail with fewer notebooks with exercises')
    ap.add_argument('--wheel', action='store_true', help='also check gmlab-exercises from a built package')
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from gmlab.exercises import course_notebooks, round_trip, write_exercises

    available = course_notebooks(ROOT)
    names = [Path(n).stem for n in a.notebooks] or list(available)
    failed = []
    counts = {}
    for name in names:
        try:
            counts[name] = round_trip(json.loads(available[name].read_text(encoding='utf-8')), name)
        except Exception as e:
            failed.append(f'{name}: round trip: {e}')
    total, with_ex = sum(counts.values()), [n for n, k in counts.items() if k]
    print(f'round trip: {len(counts)} notebooks, {total} exercises in {len(with_ex)} notebooks')
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        start = time.time()
        write_exercises(d / 'all', root=ROOT)
        print(f'exercise copies of all {len(available)} notebooks written in {time.time() - start:.2f} s')
        if time.time() - start > 10:
            failed.append('writing the exercise copies took over 10 s')
        copies = [str(d / 'all' / 'nbs' / f'{n}.ipynb') for n in with_ex]
        with ProcessPoolExecutor(max_workers=max(1, a.jobs), max_tasks_per_child=1) as pool:
            for name, secs, res in pool.map(run_one, copies):
                if isinstance(res, str):
                    failed.append(res)
                    print(f'{name:<20} {secs:6.1f} s  FAILED: {res}')
                else:
                    print(
                        f'{name:<20} {secs:6.1f} s  {len(res)} exercises, each stub fails its tests '
                        f'({", ".join(sorted({r["stub"].split(":")[0] for r in res}))}), each solution passes'
                    )
        if a.wheel and not check_wheel(d):
            failed.append('gmlab-exercises from a built package failed')
    if total < a.min_exercises or len(with_ex) < a.min_notebooks:
        failed.append(
            f'{total} exercises in {len(with_ex)} notebooks: want at least {a.min_exercises} in {a.min_notebooks}'
        )
    for f in failed:
        print(f'FAIL: {f}')
    print('exercises: all checks passed' if not failed else f'exercises: {len(failed)} failures')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
