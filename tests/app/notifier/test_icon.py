"""The icon a bubble carries, as a notification server draws it."""

from __future__ import annotations

from PySide6.QtSvg import QSvgRenderer

from notify.app.icons import APP_ICON

# Debian's /etc/xdg/dunst/dunstrc, the one a dunst user has: min_icon_size 32, max_icon_size 128
DEBIAN_DUNST_ICON_SIZES = (32, 128)


def drawn_size(natural: int, sizes: tuple[int, int] = DEBIAN_DUNST_ICON_SIZES) -> int:
    """dunst loads a file icon at its own size and scales it into [min, max] only when it
    is outside (``icon_pixbuf_scale``)."""
    low, high = sizes
    return min(max(natural, low), high)


def test_a_bubbles_icon_is_not_drawn_at_128_px_by_debians_dunst() -> None:
    """A new user's session under Debian's dunstrc: every bubble of Notify had a 128 px icon
    (the SVG said width="128"), which took 128 of the bubble's 300 px and wrapped its title
    and why line at about 20 characters ("Climate report / warns of record heat / #34").
    The icon's own size is 48 px, as a themed application icon in a bubble."""
    renderer = QSvgRenderer(str(APP_ICON))
    assert renderer.isValid()
    size = renderer.defaultSize()
    assert size.width() == size.height()
    assert drawn_size(size.width()) <= 48, size
    # its drawing is unchanged: a 128 viewBox, sharp at any size Qt or an icon theme asks
    assert renderer.viewBox().width() == 128
