from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from notify.app.settings.kind_form import KindForm, parse_mapping
from notify.core.sources import registry
from notify.core.sources.base import Setting, SettingType


def test_every_registered_kind_gets_a_form_with_named_widgets(qtbot: QtBot) -> None:
    for kind in registry.all_kinds():
        form = KindForm(kind.settings)
        qtbot.addWidget(form)
        assert set(form.widgets) == {s.key for s in kind.settings}
        assert all(w.accessibleName() for w in form.widgets.values())
        defaults = form.values()
        for s in kind.settings:
            if s.type is not SettingType.SECRET and s.default not in (None, "", {}):
                assert defaults[s.key] == s.default, (kind.id, s.key)


def test_values_round_trip_and_secrets_stay_out(qtbot: QtBot) -> None:
    settings = (
        Setting("n", "Count", SettingType.INT, default=3),
        Setting("b", "Flag", SettingType.BOOL, default=False),
        Setting("c", "Choice", SettingType.CHOICE, default="top", choices=("new", "top")),
        Setting("m", "Headers", SettingType.MAPPING, default={}),
        Setting("t", "Token", SettingType.SECRET),
        Setting("u", "Where", SettingType.URL),
    )
    form = KindForm(settings)
    qtbot.addWidget(form)
    form.set_values({"n": 7, "b": True, "c": "new", "m": {"X-A": "1"}, "t": "notify-ref-1",
                     "u": "https://example.org"})
    token = form.widgets["t"]
    assert isinstance(token, QLineEdit) and token.text() == ""
    token.setText("s3cret-typed")
    values = form.values()
    assert values == {"n": 7, "b": True, "c": "new", "m": {"X-A": "1"}, "t": "notify-ref-1",
                      "u": "https://example.org"}
    assert "s3cret-typed" not in repr(values)
    assert form.typed_secrets() == {"t": "s3cret-typed"}
    form.clear_secrets()
    assert form.typed_secrets() == {}


def test_parse_mapping() -> None:
    assert parse_mapping("a: 1\n\nbad line\nb:  two: x ") == {"a": "1", "b": "two: x"}


CLI_WORDS = ("--option", "--token-stdin", "notify sources", " -o ")


def core_errors(kind: Any) -> list[str]:
    """What each kind says about bad input: an empty, odd or foreign address, each setting
    left empty or wrong, a credential header, a timeline that needs a token."""
    from notify.core.errors import NotifyError

    bad: list[dict[str, Any]] = [{}, {"timeline": "home"}, {"timeline": "notifications"},
                                 {"timeline": "tag"}, {"list": "nope"}, {"sort": "nope"},
                                 {"what": "events"}, {"headers": {"Authorization": "x"}},
                                 {"items": "[[["}, {"fields": {"nope": "x"}}]
    out = []
    for url in ("", "x", "owner", "https://example.org/x", "http://127.0.0.1:9"):
        for settings in bad:
            try:
                kind.normalise(url, settings)
            except NotifyError as err:
                out.append(str(err))
    return out


def test_the_core_errors_are_said_with_the_forms_labels(qtbot: QtBot) -> None:
    """Regression: "The Mastodon tag timeline needs a hashtag: --option tag=python"."""
    from notify.app.settings.kind_form import in_gui_words

    seen = 0
    for kind in registry.all_kinds():
        for message in core_errors(kind):
            seen += any(w in message for w in CLI_WORDS)
            said = in_gui_words(message, kind.settings)
            assert not any(w in said for w in CLI_WORDS), (kind.id, said)
    assert seen  # the core still speaks to the command line somewhere: this test means it
    mastodon = registry.get("mastodon")
    form = KindForm(mastodon.settings)
    qtbot.addWidget(form)
    assert form.in_gui_words(
        "The Mastodon tag timeline needs a hashtag: --option tag=python (no '#').") == (
        "The Mastodon tag timeline needs a hashtag: type it in “Hashtag (for the tag "
        "timeline)”, e.g. python (no '#').")
    assert in_gui_words(
        "Example: notify sources add --kind github-repo python/cpython --option what=releases",
        registry.get("github-repo").settings) == (
        "Example: python/cpython (“What to follow”: releases)")
    assert in_gui_words(
        "give the token again (notify sources add … --token-stdin).",
        registry.get("json").settings) == "give the token again in the “Token” field."


def test_labels_with_an_ampersand_are_no_mnemonics(qtbot: QtBot) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLabel

    form = KindForm((Setting("q", "Questions & answers", SettingType.TEXT, required=True),))
    qtbot.addWidget(form)
    label = form.layout().labelForField(form.widgets["q"])  # type: ignore[attr-defined]
    assert isinstance(label, QLabel)
    assert label.text() == "Questions && answers *"
    assert QKeySequence.mnemonic(label.text()).isEmpty()
