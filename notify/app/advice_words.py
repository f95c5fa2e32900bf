"""The core's advice (``notify.core.errors.Advice``) in the app's words: where to click, not
which command to run. The core's errors and findings carry what failed and what to do as data;
the command line words the action as a command (``errors.command_line_words``), the app here.

``said(err)``: an error's message as the app shows it (the command line's words for anything
that carries no advice). ``app_words(advice)``: one advice, for a front end's own sentence.
``about_source(message)``: a message that carries its advice as data (``errors.Advised``: a
poll's error stored with the source, the reason it is disabled, an OPML import's warning, a
probe's finding) in the app's words."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from notify.core.errors import Advice, Advised, NotifyError, Remedy
from notify.core.logs import redact
from notify.core.sources import registry
from notify.core.sources.base import Setting, SettingType


def tr(text: str) -> str:
    return QCoreApplication.translate("Advice", text)


def app_words(advice: Advice) -> str:
    if advice.remedy is Remedy.LIST_SOURCES:
        return tr("It may have been removed meanwhile: Settings → Sources lists the sources "
                  "there are.")
    if advice.remedy is Remedy.LIST_ITEMS:
        return tr("It may have been removed meanwhile (old items are cleaned up): the inbox "
                  "shows the items there are.")
    if advice.remedy is Remedy.EDIT_ADDRESS and advice.address:  # a page's feed to use
        return tr("in Settings → Sources: press “Use the page's feed…” under its health, or "
                  "type another address in its “Address” and press Save")
    if advice.remedy is Remedy.EDIT_ADDRESS:
        return tr("in Settings → Sources: type the new address in its “Address” and press Save")
    if advice.remedy is Remedy.GIVE_TOKEN:
        return tr("type it in its token field in Settings → Sources and press Save")
    if advice.remedy is Remedy.ENABLE_SOURCE:
        return tr("select it in Settings → Sources and press Enable")
    if advice.remedy is Remedy.NAME_A_FEATURE:
        return tr("a feature name such as w:rust (the tooltip of a learned feature on this "
                  "page gives its name)")
    if advice.remedy is Remedy.SET_OPTION:
        return option_words(advice)
    if advice.remedy is Remedy.TYPE_TOKEN:
        return tr("type one in its “{0}” field").format(
            token_label(kind_settings(advice.kind)) or tr("token"))
    if advice.remedy is Remedy.FOLLOW_AS_FEED:
        address = redact(advice.address)
        if address != advice.address or "•••" in address:  # a key, never shown (nor usable so)
            address = tr("its address (its key included)")
        return tr("in Settings → Sources, choose the kind “{0}” under Add a source and give it "
                  "{1}").format(registry.get("feed").label, address)
    if advice.remedy is Remedy.IMPORT_LIST:
        address = redact(advice.address)
        if address != advice.address or "•••" in address:  # a key, as above
            address = tr("it from its address (its key included)")
        return tr("download {0} and choose the file with Import OPML… in Settings → "
                  "Sources").format(address)
    return tr("If it is a web API, follow it as a {0} source: in Settings → Sources, choose "
              "the kind “{0}” under Add a source and give it this address.").format(
                  registry.get("json").label)


def kind_settings(kind_id: str) -> tuple[Setting, ...]:
    """The declared settings of ``kind_id`` (none for a kind this Notify does not know)."""
    try:
        return tuple(registry.get(kind_id).settings)
    except KeyError:
        return ()


def token_label(settings: Sequence[Setting]) -> str:
    """The label of the field a kind's token is typed in ("" for a kind without one)."""
    return next((s.label for s in settings if s.type is SettingType.SECRET), "")


def option_words(advice: Advice) -> str:
    """A ``SET_OPTION`` advice as the app says it: what to do in the field of the setting
    (its label, as the source's form shows it): tick it, choose in it, type in it."""
    key = advice.setting.partition(".")[0]  # a mapping's entry (``fields.id``): its field
    setting = next((s for s in kind_settings(advice.kind) if s.key == key), None)
    name = f"“{setting.label if setting is not None else key}”"
    value = "" if advice.value in ("…", "...") else advice.value
    kind = setting.type if setting is not None else SettingType.TEXT
    if kind is SettingType.BOOL:
        return tr("tick {0}").format(name)
    if kind is SettingType.CHOICE:
        return (tr("choose {0} in {1}").format(value, name) if value and "|" not in value
                else tr("choose one in {0}").format(name))
    if kind is SettingType.MAPPING and advice.setting != key:
        entry = advice.setting.partition(".")[2]
        return (tr("a line “{0}: {1}” in {2}").format(entry, value, name) if value
                else tr("a line “{0}: …” in {1}").format(entry, name))
    return (tr("type it in {0}, e.g. {1}").format(name, value) if value
            else tr("fill in {0}").format(name))


def about_source(message: Advised | None, *, token_field: str = "") -> str:
    """``message`` (a poll's error stored with the source, the reason it is disabled, an OPML
    import's warning, a probe's finding: its advice as data) in the app's words ("" for
    None); a text stored
    before its advice was (its words as they are). ``token_field``: the label of the field the
    source's token is typed in, where the person is (the source's form)."""
    if message is None:
        return ""

    def words(advice: Advice) -> str:
        if advice.remedy is Remedy.GIVE_TOKEN and token_field:
            return tr("type it in the “{0}” field of this source and press Save").format(
                token_field)
        return app_words(advice)

    return message.said(words)


def said(err: BaseException) -> str:
    """``err``'s message for the app: its advice, if it carries one, in the app's words."""
    return err.said(app_words) if isinstance(err, NotifyError) else str(err)
