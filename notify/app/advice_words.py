"""The core's advice (``notify.core.errors.Advice``) in the app's words: where to click, not
which command to run. The core's errors and findings carry what failed and what to do as data;
the command line words the action as a command (``errors.command_line_words``), the app here.

``said(err)``: an error's message as the app shows it (the command line's words for anything
that carries no advice). ``app_words(advice)``: one advice, for a front end's own sentence."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from notify.core.errors import Advice, NotifyError, Remedy
from notify.core.sources import registry


def tr(text: str) -> str:
    return QCoreApplication.translate("Advice", text)


def app_words(advice: Advice) -> str:
    if advice.remedy is Remedy.LIST_SOURCES:
        return tr("It may have been removed meanwhile: Settings → Sources lists the sources "
                  "there are.")
    if advice.remedy is Remedy.LIST_ITEMS:
        return tr("It may have been removed meanwhile (old items are cleaned up): the inbox "
                  "shows the items there are.")
    return tr("If it is a web API, follow it as a {0} source: in Settings → Sources, choose "
              "the kind “{0}” under Add a source and give it this address.").format(
                  registry.get("json").label)


def said(err: BaseException) -> str:
    """``err``'s message for the app: its advice, if it carries one, in the app's words."""
    return err.said(app_words) if isinstance(err, NotifyError) else str(err)
