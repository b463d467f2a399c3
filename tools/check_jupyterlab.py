"""Click through gmlab's interactive figures and exercises in a real browser: JupyterLab with a kernel, and HTML.

    pip install playwright            # the Python package only: it drives the machine's own Chromium
    python tools/check_jupyterlab.py  # needs /usr/bin/chromium (Debian: apt install chromium) or --chrome PATH
    python tools/check_jupyterlab.py --only exercise --timeout 200

Not part of CI (which has no browser). What it checks, failing with a message at the first step that does not happen:
1. html: without a kernel, `attention_figure` saved as a self-contained .html (`save_figure`) opens in the browser;
   choosing another head in the figure's own drop-down menu changes the title and which heatmap is visible.
2. viewer: in JupyterLab a notebook calls `attention_viewer` on the zoo's `tiny` model. The ipywidgets layer and
   head drop-downs appear, and the plotly heatmap below them shows layer 0 head 0. Picking layer 1, then head 1,
   redraws the heatmap for that head (its title changes). A screenshot of the result goes to --shot.
3. exercise: an exercise copy of 02_rope (`gmlab-exercises DIR 02_rope` writes DIR/nbs/02_rope.ipynb) opens in
   JupyterLab; Run > Run All Cells shows NotImplementedError under the first exercise; the solution typed into the
   stub's cell and rerun, with its test cells, passes. A screenshot of the solved state goes to --exercise-shot.

Reliability: JupyterLab runs with its own settings, workspaces, config, data and runtime dirs (temporary), with
news, update checks, build prompts and toasts off; dialogs that still appear are dismissed (and named in the log);
a click that something intercepted is retried once. Every wait has a timeout that names its step, and a watchdog
(--timeout seconds in all) kills JupyterLab, its kernels and the browser and exits 2 naming the step it was on.
"""

import argparse, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHECKS = ('html', 'viewer', 'exercise')
CELLS = [
    "from gmlab.zoo import zoo_load\nfrom gmlab.interp.attention import attention_viewer\nck = zoo_load('tiny')",
    "box = attention_viewer(ck.model, ck.tokenizer, 'def f(x):\\n    return x + 1\\n', title='tiny')",
]
# JupyterLab user settings: no news or update prompt, no toasts, every cell attached to the page (so the n-th
# .jp-Cell is cell n), no autosave racing our edits
SETTINGS = {
    '@jupyterlab/apputils-extension/notification': dict(
        fetchNews='false', checkForUpdates=False, doNotDisturbMode=True
    ),
    '@jupyterlab/notebook-extension/tracker': dict(windowingMode='none'),
    '@jupyterlab/docmanager-extension/plugin': dict(autosave=False),
}
ERROR_OUTPUT = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)
T0 = time.time()


class CheckFailed(Exception):
    pass


def fail(msg: str):
    raise CheckFailed(f'{STEP.name}: {msg}')


