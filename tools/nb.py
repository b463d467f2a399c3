"""Editing aid: convert between notebooks and a plain-text form that is easy to diff and write.

The notebooks in nbs/ stay the source of truth; this only moves text in and out of them.

    python tools/nb.py dump nbs/01_data.ipynb > /tmp/01_data.txt
    python tools/nb.py build /tmp/01_data.txt nbs/01_data.ipynb

Text form: a line `%% md` or `%% code` starts a cell; everything up to the next marker is its source.
"""

import hashlib, json, re, sys
from pathlib import Path

MARK = re.compile(r'^%% (md|code)\s*$')


def build(src: Path, dst: Path):
    cells, kind, buf = [], None, []

    def flush():
        if kind is None:
            return
        text = '\n'.join(buf).strip('\n')
        # a stable id per cell: nbdev_clean would add random ones, and nbdev_export copies ids into gmlab/
        cid = hashlib.sha1(f'{dst.stem}/{len(cells)}/{text}'.encode()).hexdigest()[:8]
        cell = {
            'cell_type': 'markdown' if kind == 'md' else 'code',
            'id': cid,
            'metadata': {},
            'source': text.splitlines(keepends=True),
        }
        if kind == 'code':
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)

    for line in src.read_text().splitlines():
        m = MARK.match(line)
        if m:
            flush()
            kind, buf = m.group(1), []
        else:
            buf.append(line)
    flush()
    nb = {
        'cells': cells,
        'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
        'nbformat': 4,
        'nbformat_minor': 5,
    }
    dst.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')


def dump(src: Path):
    nb = json.loads(src.read_text())
    for c in nb['cells']:
        print('%% ' + ('md' if c['cell_type'] == 'markdown' else 'code'))
        print(''.join(c['source']))
        print()


if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    if cmd == 'build':
        build(Path(args[0]), Path(args[1]))
    elif cmd == 'dump':
        dump(Path(args[0]))
    else:
        sys.exit(__doc__)
