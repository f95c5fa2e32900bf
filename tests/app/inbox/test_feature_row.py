"""The Why panel's feature rows (``feature_row.py``): the rows of one panel place their
correction buttons alike, and a button below its words is indented under them."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from notify.app.inbox.feature_row import FeatureRow
from notify.app.inbox.why_panel import WhyArea, WhyPanel
from notify.core.ranking.explain import build

NOW = time.time()


def test_the_rows_of_a_panel_place_their_buttons_alike_each_under_its_own_words(
        qtbot: QtBot, shots_dir: Path) -> None:
    """Regression (s15, 1280 px inbox): three stated interests; "media" fitted beside its
    "Not interested any more", "journalism" and "technology" did not, so the first button sat
    beside its words and the others below theirs at the pane's left edge, the one under
    "journalism" right above "technology"'s bar: it read as technology's. Now every row of the
    panel is beside, or every row below, and a button below sits under its row's words."""
    exp = build([("int:keyword:media", 8.0), ("int:keyword:journalism", 8.0),
                 ("int:keyword:technology", 8.0)], 0.99, decision="notify",
                decision_reason=">99% likely to interest you", notified_at=NOW,
                decided_score=0.99)
    panel = WhyPanel()
    area = WhyArea(panel)
    qtbot.addWidget(area)
    panel.item_id = 1
    panel.show_explanation(exp, 1, "Gamma Media Wire", item_id=1)
    area.show()
    qtbot.wait(20)
    rows = panel.findChildren(FeatureRow)
    assert [r.words.text() for r in rows] == [
        "you said you're interested in “media”", "you said you're interested in “journalism”",
        "you said you're interested in “technology”"]
    # a width where "media" alone would fit beside its button, "journalism" not
    spare = area.width() - rows[0].width()
    fits = [next(w for w in range(100, 2000) if r.fits_beside(w)) for r in rows]
    assert fits[0] < fits[1]
    area.resize(fits[0] + spare + 2, 600)
    qtbot.waitUntil(lambda: rows[0].width() >= fits[0])
    qtbot.wait(20)
    assert rows[0].fits_beside(rows[0].width()) and not rows[1].fits_beside(rows[1].width())
    assert [r.beside for r in rows] == [False, False, False]
    for row in rows:
        button = row.findChild(QPushButton)
        assert button is not None
        assert button.y() >= row.words.geometry().bottom()  # below its own words
        assert button.x() >= row.words.x()  # under them, not under the bar
    area.resize(area.width(), area.sizeHint().height())
    qtbot.wait(20)
    area.grab().save(str(shots_dir / "why-rows-alike.png"))
    area.resize(fits[1] + fits[2] + spare, 600)  # room for every row: all beside again
    qtbot.waitUntil(lambda: all(r.beside for r in rows))