# --- processes and the watchdog -------------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    "All descendants of `pid` (from /proc), deepest last."
    kids: dict[int, list[int]] = {}
    for d in Path('/proc').iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / 'stat').read_text().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def kill_all(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


class Step:
    "The step the script is on, for failure messages; printed with the seconds since start."

    name = 'start'

    def __call__(self, name: str):
        self.name = name
        print(f'[{time.time() - T0:6.1f}s] {name}', flush=True)


STEP = Step()


def start_watchdog(seconds: float, lab_holder: dict):
    "After `seconds`, kill JupyterLab (its process group), every child of this script (browser, kernels) and exit 2."

    def fire():
        print(f'FAILED: timed out after {seconds:.0f} s, at step: {STEP.name}', file=sys.stderr, flush=True)
        lab = lab_holder.get('proc')
        if lab is not None:
            print(log_tail(lab_holder), file=sys.stderr, flush=True)
            try:
                os.killpg(lab.pid, signal.SIGKILL)
            except OSError:
                pass
        kill_all(children_of(os.getpid()))
        if 'work' in lab_holder:  # os._exit skips the temporary directory's own clean-up
            shutil.rmtree(lab_holder['work'], ignore_errors=True)
        os._exit(2)

    t = threading.Timer(seconds, fire)
    t.daemon = True
    t.start()
    return t


def log_tail(lab_holder: dict, n: int = 15) -> str:
    log = lab_holder.get('log')
    if log is None or not log.exists():
        return ''
    lines = log.read_text(errors='replace').splitlines()[-n:]
    return 'JupyterLab log (last lines):\n  ' + '\n  '.join(lines)


# --- JupyterLab server -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


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


def start_lab(work: Path, holder: dict) -> int:
    "Start JupyterLab serving `work` with fresh settings, workspaces, config, data and runtime dirs; return its port."
    jdir = work / '.jupyter-check'
    env = dict(os.environ)
    for var, sub in [
        ('JUPYTER_CONFIG_DIR', 'config'),
        ('JUPYTER_RUNTIME_DIR', 'runtime'),
        ('JUPYTER_DATA_DIR', 'data'),  # kernels from the environment's share/jupyter only
        ('JUPYTERLAB_SETTINGS_DIR', 'settings'),
        ('JUPYTERLAB_WORKSPACES_DIR', 'workspaces'),
    ]:
        (jdir / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(jdir / sub)
    for name, values in SETTINGS.items():
        f = jdir / 'settings' / f'{name}.jupyterlab-settings'
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    # no "build recommended" dialog: the page config says no build is available or to be checked
    (jdir / 'config' / 'labconfig').mkdir(parents=True, exist_ok=True)
    (jdir / 'config' / 'labconfig' / 'page_config.json').write_text(
        json.dumps(dict(buildAvailable=False, buildCheck=False))
    )
    env['PYTHONPATH'] = os.pathsep.join(filter(None, [str(REPO), env.get('PYTHONPATH')]))
    port = free_port()
    holder['log'] = log = jdir / 'lab.log'
    cmd = [
        sys.executable,
        '-m',
        'jupyterlab',
        '--no-browser',
        f'--port={port}',
        '--ServerApp.port_retries=0',
        '--ServerApp.ip=127.0.0.1',
        '--IdentityProvider.token=',
        '--ServerApp.password=',
        f'--ServerApp.root_dir={work}',
        '--ServerApp.disable_check_xsrf=True',
        '--LabApp.news_url=None',  # traitlets reads None: no announcements fetched
        '--LabApp.expose_app_in_browser=True',  # window.jupyterapp: read cell sources and kernel state
    ] + (['--allow-root'] if os.geteuid() == 0 else [])
    with open(log, 'wb') as out:
        holder['proc'] = lab = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True
        )
    STEP(f'JupyterLab starting on port {port}')
    end = time.time() + 120
    while time.time() < end:
        if lab.poll() is not None:
            fail(f'JupyterLab exited with code {lab.returncode}\n{log_tail(holder)}')
        try:
            with urllib.request.urlopen(f'http://127.0.0.1:{port}/api/status', timeout=2) as r:
                if r.status == 200:
                    return port
        except OSError:
            pass
        time.sleep(0.5)
    fail(f'JupyterLab did not answer on port {port} within 120 s\n{log_tail(holder)}')


def stop_lab(holder: dict):
    "SIGTERM JupyterLab's process group (it shuts its kernels down), then SIGKILL whatever is left of it."
    lab = holder.get('proc')
    if lab is None:
        return
    tree = children_of(lab.pid)
    try:
        os.killpg(lab.pid, signal.SIGTERM)
    except OSError:
        pass
    try:
        lab.wait(timeout=15)
    except subprocess.TimeoutExpired:
        print('JupyterLab did not stop within 15 s of SIGTERM: killing it', flush=True)
    try:
        os.killpg(lab.pid, signal.SIGKILL)
    except OSError:
        pass
    kill_all(tree)
    lab.wait(timeout=10)
    holder['proc'] = None


# --- page helpers ------------------------------------------------------------------------------------------------


def wait_for(page, js: str, what: str, seconds: float = 60, arg=None):
    "Poll the page's `js` (a function of `arg`) until it returns something truthy; fail naming `what` otherwise."
    from playwright.sync_api import Error

    end = time.time() + seconds
    last = None
    while time.time() < end:
        try:
            last = page.evaluate(js, arg)
        except Error as e:  # page navigating or the app not there yet
            last = f'error: {e.message.splitlines()[0]}'
        if last and not (isinstance(last, str) and last.startswith('error: ')):
            return last
        dismiss_dialogs(page)
        time.sleep(0.25)
    fail(f'{what} did not happen within {seconds:.0f} s (last seen: {last!r})')


DISMISS_JS = """() => {
    // a JupyterLab dialog: Select Kernel gets its accept button (the kernel it offers), any other its cancel button;
    // clicked in the page, not through playwright, so this also works from inside a locator handler
    const out = [];
    for (const d of document.querySelectorAll('.jp-Dialog:not([data-check-dismissed])')) {
        d.dataset.checkDismissed = '1';  // once: it may take a moment to leave the page
        const text = d.innerText.split(/\\s+/).join(' ').slice(0, 120);
        const kernel = /select kernel/i.test(text) && d.querySelector('.jp-mod-accept');
        const button = d.querySelector(kernel ? '.jp-mod-accept' : '.jp-mod-reject');
        if (button) button.click();
        else d.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', keyCode: 27, bubbles: true}));
        out.push(`${text} (${kernel ? 'accept' : 'cancel'})`);
    }
    for (const b of document.querySelectorAll('.Toastify__close-button')) { b.click(); out.push('a toast'); }
    return out;
}"""


def dismiss_dialogs(page) -> int:
    "Close any JupyterLab dialog (Select Kernel: accept the kernel it offers; any other: cancel) and any toast."
    from playwright.sync_api import Error

    n = 0
    for _ in range(10):
        try:
            closed = page.evaluate(DISMISS_JS)
        except Error as e:  # the page navigating: nothing to dismiss now
            print(f'  (dialog check: {e.message.splitlines()[0]})', flush=True)
            return n
        if not closed:
            return n
        for what in closed:
            print(f'  dismissed: {what!r}', flush=True)
        n += len(closed)
        time.sleep(0.5)  # let it close (and the next one, if any, open)
    return n


def retry_once(page, what: str, action):
    "Run `action()`; if something (a dialog, a toast, a menu) intercepted it, dismiss what is there and retry once."
    from playwright.sync_api import Error

    for attempt in (1, 2):
        dismiss_dialogs(page)
        try:
            return action()
        except Error as e:
            if attempt == 2:
                fail(f'could not {what}: {e.message.splitlines()[0]}')
            print(f'  {what} failed ({e.message.splitlines()[0]}); retrying once', flush=True)
            page.keyboard.press('Escape')
            time.sleep(1)


def click(page, locator, what: str, timeout: float = 30):
    "Click `locator`, retrying once if the click was intercepted."
    retry_once(page, f'click {what}', lambda: locator.click(timeout=timeout * 1000))


def menu(page, top: str, item: str):
    "Pick `item` from the menu bar's `top` menu; if a click is intercepted, start again from the menu bar, once."
    bar = page.locator('.lm-MenuBar-item').filter(
        has=page.locator('.lm-MenuBar-itemLabel', has_text=re.compile(f'^{top}$'))
    )
    entry = page.locator('.lm-Menu:visible .lm-Menu-item').filter(
        has=page.locator('.lm-Menu-itemLabel', has_text=re.compile(f'^{re.escape(item)}$'))
    )
    retry_once(page, f'pick {top} > {item}', lambda: (bar.click(timeout=30_000), entry.click(timeout=30_000)))


def open_notebook(browser, port: int, name: str, n_cells: int, width: int = 1300):
    "Open `name` in JupyterLab and wait until it has settled: shell up, no splash, cells shown, kernel idle."
    page = browser.new_page(viewport=dict(width=width, height=1000))
    page.set_default_timeout(30_000)
    # dialogs that appear while an action waits for its target get dismissed too
    page.add_locator_handler(page.locator('.jp-Dialog'), lambda loc: dismiss_dialogs(page), no_wait_after=True)
    STEP(f'loading JupyterLab with {name}')
    page.goto(f'http://127.0.0.1:{port}/lab/tree/{name}', timeout=120_000, wait_until='domcontentloaded')
    wait_for(page, '() => !!window.jupyterapp && !!document.querySelector(".jp-LabShell")', 'the app shell', 120)
    wait_for(page, '() => !document.querySelector("#jupyterlab-splash")', 'the splash screen going away', 120)
    STEP(f'waiting for {name} to open with {n_cells} cells and an idle kernel')
    js = """n => { const w = window.jupyterapp.shell.currentWidget;
        if (!w || !w.content || !w.sessionContext) return '';
        const k = w.sessionContext.session && w.sessionContext.session.kernel;
        const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
        return w.context.isReady && cells.length === n && k && k.status === 'idle'
            && !!document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]'); }"""
    wait_for(page, js, f'{name} loaded with {n_cells} cells and its kernel idle', 150, n_cells)
    page.evaluate('() => window.jupyterapp.shell.collapseLeft()')  # more room for the notebook
    dismiss_dialogs(page)
    return page


def cell(page, i: int):
    return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(i)


def prompt(page, i: int) -> str:
    return cell(page, i).locator('.jp-InputPrompt').inner_text().strip()


def run_cell(page, i: int, what: str, seconds: float = 180):
    "Click into cell i, Ctrl+Enter, and wait until its prompt shows a new execution count and the kernel is idle."
    before = prompt(page, i)
    click(page, cell(page, i).locator('.jp-InputArea-editor'), f'the editor of cell {i}')
    page.keyboard.press('Control+Enter')  # run in place: Shift+Enter would add a cell at the end
    js = """([i, before]) => { const w = window.jupyterapp.shell.currentWidget;
        const p = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')[i]
            .querySelector('.jp-InputPrompt').textContent.trim();
        return /^\\[\\d+\\]:$/.test(p) && p !== before && w.sessionContext.session.kernel.status === 'idle'; }"""
    wait_for(page, js, f'{what} (cell {i}) finishing', seconds, [i, before])


def cell_errors(page, i: int) -> str:
    "Text of the error/stderr outputs of cell i ('' if none)."
    return '\n'.join(cell(page, i).locator(ERROR_OUTPUT).all_inner_texts())


def cell_source(page, i: int) -> str:
    return page.evaluate(
        'i => window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel.getSource()', i
    )


# --- the checks --------------------------------------------------------------------------------------------------


def title(page) -> str:
    "The plotly title shown in the page (the last figure drawn), or '' while there is none."
    return page.evaluate(
        "() => { const t = document.querySelectorAll('.js-plotly-plot .gtitle'); "
        "return t.length ? t[t.length - 1].textContent : ''; }"
    )


def wait_title(page, want: str, what: str, seconds: float = 120):
    STEP(what)
    wait_for(
        page,
        "want => { const t = document.querySelectorAll('.js-plotly-plot .gtitle'); "
        "return t.length && t[t.length - 1].textContent.includes(want); }",
        f'the figure title showing {want!r} (shown: {title(page)!r})',
        seconds,
        want,
    )


def check_html(browser, work: Path):
    STEP('html: building the attention figure of the tiny model')
    import torch
    from gmlab.core import save_figure
    from gmlab.zoo import zoo_load
    from gmlab.interp.attention import attention_figure, attention_patterns
    from gmlab.interp.patching import token_labels

    ck = zoo_load('tiny')
    ids = torch.tensor(ck.tokenizer.encode('def f(x):\n    return x + 1\n', bos=True))
    fig = attention_figure(attention_patterns(ck.model, ids), token_labels(ck.tokenizer, ids), title='tiny')
    page_path = save_figure(fig, work / 'viewer.html')
    page = browser.new_page()
    page.set_default_timeout(30_000)
    STEP('html: opening the saved figure')
    page.goto(page_path.as_uri(), timeout=60_000)
    wait_title(page, 'layer 0 head 0', 'html: kernel-free figure, first draw')
    click(page, page.locator('.updatemenu-header-group'), "the figure's drop-down")
    click(page, page.locator('.updatemenu-dropdown-button', has_text='layer 1 head 1'), 'the entry layer 1 head 1')
    wait_title(page, 'layer 1 head 1', 'html: kernel-free figure, picking layer 1 head 1')
    visible = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.visible)")
    if visible != [False, False, False, True]:
        fail(f'expected only the 4th heatmap visible, got {visible}')
    print('HTML without a kernel: the drop-down switched to layer 1 head 1 and only its heatmap is visible')
    page.close()


