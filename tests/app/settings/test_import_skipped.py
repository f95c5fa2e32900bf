# ruff: noqa: F811  (the shared fixture "window" is imported by name)
"""The import report's outlines not imported say what to do the app's way: a skipped outline's
advice (look at the page it links to, the site a feed outline names) is data
(``OpmlSkipped.advice``), which the command line says as a command and the app as where to
click. Real parts: a real engine and store, real widgets."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from notify.app.settings.window import SettingsWindow
from tests.app.settings.test_source_health import cli_free, window  # noqa: F401 (fixture)


def test_outlines_not_imported_say_what_to_do_the_app_s_way(
        qtbot: QtBot, window: SettingsWindow, tmp_path: Path, shots_dir: Path) -> None:
    opml = tmp_path / "Mine.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="A page" type="link" url="https://page.example/"/>'
        '<outline text="Keyed page" type="link" url="https://page.example/p?token=Sekrit1"/>'
        '<outline text="No address" type="rss" htmlUrl="https://site.example/"/>'
        '<outline text="A feed" xmlUrl="https://feed.example/rss"/>'
        '<outline text="More" type="include" url="https://x.example/more.opml"/>'
        '<outline text="Keyed list" type="link" url="https://x.example/l.opml?key=Sekrit2"/>'
        '</body></opml>', encoding="utf-8")
    page = window.sources
    page.import_opml(opml)
    qtbot.waitUntil(lambda: page.import_report is not None, timeout=10_000)
    dialog = page.import_report
    assert dialog is not None
    lines = [line for line in dialog.lines() if not line.startswith("A feed")]
    give = ("in Settings → Sources, choose the kind “Feed (RSS, Atom, JSON Feed)” under Add a "
            "source and give it ")
    choose = "choose the file with Import OPML… in Settings → Sources"
    assert lines == [
        "A page (line 1): it links to a web page, not a feed; add the page as a source to find "
        f"its feed: {give}https://page.example/",
        "Keyed page (line 1): it links to a web page, not a feed; add the page as a source to "
        f"find its feed: {give}its address (its key included)",
        f"No address (line 1): it has no feed address (xmlUrl); its site may announce one: "
        f"{give}https://site.example/",
        # another list: how to import it, the app's way
        "More (line 1): it links to another OPML list, not a feed; import that list itself: "
        f"download https://x.example/more.opml and {choose}",
        "Keyed list (line 1): it links to another OPML list, not a feed; import that list "
        f"itself: download it from its address (its key included) and {choose}",
    ], lines
    assert all(cli_free(line) for line in lines)
    assert "Sekrit" not in dialog.text
    dialog.grab().save(str(shots_dir / "import-report-skipped.png"))
