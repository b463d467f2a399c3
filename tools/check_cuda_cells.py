"""Check that every `#| cuda` cell can run in order on a GPU machine: each name it uses is defined by then.

CI has no GPU, so `nbdev_test --flags cuda` cannot run these cells here. A cell that uses a name defined only in
a later cell, or only in a `#| slow` cell (skipped by `--flags cuda`), fails on a GPU with a NameError. This
script finds such names statically: for each `#| cuda` cell it collects the names the cell reads and removes the
names that the cell itself, the cells before it that `nbdev_test --flags cuda` runs, Python's builtins and
star-imported modules define.

    python tools/check_cuda_cells.py                 # every notebook in nbs/
    python tools/check_cuda_cells.py nbs/07_train.ipynb
"""

import ast
import builtins
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAG = re.compile(r'^#\|\s*(\w+)\s*$', re.M)


def flags(src: str) -> set[str]:
    "The bare `#| flag` directives of a cell (eval: false counts as 'notest')."
    found = set(FLAG.findall(src))
    if re.search(r'^#\|\s*eval:\s*false', src, re.M):
        found.add('notest')
    return found


def defined(tree: ast.AST) -> set[str]:
    "Names a piece of code binds: assignments, defs, imports, loop and comprehension targets, arguments."
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == '*':
                    names |= star_names(node.module)
                else:
                    names.add((alias.asname or alias.name).split('.')[0])
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def star_names(module: str) -> set[str]:
    mod = importlib.import_module(module)
    return set(getattr(mod, '__all__', [n for n in dir(mod) if not n.startswith('_')]))


def used(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def parse(src: str) -> ast.AST:
    # IPython magics and shell escapes are not Python; they define nothing
    return ast.parse('\n'.join('' if line.lstrip().startswith(('%', '!')) else line for line in src.splitlines()))


def check(nb_path: Path) -> list[str]:
    "Problems found in `nb_path`: one line per name a `#| cuda` cell reads before anything defines it."
    cells = [''.join(c['source']) for c in json.loads(nb_path.read_text())['cells'] if c['cell_type'] == 'code']
    known = set(dir(builtins)) | {'__file__', '__name__', 'get_ipython', 'display'}
    problems = []
    for i, src in enumerate(cells):
        fl = flags(src)
        if fl & {'notest', 'slow'}:
            continue  # `nbdev_test --flags cuda` skips these
        tree = parse(src)
        if 'cuda' in fl:
            missing = sorted(used(tree) - defined(tree) - known)
            problems += [
                f'{nb_path.name}: code cell {i} (#| cuda) uses {name!r} before any cell defines it' for name in missing
            ]
        known |= defined(tree)
    return problems


def main():
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / 'nbs').glob('*.ipynb'))
    problems = [p for path in paths for p in check(path)]
    print('\n'.join(problems) or f'every #| cuda cell in {len(paths)} notebooks uses only names defined before it')
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
