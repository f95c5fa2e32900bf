"""The source names Settings → Profile offers while a person types an alert's or a block's
value: the names the sources' items carry (``source_names.source_name``), so that the pin
matches them; never an address with its secrets."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from notify.app.settings.profile_page import ProfilePage
from tests.app.conftest import call
from tests.app.settings.test_profile_page import offered


def test_feeds_without_a_title_are_offered_by_the_name_their_items_carry(
        qtbot: QtBot, bridge: Any) -> None:
    """Regression: two such feeds on one host were offered as one '127.0.0.1', which no item
    was called (the items say host and path, as the Sources page and the inbox)."""
    for url in ("http://bob:hunter2@127.0.0.1:9/a.xml?api_key=KEY999", "http://127.0.0.1:9/b.xml"):
        call(qtbot, bridge, lambda e, url=url: e.add_source("feed", url))
    page = ProfilePage(bridge)
    qtbot.addWidget(page)
    page.show()  # the names are read when the page is shown
    qtbot.waitUntil(lambda: bool(offered(page, "source")), timeout=5000)
    assert offered(page, "source") == ["127.0.0.1:9/a.xml?api_key=•••", "127.0.0.1:9/b.xml"]