def check_viewer(browser, port: int, work: Path, shot: Path):
    (work / 'viewer.ipynb').write_text(json.dumps(notebook(CELLS)))
    page = open_notebook(browser, port, 'viewer.ipynb', len(CELLS))
    for i in range(len(CELLS)):
        STEP(f'viewer: running cell {i}')
        run_cell(page, i, 'loading the tiny model' if i == 0 else 'attention_viewer')
        if errors := cell_errors(page, i):
            if 'Error' in errors:
                fail(f'cell {i} raised:\n{errors[-1500:]}')
    STEP('viewer: waiting for the layer and head drop-downs')
    selects = page.locator('.widget-dropdown select')
    selects.first.wait_for(timeout=120_000)
    if selects.count() != 2:
        fail(f'expected the layer and head drop-downs, found {selects.count()}')
    wait_title(page, 'layer 0 head 0', 'viewer: first draw')
    print('JupyterLab: drop-downs shown, heatmap of layer 0 head 0 drawn')
    STEP('viewer: picking layer 1')
    selects.nth(0).select_option(label='1')
    wait_title(page, 'layer 1 head 0', 'viewer: redraw for layer 1')
    STEP('viewer: picking head 1')
    selects.nth(1).select_option(label='1')
    wait_title(page, 'layer 1 head 1', 'viewer: redraw for head 1')
    n_axes = page.locator('.js-plotly-plot .xtick').count()
    print(f'JupyterLab: picking layer 1 then head 1 redrew the heatmap ({n_axes} token labels on the x axis)')
    page.screenshot(path=str(shot))
    print(f'screenshot: {shot}')
    page.close()


