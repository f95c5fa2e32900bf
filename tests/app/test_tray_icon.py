"""The tray icon reads on a dark panel and on a light one: measured on the rendered icon (as the
tray shows it, with and without its unread-count badge, paused or not), against panel colours
of common desktops, by the WCAG non-text contrast (at least 3:1 against adjacent colours).

What is measured: of the icon's opaque pixels that can be seen on the panel (those not within
1.5:1 of it: a light outline melts into a light panel), the share that stand at least ``c``:1
from the panel or lie inside an outline that does (a bell in a colour close to a dark panel's,
outlined in white, reads by its outline), or touch such a pixel (the blend of two colours that
smoothing leaves along an edge is no edge of its own). The icon's figure on a panel is the
highest ``c`` at which that share is at least ``COVERED``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter

from notify.app.contrast import contrast
from notify.app.icons import TRAY_ICON, TRAY_PAUSED_ICON
from notify.app.tray import BADGE_FILL, BADGE_RING, BADGE_TEXT, badge_icon, badge_rect

NON_TEXT = 3.0  # WCAG 2.1 SC 1.4.11
SEEN = 1.5  # a pixel within this of the panel is not seen against it
COVERED = 0.9
# panels: GNOME's top bar, Windows' and KDE Breeze Dark's, a mid-grey one; white, Adwaita's
# and Breeze's light ones, a light grey
DARK = ("#000000", "#202020", "#31363b", "#3c3c3c")
LIGHT = ("#ffffff", "#f6f5f4", "#eff0f1", "#e0e0e0")
SIZES = (22, 32, 64)  # a tray's icon, a HiDPI tray's, the pixmap the badge is drawn on


def on_panel(icon: QIcon, size: int, panel: str) -> tuple[QImage, QImage]:
    """The icon at ``size`` as the tray scales it (from the 64 px pixmap), alone and drawn on
    ``panel``."""
    alone = icon.pixmap(64, 64).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation).toImage()
    shown = QImage(alone.size(), QImage.Format.Format_RGB32)
    shown.fill(QColor(panel))
    painter = QPainter(shown)
    painter.drawImage(0, 0, alone)
    painter.end()
    return alone, shown


def covered_share(alone: QImage, shown: QImage, panel: QColor, least: float) -> float:
    """Of the opaque pixels seen on ``panel``, the share at ``least``:1 from it or inside an
    outline that is (not reached from the border without crossing such a pixel), or beside
    one of those."""
    w, h = alone.width(), alone.height()
    ratio = {(x, y): contrast(shown.pixelColor(x, y), panel) for x in range(w) for y in range(h)}
    seen = {p for p, r in ratio.items() if alone.pixelColor(*p).alpha() == 255 and r >= SEEN}
    if not seen:
        return 0.0
    strong = {p for p, r in ratio.items() if r >= least}
    outside: set[tuple[int, int]] = set()
    todo = [(x, y) for x in range(w) for y in (0, h - 1)] + [
        (x, y) for x in (0, w - 1) for y in range(h)]
    while todo:
        p = todo.pop()
        if p in outside or p in strong or p not in ratio:
            continue
        outside.add(p)
        x, y = p
        todo += [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)]
    inside = set(ratio) - outside
    near = {(x + dx, y + dy) for x, y in inside for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
    return len(seen & (inside | near)) / len(seen)


def legible_at(icon: QIcon, size: int, panel: str) -> float:
    """The icon's figure on ``panel``: the highest contrast ``c`` at which ``COVERED`` of what
    is seen of it is at ``c``:1 or inside such an outline."""
    alone, shown = on_panel(icon, size, panel)
    background = QColor(panel)
    levels = sorted({round(contrast(shown.pixelColor(x, y), background), 2)
                     for x in range(shown.width()) for y in range(shown.height())},
                    reverse=True)
    for level in levels:
        if level >= SEEN and covered_share(alone, shown, background, level) >= COVERED:
            return level
    return 1.0


ICONS = {
    "plain": lambda: badge_icon(QIcon(str(TRAY_ICON)), 0),
    "badge-5": lambda: badge_icon(QIcon(str(TRAY_ICON)), 5),
    "badge-99+": lambda: badge_icon(QIcon(str(TRAY_ICON)), 120),
    "paused": lambda: badge_icon(QIcon(str(TRAY_PAUSED_ICON)), 0),
    "paused-badge-12": lambda: badge_icon(QIcon(str(TRAY_PAUSED_ICON)), 12),
}


@pytest.mark.parametrize("name", sorted(ICONS))
def test_the_tray_icon_reads_on_dark_and_light_panels(qapp: object, name: str,
                                                      shots_dir: Path) -> None:
    """Regression: the blue bell stood 2.7:1 from a #303030 panel (2.3:1 from a #3c3c3c one),
    the red badge 2.8:1, and the badge's red was the bell's blue in lightness (1:1)."""
    icon = ICONS[name]()
    figures = {(panel, size): legible_at(icon, size, panel)
               for panel in DARK + LIGHT for size in SIZES}
    for panel in DARK + LIGHT:  # to look at: the icon on each panel, at each size
        for size in SIZES:
            on_panel(icon, size, panel)[1].scaled(size * 4, size * 4).save(
                str(shots_dir / f"tray-{name}-{panel[1:]}-{size}.png"))
    weak = {k: v for k, v in figures.items() if v < NON_TEXT}
    assert not weak, f"{name}: below {NON_TEXT}:1 on {weak}"


def test_the_badge_reads_on_the_bell_and_its_count_on_the_badge() -> None:
    """The badge's ring parts it from the bell (the same lightness as its red) and from the
    panel; its count is text: 4.5:1 on the badge (WCAG AA)."""
    fill, ring, text = QColor(BADGE_FILL), QColor(BADGE_RING), QColor(BADGE_TEXT)
    assert contrast(ring, fill) >= NON_TEXT
    assert contrast(text, fill) >= 4.5


def pause_bars() -> list[tuple[float, float, float, float]]:
    """The pause sign's bars in tray-paused.svg (x, y, width, height, in its 64 px)."""
    import xml.etree.ElementTree as ET

    bars = [e for e in ET.parse(TRAY_PAUSED_ICON).iter()
            if e.tag.endswith("rect") and e.get("fill") == "#ffffff"]
    return [tuple(float(b.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[misc]
            for b in bars]


def test_the_pause_sign_is_not_under_the_count(qapp: object) -> None:
    """A new user's session: paused with 3 stories counted, the tray showed a grey bell and a
    red "3"; the pause sign's bars (on the bell's middle) lay under the badge, one covered, the
    other cut, so at 16 px "paused" was only blue turned grey. Every pixel of the bars is the
    same with a count as without."""
    bars = pause_bars()
    assert len(bars) == 2
    plain = badge_icon(QIcon(str(TRAY_PAUSED_ICON)), 0).pixmap(64, 64).toImage()
    counted = badge_icon(QIcon(str(TRAY_PAUSED_ICON)), 88).pixmap(64, 64).toImage()
    badge = badge_rect(64)
    for x0, y0, w, h in bars:
        pixels = [(x, y) for x in range(int(x0), int(x0 + w)) for y in range(int(y0), int(y0 + h))]
        assert pixels
        assert all(not badge.contains(x, y) for x, y in pixels), (x0, y0, badge)
        assert all(plain.pixelColor(x, y) == counted.pixelColor(x, y) for x, y in pixels)
        # and the bars are seen: white on the sign's dark disc
        assert all(plain.pixelColor(x, y).lightness() > 200 for x, y in pixels)
