"""A remote image the item pane does not load says what it is, as mail clients do: its alt
text, its title or "image not loaded", never Qt's broken-image icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QTextDocument, QTextImageFormat
from pytestqt.qtbot import QtBot

from notify.app.inbox.pane import ItemPane
from notify.app.inbox.query import Detail
from tests.app.conftest import assert_not_blank

CHART = "https://cdn.example.org/chart.png"
TEAM = "https://cdn.example.org/team.jpg"
LOGO = "https://cdn.example.org/logo.png"
PIXEL = "https://t.example/pixel.gif"
HTML = (f'<p>The adoption chart:</p><p><img src="{CHART}" alt="Chart: adoption &lt;2026&gt;" '
        'width="600" height="300"></p>'
        f'<p>The team: <img src="{TEAM}" title="The release team"> and the logo '
        f'<a href="https://example.org/"><img src="{LOGO}"></a>.</p>'
        f'<p>More on the blog.<img src="{PIXEL}" width="1" height="1"></p>')


def item(html: str = HTML) -> Detail:
    return Detail(1, "Released", "https://example.org/r", "Blog", html, "", (), None,
                  1.78e9, None, None, 1, 1.78e9)


def images_in(doc: QTextDocument) -> list[str]:
    """The image names the document would draw (a blocked one was drawn as a broken icon)."""
    names: list[str] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(QTextImageFormat(fmt).name())
            it += 1
        block = block.next()
    return names


def png(colour: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(colour)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def test_a_blocked_image_shows_its_alt_text_not_a_broken_icon(qtbot: QtBot,
                                                               shots_dir: Path) -> None:
    pane = ItemPane()
    qtbot.addWidget(pane)
    pane.resize(560, 420)
    pane.show()
    pane.show_item(item())
    text = pane.browser.toPlainText()
    assert "Chart: adoption <2026>" in text  # the alt text, as text (never as markup)
    assert "The team:  The release team " in text  # no alt: the title
    assert "the logo  image not loaded ." in text  # neither: a neutral mark, still a link
    assert text.count("image not loaded") == 1  # a tracking pixel gets no mark at all
    assert images_in(pane.browser.document()) == []
    # every image not loaded is offered by "Show images", the pixel too
    assert pane.browser.refused == [CHART, TEAM, LOGO, PIXEL]
    assert pane.images_button.isVisibleTo(pane)
    assert_not_blank(pane, shots_dir / "pane-blocked-images.png")


def test_after_show_images_what_arrived_is_drawn_and_the_rest_keeps_its_mark(
        qtbot: QtBot) -> None:
    pane = ItemPane()
    qtbot.addWidget(pane)
    pane.show()
    pane.show_item(item())
    with qtbot.waitSignal(pane.imagesRequested) as asked:
        pane.images_button.click()
    assert asked.args == [[CHART, TEAM, LOGO, PIXEL]]
    # until they arrive, and for one that never does, the mark stays (no broken icon)
    assert images_in(pane.browser.document()) == []
    pane.images_arrived({CHART: png(0x00AA00), TEAM: png(0x0000AA)})
    assert images_in(pane.browser.document()) == [CHART, TEAM]
    text = pane.browser.toPlainText()
    assert "Chart: adoption" not in text and "The release team" not in text
    assert "image not loaded" in text
    # the next item starts blocked again, even for an image fetched before
    pane.show_item(item(f'<p><img src="{CHART}" alt="Chart again"></p>'))
    assert images_in(pane.browser.document()) == []
    assert "Chart again" in pane.browser.toPlainText()