def check_exercise(browser, port: int, work: Path, shot: Path, name: str = '02_rope'):
    STEP(f'exercise: writing the exercise copy of {name}')
    from gmlab.exercises import solutions

    dest = work / 'exercises'
    script = Path(sys.executable).with_name('gmlab-exercises')  # the console script, as a reader runs it
    cmd = [str(script)] if script.exists() else [sys.executable, '-m', 'gmlab.exercises']
    r = subprocess.run(cmd + [str(dest), name], cwd=work, capture_output=True, text=True, timeout=120)
    path = next((p for p in (dest / 'nbs' / f'{name}.ipynb', dest / f'{name}.ipynb') if p.exists()), None)
    if r.returncode != 0 or path is None:
        fail(f'`{" ".join(cmd)} {dest} {name}` wrote no {name}.ipynb (exit code {r.returncode}):\n{r.stdout}{r.stderr}')
    sols = solutions(path)
    if not sols:
        fail(f'{path.name} has no exercises')
    cells = json.loads(path.read_text(encoding='utf-8'))['cells']
    stub, solution = sols[0]
    # its tests: the next `tests` code cells (the copy's cell metadata says how many; markdown may come between)
    n_tests = cells[stub].get('metadata', {}).get('gmlab', {}).get('tests', 1)
    tests = [j for j in range(stub + 1, len(cells)) if cells[j]['cell_type'] == 'code'][:n_tests]
    if len(tests) < n_tests:
        fail(f'the stub (cell {stub}) should be followed by {n_tests} test cells, found {len(tests)}')
    print(f'{path.relative_to(work)}: {len(sols)} exercises; the first is cell {stub}, tested by cells {tests}')

    page = open_notebook(browser, port, path.relative_to(work).as_posix(), len(cells), width=1150)
    STEP('exercise: Run > Run All Cells')
    menu(page, 'Run', 'Run All Cells')
    STEP('exercise: waiting for NotImplementedError under the first exercise')
    js = """([ids, sel]) => {
        const cs = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
        const w = window.jupyterapp.shell.currentWidget;
        const says = i => [...cs[i].querySelectorAll(sel)].some(o => o.textContent.includes('NotImplementedError'));
        const hit = ids.find(says);
        return hit !== undefined && w.sessionContext.session.kernel.status === 'idle' && String(hit); }"""
    where = [stub] + tests
    err_cell = int(
        wait_for(page, js, 'an error output with NotImplementedError under the exercise', 240, [where, ERROR_OUTPUT])
    )
    print(f'JupyterLab: Run All Cells stopped at the exercise: NotImplementedError in cell {err_cell}')

    STEP(f'exercise: typing the solution into cell {stub}')
    editor = cell(page, stub).locator('.cm-content')
    click(page, editor, f'the editor of the stub (cell {stub})')
    page.keyboard.press('ControlOrMeta+a')
    page.keyboard.insert_text(solution)  # inserted as is: typing would let CodeMirror auto-indent each line
    wait_for(
        page,
        '([i, s]) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel.getSource() === s',
        f'the editor of cell {stub} holding the solution',
        10,
        [stub, solution],
    )
    if (src := cell_source(page, stub)) != solution:
        fail(f'the editor holds {src!r}, not the solution')
    page.keyboard.press('Escape')  # leave the editor (command mode) before running
    for i in [stub] + tests:
        STEP(f'exercise: rerunning cell {i}' + (' (the solution)' if i == stub else ' (its test)'))
        run_cell(page, i, 'the solved exercise' if i == stub else 'the exercise test', 120)
        if errors := cell_errors(page, i):
            if 'Error' in errors or 'Traceback' in errors:
                fail(f'cell {i} still fails after the solution:\n{errors[-1500:]}')
    print(f'JupyterLab: with the solution typed in, cells {[stub] + tests} run without error')
    # the screenshot: from the exercise's heading to its last test cell, the solved code and the passing tests
    first, last = cell(page, stub - 1), cell(page, tests[-1])
    first.evaluate('e => e.scrollIntoView({block: "start"})')
    time.sleep(0.5)
    top, bottom, panel = (
        first.bounding_box(),
        last.bounding_box(),
        page.locator('.jp-NotebookPanel:visible').bounding_box(),
    )
    y0 = max(top['y'] - 8, panel['y'])
    y1 = min(bottom['y'] + bottom['height'] + 8, panel['y'] + panel['height'])
    page.screenshot(path=str(shot), clip=dict(x=panel['x'], y=y0, width=panel['width'], height=y1 - y0))
    print(f'screenshot: {shot}')
    page.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--chrome', default=os.environ.get('BROWSER_PATH', '/usr/bin/chromium'))
    ap.add_argument('--shot', default=str(REPO / 'assets/figures/jupyterlab_attention_viewer.png'))
    ap.add_argument('--exercise-shot', default=str(REPO / 'assets/figures/jupyterlab_exercise.png'))
    ap.add_argument('--only', action='append', choices=CHECKS, help='run just this check (repeatable)')
    ap.add_argument('--timeout', type=float, default=300, help='seconds for everything (default 300)')
    a = ap.parse_args()
    checks = a.only or list(CHECKS)
    if not Path(a.chrome).exists():
        sys.exit(f'no browser at {a.chrome}: install Chromium (Debian: apt install chromium) or pass --chrome PATH')
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit('this check drives a browser with playwright: pip install playwright')
    sys.path.insert(0, str(REPO))
    lab: dict = {}
    start_watchdog(a.timeout, lab)
    code = 0
    with tempfile.TemporaryDirectory(prefix='check_jupyterlab_') as d:
        work = lab['work'] = Path(d)
        try:
            with sync_playwright() as p:
                STEP('launching Chromium')
                browser = p.chromium.launch(executable_path=a.chrome, timeout=60_000)
                if 'html' in checks:
                    check_html(browser, work)
                if 'viewer' in checks or 'exercise' in checks:
                    port = start_lab(work, lab)
                    if 'viewer' in checks:
                        check_viewer(browser, port, work, Path(a.shot).resolve())
                    if 'exercise' in checks:
                        check_exercise(browser, port, work, Path(a.exercise_shot).resolve())
                STEP('closing the browser')
                browser.close()
        except CheckFailed as e:
            print(f'FAILED: {e}', file=sys.stderr, flush=True)
            code = 1
        except Exception as e:  # noqa: BLE001 - a playwright timeout or the like: name the step, then clean up
            print(f'FAILED: {STEP.name}: {type(e).__name__}: {e}', file=sys.stderr, flush=True)
            if lab.get('proc') is not None:
                print(log_tail(lab), file=sys.stderr)
            code = 1
        finally:
            STEP('stopping JupyterLab')
            stop_lab(lab)
            kill_all(children_of(os.getpid()))  # a browser left behind
    if code == 0:
        print(f'all interactive checks passed ({", ".join(checks)}) in {time.time() - T0:.0f} s')
    sys.exit(code)


if __name__ == '__main__':
    main()
