"""What to do about a source's stored error, said the app's way: the Health line, the import
report, the failing-source notices. The advice is stored as data next to the error's text
(docs/store.md); the command line prints the text, the app says where to click.

Real parts: a real engine and store, a real local HTTP server, real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths
from tests.app.conftest import call
from tests.core.test_engine import make_engine, run

CLI_WORDS = ("--option", "--token-stdin", "--url", "notify sources", "notify ")


def cli_free(text: str) -> bool:
    return not any(w in text for w in CLI_WORDS)


@pytest.fixture
def window(qtbot: QtBot, bridge: Any, paths: Paths) -> Iterator[SettingsWindow]:
    w = SettingsWindow(bridge, paths)
    qtbot.addWidget(w)
    w.resize(900, 700)
    w.show()
    yield w


def test_a_feed_imported_without_its_secret_says_where_to_edit_it_in_the_report_and_health(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, tmp_path: Path,
        shots_dir: Path) -> None:
    """Regression: the import report said "Edit the source's address to add it: notify
    sources edit 1 --url ADDRESS, or in Settings → Sources." to a desktop user (the first run's
    report too: the same dialog). The disabled source's Health line says it the app's way."""
    opml = tmp_path / "Exported.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline text="Private" type="rss" '
                    'xmlUrl="https://private.example/feed?user=7&amp;key=•••"/>'
                    '</body></opml>', encoding="utf-8")
    page = window.sources
    page.import_opml(opml)
    qtbot.waitUntil(lambda: page.import_report is not None, timeout=10_000)
    dialog = page.import_report
    assert dialog is not None
    (line,) = [line for line in dialog.lines() if "was removed" in line]
    assert line.endswith("Edit the source's address to add it: in Settings → Sources: type the "
                         "new address in its “Address” and press Save."), line
    assert cli_free(line), line
    dialog.grab().save(str(shots_dir / "import-report-secret-removed.png"))
    dialog.close()

    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    qtbot.waitUntil(lambda: "Disabled" in page.health.text(), timeout=10_000)
    health = page.health.text()
    assert "type the new address in its “Address” and press Save" in health, health
    assert cli_free(health), health
    window.grab().save(str(shots_dir / "health-secret-removed.png"))


def test_failing_sources_notices_say_what_to_do_the_app_s_way(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    """Regression: the notice of a source that keeps failing (the tray's, the inbox's) gave its
    stored error as the command line words it: "add it: notify sources edit 1 --token-stdin,
    or in Settings → Sources"."""
    from notify.app.poll_report import FailingSources, failing_sources

    httpserver.expect_request("/api").respond_with_json({"message": "who are you"}, status=401)
    engine = make_engine(tmp_path)
    source = engine.add_source("json", httpserver.url_for("/api"), title="Private API")
    run(engine, lambda: engine.poll([source.id]))
    summary = run(engine, lambda: engine.poll([source.id]))
    (report,) = summary.reports
    assert "notify sources edit" in (report.message or "")  # the command line's words
    watched = FailingSources()
    (failure,), _ = watched.update(summary)
    (stored,) = failing_sources(engine)
    for said in (failure.notice(), stored.notice()):
        assert ("The API may need a token (sent as “Authorization: •••”; the token header "
                "and prefix settings change that): add it: type it in its token field in "
                "Settings → Sources and press Save.") in said, said
        assert cli_free(said), said
    engine.close()


def test_a_disabled_source_polled_alone_says_how_to_enable_it_the_app_s_way(
        tmp_path: Path) -> None:
    """The round of a disabled source alone said "It is disabled; to poll it, enable it:
    notify sources enable 1." in the app's footer."""
    from notify.app.poll_report import round_result

    engine = make_engine(tmp_path)
    source = engine.add_source("feed", "http://127.0.0.1:9/a.xml", title="Off")
    engine.update_source(source.id, enabled=False)
    summary = run(engine, lambda: engine.poll([source.id]))
    assert "notify sources enable" in (summary.reports[0].message or "")
    said = round_result(summary)
    assert said == ("It is disabled; to poll it, enable it: select it in Settings → Sources and "
                    "press Enable."), said
    engine.close()


def test_every_stored_failure_s_health_names_no_command(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    """Each kind of stored failure, from the fetcher's typed outcomes and the kinds' words, as
    the Health line says it: none names a command (the command line's words stay in the store,
    for ``notify sources show``)."""
    from notify.app.settings.source_health import health_text

    httpserver.expect_request("/auth").respond_with_data("no", status=401)
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/gone").respond_with_data("no", status=410)
    httpserver.expect_request("/page").respond_with_data(
        "<html><head><link rel='alternate' type='application/rss+xml' href='/rss'></head>"
        "</html>", content_type="text/html")
    httpserver.expect_request("/json").respond_with_json({"results": [1]})
    httpserver.expect_request("/api").respond_with_data("no", status=403)
    added = [("feed", "/auth"), ("feed", "/missing"), ("feed", "/gone"), ("feed", "/page"),
             ("feed", "/json"), ("json", "/api")]
    for kind, path in added:
        call(qtbot, bridge, lambda e, k=kind, p=path: e.add_source(
            k, httpserver.url_for(p), title=p.strip("/")))
    call(qtbot, bridge, lambda e: e.poll())
    states = call(qtbot, bridge, lambda e: [e.source_state(s.id) for s in e.sources()])
    assert all(s.last_error for s in states), states
    for state in states:
        health = health_text(state)
        assert cli_free(health), health
    cli = "\n".join(s.last_error or "" for s in states)
    assert "notify sources edit" in cli and "--token-stdin" in cli  # kept for the CLI


def test_a_source_disabled_as_gone_says_it_once(
        qtbot: QtBot, bridge: Any, httpserver: HTTPServer) -> None:
    """Regression (s15 app finding 9): "Disabled: Gone feed is gone: the server says it was
    removed for good (HTTP 410)…" then "Last error: The publisher removed this feed (HTTP 410
    Gone …), so Notify disabled the source…": one fact in two wordings."""
    from notify.app.settings.source_health import health_text

    httpserver.expect_request("/gone").respond_with_data("no", status=410)
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/gone"),
                                               title="Gone feed"))
    call(qtbot, bridge, lambda e: e.poll())
    state = call(qtbot, bridge, lambda e: e.source_state(e.sources()[0].id))
    health = health_text(state)
    assert "Disabled: " in health and "410" in health
    assert "Last error" not in health and health.count("410") == 1, health
