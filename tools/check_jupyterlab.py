"""Click through gmlab's interactive figures in a real browser: JupyterLab with a kernel, and the kernel-free HTML copy.

    pip install playwright            # the Python package only: it drives the machine's own Chromium
    python tools/check_jupyterlab.py  # needs /usr/bin/chromium (Debian: apt install chromium) or --chrome PATH

Not part of CI (which has no browser). What it checks, failing with a message at the first step that does not happen:
1. JupyterLab: a notebook calls `attention_viewer` on the zoo's `tiny` model. The ipywidgets layer and head
drop-downs appear,
   and the plotly heatmap below them shows layer 0 head 0. Picking layer 1, then head 1, in the drop-downs redraws
   the heatmap
   for that head (its title changes). A screenshot of the result goes to --shot.
2. Without a kernel: `attention_figure` saved as a self-contained .html (`save_figure`) opens in the browser;
choosing another
   head in the figure's own drop-down menu changes the title and which heatmap is visible.
"""

import argparse, json, os, socket, subprocess, sys, tempfile, time
from pathlib import Path

CELLS = [
    "from gmlab.zoo import zoo_load\nfrom gmlab.interp.attention import attention_viewer\nck = zoo_load('tiny')",
    "box = attention_viewer(ck.model, ck.tokenizer, 'def f(x):\\n    return x + 1\\n', title='tiny')",
]


def notebook(cells: list[str]) -> dict:
    return dict(
        nbformat=4,
        nbformat_minor=5,
        metadata=dict(kernelspec=dict(name='python3', display_name='Python 3', language='python')),
        cells=[
            dict(cell_type='code', id=f'c{i}', metadata={}, execution_count=None, outputs=[], source=c)
            for i, c in enumerate(cells)
        ],
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def title(page) -> str:
    "The plotly title shown in the page (the last figure drawn), or '' while there is none."
    return page.evaluate(
        "() => { const t = document.querySelectorAll('.js-plotly-plot .gtitle'); "
        "return t.length ? t[t.length - 1].textContent : ''; }"
    )


def wait_title(page, want: str, what: str, seconds: float = 120):
    end = time.time() + seconds
    while time.time() < end:
        if want in title(page):
            return
        time.sleep(0.25)
    sys.exit(f'FAILED: {what}: the figure title never showed {want!r} (last seen: {title(page)!r})')


def check_lab(p, chrome: str, work: Path, shot: Path):
    (work / 'viewer.ipynb').write_text(json.dumps(notebook(CELLS)))
    port = free_port()
    lab = subprocess.Popen(
        [
            sys.executable,
            '-m',
            'jupyterlab',
            '--no-browser',
            f'--port={port}',
            '--IdentityProvider.token=',
            '--ServerApp.password=',
            f'--ServerApp.root_dir={work}',
            '--LabApp.news_url=',
            '--ServerApp.disable_check_xsrf=True',
        ]
        + (['--allow-root'] if os.geteuid() == 0 else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                if lab.poll() is not None:
                    sys.exit('FAILED: JupyterLab did not start (run `jupyter lab` by hand to see why)')
                time.sleep(0.5)
        browser = p.chromium.launch(executable_path=chrome)
        page = browser.new_page(viewport=dict(width=1300, height=1100))
        page.goto(f'http://127.0.0.1:{port}/lab/tree/viewer.ipynb', timeout=120_000)
        page.locator('.jp-Notebook').wait_for(timeout=120_000)
        page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=120_000)
        for i in range(len(CELLS)):  # run each cell: click into it, Shift+Enter
            page.locator('.jp-Cell').nth(i).locator('.jp-InputArea-editor').click()
            page.keyboard.press('Shift+Enter')
            time.sleep(1)
        selects = page.locator('.widget-dropdown select')
        selects.first.wait_for(timeout=300_000)
        if selects.count() != 2:
            sys.exit(f'FAILED: expected the layer and head drop-downs, found {selects.count()}')
        wait_title(page, 'layer 0 head 0', 'first draw')
        print('JupyterLab: drop-downs shown, heatmap of layer 0 head 0 drawn')
        selects.nth(0).select_option(label='1')
        wait_title(page, 'layer 1 head 0', 'picking layer 1')
        selects.nth(1).select_option(label='1')
        wait_title(page, 'layer 1 head 1', 'picking head 1')
        n_axes = page.locator('.js-plotly-plot .xtick').count()
        print(f'JupyterLab: picking layer 1 then head 1 redrew the heatmap ({n_axes} token labels on the x axis)')
        page.screenshot(path=str(shot))
        print(f'screenshot: {shot}')
        browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)


def check_html(p, chrome: str, work: Path):
    import torch
    from gmlab.core import save_figure
    from gmlab.zoo import zoo_load
    from gmlab.interp.attention import attention_figure, attention_patterns
    from gmlab.interp.patching import token_labels

    ck = zoo_load('tiny')
    ids = torch.tensor(ck.tokenizer.encode('def f(x):\n    return x + 1\n', bos=True))
    fig = attention_figure(attention_patterns(ck.model, ids), token_labels(ck.tokenizer, ids), title='tiny')
    page_path = save_figure(fig, work / 'viewer.html')
    browser = p.chromium.launch(executable_path=chrome)
    page = browser.new_page()
    page.goto(page_path.as_uri())
    wait_title(page, 'layer 0 head 0', 'kernel-free figure, first draw')
    page.locator('.updatemenu-header-group').click()  # open the figure's own drop-down
    page.locator('.updatemenu-dropdown-button', has_text='layer 1 head 1').click()  # the 4th entry
    wait_title(page, 'layer 1 head 1', 'kernel-free figure, picking layer 1 head 1')
    visible = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.visible)")
    if visible != [False, False, False, True]:
        sys.exit(f'FAILED: kernel-free figure: expected only the 4th heatmap visible, got {visible}')
    print('HTML without a kernel: the drop-down switched to layer 1 head 1 and only its heatmap is visible')
    browser.close()


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--chrome', default=os.environ.get('BROWSER_PATH', '/usr/bin/chromium'))
    ap.add_argument('--shot', default='assets/figures/jupyterlab_attention_viewer.png')
    a = ap.parse_args()
    if not Path(a.chrome).exists():
        sys.exit(f'no browser at {a.chrome}: install Chromium (Debian: apt install chromium) or pass --chrome PATH')
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit('this check drives a browser with playwright: pip install playwright')
    with tempfile.TemporaryDirectory() as d, sync_playwright() as p:
        check_html(p, a.chrome, Path(d))
        check_lab(p, a.chrome, Path(d), Path(a.shot).resolve())
    print('all interactive checks passed')
