from __future__ import annotations

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
