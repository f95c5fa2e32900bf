"""The item pane: shown images fit the pane's width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot


def picture(width: int, height: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0xFF3366AA)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def drawn_sizes(pane: Any) -> dict[str, tuple[float, float]]:
    """The size each image of the pane's text is drawn at, by its URL."""
    from PySide6.QtGui import QTextImageFormat

    sizes: dict[str, tuple[float, float]] = {}
    block = pane.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                image = QTextImageFormat(fmt)
                sizes[image.name()] = (image.width(), image.height())
            it += 1
        block = block.next()
    return sizes


def test_shown_images_are_never_wider_than_the_pane(qtbot: QtBot, shots_dir: Path) -> None:
    """Regression: after "Show images", an image with width=600 (or a wide picture) overflowed
    the pane, behind a horizontal scroll bar. Scaled down to the text's width, proportions
    kept, following the pane's width; a small image keeps its size."""
    from notify.app.inbox.pane import ItemPane
    from tests.app.conftest import assert_not_blank
    from tests.app.inbox.test_blocked_images import item

    wide, big, small = (f"https://cdn.example.org/{n}.png" for n in ("wide", "big", "small"))
    pane = ItemPane()
    qtbot.addWidget(pane)
    pane.resize(460, 700)
    pane.show()
    pane.show_item(item(f'<p><img src="{wide}" alt="Chart" width="600" height="300"></p>'
                        f'<p><img src="{big}" alt="Photo"></p>'
                        f'<p>A small one: <img src="{small}" alt="Icon"> inline.</p>'))
    pane.images_button.click()
    pane.images_arrived({wide: picture(300, 150), big: picture(1200, 400),
                         small: picture(60, 30)})
    bar = pane.browser.horizontalScrollBar()
    pane.resize(500, 700)
    for width in (760, 300, 460):
        before = pane.browser.width()
        pane.resize(width, 700)
        qtbot.waitUntil(lambda before=before: pane.browser.width() != before)
        room = pane.browser.viewport().width()
        sizes = drawn_sizes(pane)
        assert bar.maximum() == 0, f"a horizontal scroll bar at {width} px"
        assert all(w <= room for w, _h in sizes.values())
        assert sizes[wide] == pytest.approx((min(600, sizes[wide][0]), sizes[wide][0] / 2))
        assert sizes[wide][0] == pytest.approx(min(600.0, pane.browser.text_width()))
        assert sizes[big] == pytest.approx((pane.browser.text_width(),
                                            pane.browser.text_width() / 3))
        assert sizes[small] == (60, 30)  # small images keep their size
        assert_not_blank(pane, shots_dir / f"pane-images-{width}.png")


def stripes(width: int, height: int) -> bytes:
    """A PNG of one-pixel black and white columns: scaled without smoothing it stays black
    and white, smoothly it turns grey."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    for x in range(width):
        colour = 0xFF000000 if x % 2 else 0xFFFFFFFF
        for y in range(height):
            image.setPixel(x, y, colour)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def test_an_image_scaled_to_the_pane_is_drawn_smoothly(qtbot: QtBot, shots_dir: Path) -> None:
    """Regression: an image scaled to the pane's width was scaled without smoothing (jagged):
    Qt's document draws a scaled image with nearest-neighbour sampling."""
    from PySide6.QtCore import QPoint

    from notify.app.inbox.pane import ItemPane
    from tests.app.inbox.test_blocked_images import item

    url = "https://cdn.example.org/stripes.png"
    pane = ItemPane()
    qtbot.addWidget(pane)
    pane.resize(460, 600)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_item(item(f'<p><img src="{url}" alt="Stripes"></p>'))
    pane.images_button.click()
    pane.images_arrived({url: stripes(1201, 80)})
    width, height = drawn_sizes(pane)[url]
    assert width == pytest.approx(pane.browser.text_width()) and width < 600
    shot = pane.browser.viewport().grab().toImage()
    top_left = pane.browser.document().documentLayout().blockBoundingRect(
        pane.browser.document().begin()).topLeft().toPoint()
    greys = set()
    for x in range(10, int(width) - 10):
        pixel = shot.pixelColor(top_left + QPoint(x, int(height) // 2))
        greys.add(pixel.red() // 32)
    shot.save(str(shots_dir / "pane-image-smooth.png"))
    # nearest-neighbour: black (0) and white (7) only; smoothly: the greys between
    assert greys - {0, 7}, greys


@pytest.mark.parametrize(("markup", "expected"), [
    ('width="50%"', (0.5, None)),  # half the text's width, proportions kept (scaled up too)
    ('width="50%" height="30%"', (0.5, None)),  # a height in percent: auto, as in a browser
    ('width="120px"', (120, 60)),  # "px", as browsers read it (Qt read none of these)
    ('width=" 150 "', (150, 75)),
    ('width="250%"', (1.0, None)),  # never wider than the text
])
def test_an_image_width_in_percent_or_px_is_read_as_a_browser_reads_it(
        qtbot: QtBot, markup: str, expected: tuple[float, float | None]) -> None:
    """Regression: ``<img width="50%">`` was drawn at the picture's own size (Qt's HTML reader
    made it a width of -2); so was ``width="120px"``."""
    from notify.app.inbox.pane import ItemPane
    from tests.app.inbox.test_blocked_images import item

    url = "https://cdn.example.org/photo.png"
    pane = ItemPane()
    qtbot.addWidget(pane)
    pane.resize(600, 600)
    pane.show()
    pane.show_item(item(f'<p><img src="{url}" alt="Photo" {markup}></p>'))
    pane.images_button.click()
    pane.images_arrived({url: picture(200, 100)})
    text = pane.browser.text_width()
    wanted_w = expected[0] * text if expected[0] <= 1.0 else expected[0]
    wanted_h = expected[1] if expected[1] is not None else wanted_w / 2
    assert drawn_sizes(pane)[url] == pytest.approx((wanted_w, wanted_h))
    pane.resize(400, 600)  # a percentage follows the pane's width
    qtbot.waitUntil(lambda: pane.browser.text_width() < text)
    if "%" in markup:
        smaller = pane.browser.text_width()
        assert drawn_sizes(pane)[url][0] == pytest.approx(min(1.0, expected[0]) * smaller)


def test_the_title_follows_a_change_of_the_text_size(qtbot: QtBot, shots_dir: Path) -> None:
    """Regression (s15): the desktop's font went from 9 to 14 pt while the inbox was open:
    every text grew but the item's title, a size set once (1.3 × 9 pt), now smaller than the
    text under it. It is 1.3 × the application's font, made again when that changes."""
    from PySide6.QtWidgets import QApplication

    from notify.app.inbox.pane import TITLE_SCALE, ItemPane
    from tests.app.inbox.test_blocked_images import item

    pane = ItemPane()
    qtbot.addWidget(pane)
    pane.resize(460, 500)
    pane.show()
    pane.show_item(item("<p>Text</p>"))
    base = QApplication.font()
    assert pane.title.font().pointSizeF() == pytest.approx(base.pointSizeF() * TITLE_SCALE)
    large = QApplication.font()
    large.setPointSize(14)
    QApplication.setFont(large)
    try:
        qtbot.waitUntil(lambda: pane.meta.font().pointSizeF() == 14)  # the text under it
        assert pane.title.font().pointSizeF() == pytest.approx(14 * TITLE_SCALE)
        assert pane.title.font().bold()
        pane.grab().save(str(shots_dir / "pane-title-14pt.png"))
    finally:
        QApplication.setFont(base)
    assert pane.title.font().pointSizeF() == pytest.approx(base.pointSizeF() * TITLE_SCALE)
