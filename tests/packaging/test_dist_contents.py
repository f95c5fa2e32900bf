"""The wheel and the sdist hold what Notify needs at run time and what a distribution packages,
and nothing else (tests/packaging/dist_contents.py; `make dist` builds and checks real ones:
building needs setuptools >= 77 from the package index, so no test here builds).

Regressions: the sdist lacked packaging/ (the desktop entry and AppStream metadata a
distribution installs) and held four stray files of tests/ (without their conftest or corpus);
the wheel had no desktop entry, metainfo or icon under share/."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from tests.packaging import dist_contents as dc

NAME = dc.release()


def package_data_patterns() -> list[str]:
    patterns: list[str] = dc.project()["tool"]["setuptools"]["package-data"][dc.PACKAGE]  # type: ignore[index]
    assert all(p.startswith("**/") for p in patterns), patterns
    return [p.removeprefix("**/") for p in patterns]


def test_every_file_of_the_package_is_shipped_by_the_build_configuration() -> None:
    """A data file of a kind ``package-data`` does not name (a new .qss, .ttf…) would be
    missing from an installed Notify while every test run from the checkout passes. (Modules
    are found in every folder, ``__init__.py`` or not: ``packages.find`` takes namespace
    packages unless told otherwise.)"""
    find = dc.project()["tool"]["setuptools"]["packages"]["find"]  # type: ignore[index]
    assert find.get("namespaces", True) and find["include"] == [dc.PACKAGE + "*"]
    patterns = package_data_patterns()
    unshipped = [name for name in dc.tracked() if name.startswith(dc.PACKAGE + "/")
                 and not name.endswith(".py")
                 and not any(PurePosixPath(name).match(p) for p in patterns)]
    assert unshipped == []


def test_the_data_files_exist_and_go_where_desktops_look() -> None:
    targets = dc.data_files()
    for source in targets:
        assert (dc.REPO / source).is_file(), source
    assert sorted(targets.values()) == [
        "share/applications/io.github.notify.Notify.desktop",
        "share/icons/hicolor/scalable/apps/io.github.notify.Notify.svg",
        "share/metainfo/io.github.notify.Notify.metainfo.xml",
    ]


def test_the_sdist_takes_packaging_and_docs_and_no_tests() -> None:
    manifest = [line.split() for line in (dc.REPO / "MANIFEST.in").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert ["graft", "packaging"] in manifest and ["graft", "docs"] in manifest
    assert ["prune", "tests"] in manifest


def write_wheel(folder: Path, names: list[str]) -> None:
    with zipfile.ZipFile(folder / f"{NAME}-py3-none-any.whl", "w") as archive:
        for name in names:
            archive.writestr(name, "x")


def write_sdist(folder: Path, names: list[str]) -> None:
    with tarfile.open(folder / f"{NAME}.tar.gz", "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = 1
            archive.addfile(info, io.BytesIO(b"x"))


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """Archives holding exactly what they should."""
    files = dc.tracked()
    write_wheel(tmp_path, sorted(dc.expected_wheel(files)))
    write_sdist(tmp_path, sorted(dc.expected_sdist(files)))
    return tmp_path


def test_archives_as_they_should_be_pass(dist: Path) -> None:
    assert dc.check(dist) == []
    assert dc.main([str(dist)]) == 0


def test_a_missing_migration_a_stale_module_and_tests_are_each_named(dist: Path) -> None:
    files = dc.tracked()
    wheel = sorted(dc.expected_wheel(files) - {"notify/core/store/migrations/0001_init.sql"})
    write_wheel(dist, [*wheel, "notify/gone_since.py", "tests/conftest.py"])
    write_sdist(dist, [*sorted(dc.expected_sdist(files)), f"{NAME}/tests/test_cli.py",
                       f"{NAME}/.venv/bin/python"])
    whl = f"{NAME}-py3-none-any.whl"
    assert dc.check(dist) == [
        f"{whl} lacks notify/core/store/migrations/0001_init.sql",
        f"{whl} holds notify/gone_since.py, which it should not",
        f"{whl} holds tests/conftest.py, which it should not",
        f"{NAME}.tar.gz holds {NAME}/.venv/bin/python, which it should not",
        f"{NAME}.tar.gz holds {NAME}/tests/test_cli.py, which it should not",
    ]
    assert dc.main([str(dist)]) == 1


def test_an_empty_folder_says_how_to_build(tmp_path: Path) -> None:
    (problem,) = dc.check(tmp_path)
    assert "make dist" in problem and "neither" in problem
