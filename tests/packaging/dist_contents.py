"""What Notify's wheel and source distribution hold, exactly, and a check of built ones.

    make dist        # builds both into dist/ (python -m build) and runs this check on them
    python -m tests.packaging.dist_contents dist/

The wheel: every file of the package that git tracks (the modules and their data: icons, SQL
migrations, the catalogue), the licence, and under ``share/`` the desktop entry, the AppStream
metadata and the application icon (pyproject's ``[tool.setuptools.data-files]``). The source
distribution: the same package files, ``packaging/``, ``docs/``, the licence, README, pyproject
and MANIFEST.in (``MANIFEST.in``). Nothing else in either: no tests, no corpus, no ``.venv``, no
bytecode, and no file left in an old ``build/`` by an earlier build (setuptools copies
``build/lib`` into the wheel whole: a module deleted since came back).
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "notify"
# the wheel's own metadata, beside the package (its .dist-info folder)
DIST_INFO = ("METADATA", "WHEEL", "entry_points.txt", "top_level.txt", "RECORD",
             "licenses/LICENSE")
# the source distribution's own files, beside those it takes from the checkout
SDIST_MADE = ("PKG-INFO", "setup.cfg", "notify.egg-info/PKG-INFO",
              "notify.egg-info/SOURCES.txt", "notify.egg-info/dependency_links.txt",
              "notify.egg-info/entry_points.txt", "notify.egg-info/requires.txt",
              "notify.egg-info/top_level.txt")
SDIST_FILES = ("LICENSE", "README.md", "pyproject.toml", "MANIFEST.in")
SDIST_FOLDERS = ("packaging/", "docs/")


def tracked(repo: Path = REPO) -> list[str]:
    """The files git tracks in ``repo`` (what a fresh clone has)."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True)
    return [name for name in out.stdout.decode().split("\0") if name]


def project(repo: Path = REPO) -> dict[str, object]:
    return tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))


def data_files(repo: Path = REPO) -> dict[str, str]:
    """Where each file of ``[tool.setuptools.data-files]`` goes (under the install prefix),
    by its path in the checkout."""
    table = project(repo)["tool"]["setuptools"].get("data-files", {})  # type: ignore[index]
    return {source: f"{folder}/{Path(source).name}"
            for folder, sources in table.items() for source in sources}


def release(repo: Path = REPO) -> str:
    """``notify-0.1.0``: the name and version the archives are named after."""
    meta = project(repo)["project"]
    return f"{meta['name']}-{meta['version']}"  # type: ignore[index]


def expected_wheel(files: Iterable[str], repo: Path = REPO) -> set[str]:
    name = release(repo)
    return ({f for f in files if f.startswith(PACKAGE + "/")}
            | {f"{name}.dist-info/{f}" for f in DIST_INFO}
            | {f"{name}.data/data/{target}" for target in data_files(repo).values()})


def expected_sdist(files: Iterable[str], repo: Path = REPO) -> set[str]:
    name = release(repo)
    kept = {f for f in files if f.startswith((PACKAGE + "/", *SDIST_FOLDERS))
            or f in SDIST_FILES}
    return {f"{name}/{f}" for f in (*kept, *SDIST_MADE)}


def difference(what: str, found: Iterable[str], wanted: set[str]) -> list[str]:
    """The problems of an archive holding ``found`` where ``wanted`` was expected."""
    have = set(found)
    problems = [f"{what} lacks {name}" for name in sorted(wanted - have)]
    problems += [f"{what} holds {name}, which it should not" for name in sorted(have - wanted)]
    return problems


def wheel_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [n for n in archive.namelist() if not n.endswith("/")]


def sdist_names(path: Path) -> list[str]:
    with tarfile.open(path) as archive:
        return [m.name for m in archive.getmembers() if not m.isdir()]


def check(folder: Path, repo: Path = REPO) -> list[str]:
    """The problems of the wheel and sdist in ``folder`` (built from ``repo``)."""
    name = release(repo)
    wheels = sorted(folder.glob(f"{name}-*.whl"))
    sdists = sorted(folder.glob(f"{name}.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        return [f"{folder} should hold one {name} wheel and one {name}.tar.gz, and holds "
                f"{[p.name for p in (*wheels, *sdists)] or 'neither'}: build them with "
                "'make dist'"]
    files = tracked(repo)
    return (difference(wheels[0].name, wheel_names(wheels[0]), expected_wheel(files, repo))
            + difference(sdists[0].name, sdist_names(sdists[0]), expected_sdist(files, repo)))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else REPO / "dist"
    problems = check(folder)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{folder}: the wheel and the sdist hold what they should, and nothing else")
    return 0


if __name__ == "__main__":
    sys.exit(main())
