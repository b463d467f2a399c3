"""Install gmlab from settings.ini, the single place its metadata lives (nbdev 2 layout)."""

from configparser import ConfigParser
from pathlib import Path
import shlex
import shutil
import setuptools
from setuptools.command.build_py import build_py

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']

for key in 'version description keywords author author_email license min_python lib_name git_url'.split():
    assert key in cfg, f'settings.ini is missing {key!r}'

licenses = {'apache2': 'Apache-2.0'}  # SPDX expression; license classifiers are deprecated
statuses = ['Planning', 'Pre-Alpha', 'Alpha', 'Beta', 'Production/Stable', 'Mature', 'Inactive']
py_versions = ['3.10', '3.11', '3.12', '3.13']  # tools/check_package.py ran on 3.10, 3.11 and 3.13
min_python = cfg['min_python']

requirements = shlex.split(cfg.get('requirements', ''))
dev_requirements = shlex.split(cfg.get('dev_requirements', ''))
extras = {k.removeprefix('extra_'): shlex.split(v) for k, v in cfg.items() if k.startswith('extra_')}
console_scripts = [s.strip() for s in cfg.get('console_scripts', '').split() if s.strip()]

# Mirrors gmlab.exercises.COURSE_FILES: what `gmlab-exercises` copies for a reader.
COURSE_FILES = ('nbs/*.ipynb', 'assets/*.json', 'assets/*.svg', 'assets/figures/*.png', 'bench/*.py')


class BuildWithCourse(build_py):
    "Also put the notebooks, the records they read and the benchmarks into the package, as gmlab/_course."

    def run(self):
        super().run()
        if getattr(self, 'editable_mode', False):  # an editable install reads them from the clone itself
            return
        for pattern in COURSE_FILES:
            for f in sorted(Path().glob(pattern)):
                target = Path(self.build_lib) / cfg['lib_path'] / '_course' / f
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, target)


setuptools.setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    keywords=cfg['keywords'],
    author=cfg['author'],
    author_email=cfg['author_email'],
    url=cfg['git_url'],
    license=licenses[cfg['license']],
    license_files=['LICENSE'],
    classifiers=[
        'Development Status :: ' + cfg['status'] + ' - ' + statuses[int(cfg['status'])],
        'Intended Audience :: ' + cfg['audience'].title(),
        'Natural Language :: ' + cfg['language'].title(),
    ]
    + ['Programming Language :: Python :: ' + v for v in py_versions[py_versions.index(min_python) :]],
    packages=setuptools.find_packages(include=['gmlab', 'gmlab.*']),
    include_package_data=True,
    install_requires=requirements,
    extras_require={'dev': dev_requirements, **extras},
    python_requires='>=' + min_python,
    entry_points={'console_scripts': console_scripts, 'nbdev': [f'{cfg["lib_path"]}={cfg["lib_path"]}._modidx:d']},
    zip_safe=False,
    cmdclass={'build_py': BuildWithCourse},
)
