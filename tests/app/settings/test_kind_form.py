from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from notify.app.settings.kind_form import KindForm, in_gui_words, parse_mapping
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
    # the label of the field's row (the field with its error under it), the field its buddy
    label = next(lab for lab in form.findChildren(QLabel) if lab.buddy() is form.widgets["q"])
    assert label.text() == "Questions && answers *"
    assert QKeySequence.mnemonic(label.text()).isEmpty()


def test_a_command_line_example_s_punctuation_stays_outside_its_settings() -> None:
    """Regression: "python/cpython (“What to follow”: releases;) https://github.com/…": the
    semicolon between two examples was read as part of the option's value."""
    from notify.core.errors import SourceConfigError

    kind = registry.get("github-repo")
    try:
        kind.normalise("bad input !!", {})
    except SourceConfigError as err:
        said = in_gui_words(str(err), kind.settings)
    else:
        raise AssertionError("the kind took 'bad input !!'")
    assert "python/cpython (“What to follow”: releases); https://github.com/torvalds" in said
    assert in_gui_words("e.g. notify sources add --kind mastodon https://m.example "
                        "--option tag=python.", registry.get("mastodon").settings) == (
        "e.g. https://m.example (“Hashtag (for the tag timeline)”: python).")


def test_an_error_is_said_under_the_field_it_names(qtbot: QtBot) -> None:
    form = KindForm((Setting("a", "Instance", SettingType.URL),
                     Setting("t", "Access token", SettingType.SECRET, help="kept safe")))
    qtbot.addWidget(form)
    form.show()
    assert not form.show_error("Something else went wrong.")  # names no field: not here
    assert not any(e.isVisible() for e in form.errors.values())
    assert form.show_error("Give one in the “Access token” field.")
    assert form.errors["t"].isVisible() and not form.errors["a"].isVisible()
    assert form.focusWidget() is form.widgets["t"]  # the keyboard goes there
    # under the field, above its help
    column = form.widgets["t"].parentWidget().layout()
    assert [column.itemAt(i).widget() for i in range(3)][:2] == [form.widgets["t"],
                                                                form.errors["t"]]
    form.clear_errors()
    assert not form.errors["t"].isVisible()


def test_a_list_of_headers_shows_four_lines_in_any_font(qtbot: QtBot, large_font: Any) -> None:
    """Regression: the field was at most 64 px tall: at 14 pt its third line was cut."""
    from PySide6.QtWidgets import QPlainTextEdit

    from notify.app.settings.kind_form import MAPPING_LINES

    form = KindForm((Setting("m", "Headers", SettingType.MAPPING, default={}),))
    qtbot.addWidget(form)
    edit = form.widgets["m"]
    assert isinstance(edit, QPlainTextEdit)
    edit.setPlainText("\n".join(f"X-Header-{n}: {n}" for n in range(MAPPING_LINES)))
    form.show()
    qtbot.waitExposed(form)
    assert edit.verticalScrollBar().maximum() == 0  # the four lines shown, none scrolled away
    edit.appendPlainText("X-One-more: 5")
    assert edit.verticalScrollBar().maximum() > 0  # a fifth scrolls: the height is bounded


def test_mastodon_s_hashtag_is_enabled_only_for_the_tag_timeline(qtbot: QtBot,
                                                                 shots_dir: Any) -> None:
    """Regression: "Hashtag (for the tag timeline)" was enabled whatever the Timeline, so a
    person typed a hashtag under the local timeline that saving then refused ("A hashtag is only
    for the tag timeline"). It is greyed out unless the Timeline is tag, its error cleared,
    and its value (kept for when it applies again) not given."""
    from PySide6.QtWidgets import QComboBox

    form = KindForm(registry.get("mastodon").settings)
    qtbot.addWidget(form)
    form.show()
    timeline, tag = form.widgets["timeline"], form.widgets["tag"]
    assert isinstance(timeline, QComboBox) and isinstance(tag, QLineEdit)
    assert timeline.currentData() == "local" and not tag.isEnabled()
    assert "Only when “Timeline” is tag." in tag.toolTip()
    timeline.setCurrentIndex(timeline.findData("tag"))
    assert tag.isEnabled()
    tag.setText("python")
    assert form.values()["tag"] == "python"
    form.errors["tag"].show_error("The Mastodon tag timeline needs a hashtag.", focus=False)
    form.grab().save(str(shots_dir / "kind-form-mastodon-tag.png"))
    timeline.setCurrentIndex(timeline.findData("public"))
    assert not tag.isEnabled() and not form.errors["tag"].text()
    assert form.values() == {"timeline": "public"}  # the hashtag not given
    assert "tag" not in form.values(picked_choices_only=True)
    assert not form.show_error("“Hashtag (for the tag timeline)” is not for this timeline")
    form.grab().save(str(shots_dir / "kind-form-mastodon-public.png"))
    timeline.setCurrentIndex(timeline.findData("tag"))
    assert tag.isEnabled() and form.values()["tag"] == "python"  # as typed before
    form.set_values({"timeline": "home", "tag": "rust"})  # a source's stored settings
    assert not tag.isEnabled() and "tag" not in form.values()


def test_a_setting_may_apply_only_with_some_values_of_a_flag(qtbot: QtBot) -> None:
    settings = (Setting("all", "Everything", SettingType.BOOL, default=False),
                Setting("n", "Only this many", SettingType.INT, default=5,
                        applies_when=("all", (False,))))
    form = KindForm(settings)
    qtbot.addWidget(form)
    assert form.widgets["n"].isEnabled() and form.values() == {"all": False, "n": 5}
    check = form.widgets["all"]
    assert isinstance(check, QCheckBox)
    check.setChecked(True)
    assert not form.widgets["n"].isEnabled() and form.values() == {"all": True}
    assert settings[1].applies_text == "only when all is False"


def test_in_a_narrow_editor_a_long_label_goes_above_its_field_and_help_wraps(
        qtbot: QtBot, large_font: Any) -> None:
    """Regression: Mastodon's "Access token (home, notifications)" beside its field made the
    form wider than a small window at 14 pt: the page scrolled sideways, the help under a
    field cut off at its right. A long label goes above its field; each help wraps whole."""
    from PySide6.QtWidgets import QLabel

    from notify.app.text_size import text_width

    form = KindForm(registry.get("mastodon").settings)
    qtbot.addWidget(form)
    label = form.findChild(QLabel, "help-timeline")
    assert label is not None
    widest_label = max(lab.sizeHint().width()
                       for lab in form.findChildren(QLabel) if lab.buddy() is not None)
    # no wider than its widest label (and a little): not that label and a field beside it
    assert form.minimumSizeHint().width() < widest_label + text_width(form, 6)
    form.resize(form.minimumSizeHint().width(), form.heightForWidth(
        form.minimumSizeHint().width()))
    form.show()
    qtbot.waitUntil(lambda: label.width() > 0, timeout=2000)
    assert label.geometry().right() <= form.width()  # not cut at the side
    assert label.height() >= label.heightForWidth(label.width())  # every line of it
