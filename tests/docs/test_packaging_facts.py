"""packaging/: the AppStream metadata and the desktop entry say what the project says elsewhere:
its version, its id, its licence, its categories, its command."""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET

import notify
from notify.app.icons import APP_ID as ICONS_APP_ID
from tests.docs.pages import REPO

PACKAGING = REPO / "packaging"
APP_ID = "io.github.notify.Notify"


def metainfo() -> ET.Element:
    return ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()


def entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_metainfo_release_is_this_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    newest = metainfo().find("releases/release")
    assert newest is not None
    assert newest.get("version") == project["version"] == notify.__version__


def test_the_metainfo_and_the_entry_agree_with_the_project() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = metainfo()
    assert info.findtext("id") == APP_ID == ICONS_APP_ID
    assert info.findtext("project_license") == project["license"]
    assert info.findtext("launchable") == f"{APP_ID}.desktop"
    assert [b.text for b in info.iter("binary")] == list(project["scripts"])
    categories = [c.text for c in info.iter("category")]
    assert entry()["Categories"].rstrip(";").split(";") == categories
    assert (entry()["Name"], entry()["Icon"]) == (info.findtext("name"), APP_ID)
