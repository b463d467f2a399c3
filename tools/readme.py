"""README.md is nbs/index.ipynb rendered as markdown (nbdev_readme would need Quarto, which gmlab does not require).

    python tools/readme.py            # write README.md
    python tools/readme.py --check    # exit 1 if README.md differs from the notebook
    python tools/readme.py --command test   # print the README's test command (main: its main-job command)

Markdown cells are copied; code cells become ```python blocks; `#| hide` cells are left out; links into nbs/ keep
working
because the notebook's relative paths are rewritten from nbs/ to the repository root.
"""

import argparse, difflib, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render() -> str:
    nb = json.loads((ROOT / 'nbs' / 'index.ipynb').read_text())
    parts = []
    for cell in nb['cells']:
        src = ''.join(cell['source']).strip('\n')
        if cell['cell_type'] == 'markdown':  # links are relative to nbs/ in the notebook, to the root in README.md
            parts.append(re.sub(r'\]\((?!https?:|#|\.\./)([^)/]+\.ipynb)\)', r'](nbs/\1)', src).replace('](../', ']('))
        elif cell['cell_type'] == 'code' and not src.startswith('#| hide'):
            code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
            parts.append(f'```python\n{code}\n```')
    return (
        '<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file -->\n\n'
        + '\n\n'.join(parts)
        + '\n'
    )


def command(which: str) -> str:
    "The shell line after '# 1.' (main) or '# 2.' (test) in the README's first bash block."
    text = render()
    block = re.search(r'```bash\n(.*?)```', text, re.S).group(1).splitlines()
    tag = {'main': '# 1.', 'test': '# 2.'}[which]
    i = next(i for i, l in enumerate(block) if l.startswith(tag))
    return block[i + 1].strip()


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--command', choices=['main', 'test'])
    a = ap.parse_args()
    if a.command:
        print(command(a.command))
        sys.exit()
    want, path = render(), ROOT / 'README.md'
    if a.check:
        have = path.read_text() if path.exists() else ''
        if have != want:
            sys.stdout.writelines(
                difflib.unified_diff(
                    have.splitlines(True), want.splitlines(True), 'README.md', 'rendered nbs/index.ipynb'
                )
            )
            sys.exit('README.md differs from nbs/index.ipynb: run python tools/readme.py')
        print('README.md matches nbs/index.ipynb')
    else:
        path.write_text(want)
        print(f'wrote {path}')
