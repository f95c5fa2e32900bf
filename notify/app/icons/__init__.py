"""Notify's icons (SVG), shipped as package data."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent
APP_ID = "io.github.notify.Notify"
APP_ICON = FOLDER / f"{APP_ID}.svg"
TRAY_ICON = FOLDER / "tray.svg"  # the bell outlined in white: it reads on any panel
TRAY_PAUSED_ICON = FOLDER / "tray-paused.svg"
BELL_SHAPE = FOLDER / "bell.svg"  # the bell alone: a notified row's mark (inbox/bell_icon.py)
