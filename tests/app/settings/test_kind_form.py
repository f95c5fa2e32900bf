from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit
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


def core_errors(kind: Any) -> list[Exception]:
    """What each kind says about bad input: an empty, odd or foreign address, each setting
    wrong in turn (the errors themselves: the app words their advice)."""
    from notify.core.errors import NotifyError

    bad: list[dict[str, Any]] = [{}, {"timeline": "home"}, {"timeline": "notifications"},
                                 {"timeline": "tag"}, {"list": "nope"}, {"sort": "nope"},
                                 {"what": "events"}, {"what": "releases"},
                                 {"headers": {"Authorization": "x"}}, {"headers": "x"},
                                 {"items": "[[["}, {"fields": {"nope": "x"}},
                                 {"min_score": "x"}, {"timeline": "local", "tag": "py"}]
    out: list[Exception] = []
    for url in ("", "x", "owner", "https://example.org/x", "http://127.0.0.1:9", "http://[::1",
                "@Gargron@mastodon.social", "https://github.com/torvalds", "best",
                "https://www.reddit.com/r/python/top/", "bad input !!"):
        for settings in bad:
            try:
                kind.normalise(url, settings)
            except NotifyError as err:
                out.append(err)
    return out


def test_the_core_errors_are_said_with_the_forms_labels(qtbot: QtBot) -> None:
    """Regression: "The Mastodon tag timeline needs a hashtag: --option tag=python", the app
    rewriting it by matching the command line's words. The kinds' errors carry what to do as
    data (``errors.Advice``: a setting to give, a token, a feed to follow instead): the app
    says it with the form's labels, the command line with its options, from the same error."""
    from notify.app.advice_words import said

    seen = 0
    for kind in registry.all_kinds():
        for err in core_errors(kind):
            seen += any(w in str(err) for w in CLI_WORDS)
            assert not any(w in said(err) for w in CLI_WORDS), (kind.id, said(err))
    assert seen  # the command line is still told its options: this test means it

    def app_and_command_line(kind_id: str, url: str, settings: dict[str, Any]) -> tuple[str,
                                                                                          str]:
        from notify.core.errors import SourceConfigError

        try:
            registry.get(kind_id).normalise(url, settings)
        except SourceConfigError as err:
            return said(err), str(err)
        raise AssertionError(f"{kind_id} took {url!r}")

    assert app_and_command_line("mastodon", "https://mastodon.social", {"timeline": "tag"}) == (
        "The Mastodon tag timeline needs a hashtag: type it in “Hashtag (for the tag "
        "timeline)”, e.g. python (no '#'), or give the hashtag's page, e.g. "
        "https://mastodon.social/tags/python.",
        "The Mastodon tag timeline needs a hashtag: --option tag=python (no '#'), or give the "
        "hashtag's page, e.g. https://mastodon.social/tags/python.")
    app, cli = app_and_command_line("mastodon", "https://m.example",
                                    {"timeline": "local", "tag": "py"})
    assert "to follow #py, choose tag in “Timeline”; to follow the local timeline" in app
    assert "to follow #py, --option timeline=tag; to follow the local timeline" in cli
    assert app_and_command_line("mastodon", "https://m.example", {"timeline": "home"})[0] == (
        "The Mastodon home timeline needs an access token: type one in its “Access token "
        "(home, notifications)” field (Preferences → Development → New application, scope "
        "'read').")
    app, cli = app_and_command_line("mastodon", "@Gargron@mastodon.social", {})
    assert app.endswith("add them as a feed: in Settings → Sources, choose the kind “Feed (RSS, "
                        "Atom, JSON Feed)” "
                        "under Add a source and give it https://mastodon.social/@Gargron.rss")
    assert cli.endswith("add them as a feed: notify sources add --kind feed "
                        "https://mastodon.social/@Gargron.rss")
    app, cli = app_and_command_line("github-repo", "torvalds", {"what": "releases"})
    assert app.endswith("follow the user's events (choose events in “What to follow”), or "
                        "give a repository (owner/name).")
    assert "(--option what=events)" in cli
    app, cli = app_and_command_line("github-repo", "bad input !!", {})
    assert app == cli and "give a repository, e.g. python/cpython (its releases)" in app
    app, _ = app_and_command_line("json", "https://example.org/x.json",
                                  {"headers": {"Authorization": "x"}})
    assert app == ("Header Authorization carries a credential; type one in its “Token” field "
                   "instead (and fill in “Token header” if it is not Authorization), so it "
                   "stays in the keyring.")


def test_an_error_s_advice_is_said_under_the_field_it_names(qtbot: QtBot) -> None:
    """The app's words for a setting to give name its field's label: the form says the
    error under that field."""
    from notify.app.advice_words import said
    from notify.core.errors import SourceConfigError

    mastodon = registry.get("mastodon")
    form = KindForm(mastodon.settings)
    qtbot.addWidget(form)
    form.show()
    form.set_values({"timeline": "tag"})
    try:
        mastodon.normalise("https://mastodon.social", {"timeline": "tag"})
    except SourceConfigError as err:
        assert form.show_error(said(err))
    assert form.errors["tag"].isVisible()


def test_labels_with_an_ampersand_are_no_mnemonics(qtbot: QtBot) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLabel

    form = KindForm((Setting("q", "Questions & answers", SettingType.TEXT, required=True),))
    qtbot.addWidget(form)
    # the label of the field's row (the field with its error under it), the field its buddy
    label = next(lab for lab in form.findChildren(QLabel) if lab.buddy() is form.widgets["q"])
    assert label.text() == "Questions && answers *"
    assert QKeySequence.mnemonic(label.text()).isEmpty()


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


def test_the_core_calls_the_address_the_address_and_nothing_rewrites_it(
        qtbot: QtBot) -> None:
    """Regression: the core's advice said "the URL", and ``kind_form.in_gui_words`` replaced
    the words at display time ("… is not a GitHub notifications API URL; leave the address
    empty …", half replaced), and any "the URL" in a text quoted from elsewhere was rewritten
    too. The words are right where they are written, in every front end; the editor's
    Health line and the form say them as they are."""
    import pytest

    from notify.app.advice_words import said
    from notify.app.settings.source_health import health_text
    from notify.core.errors import SourceConfigError
    from notify.core.models import SourceState

    kind = registry.get("github-notifications")
    form = KindForm(kind.settings)
    qtbot.addWidget(form)
    form.show()
    with pytest.raises(SourceConfigError) as caught:
        kind.normalise("https://example.org/x", {"token_ref": "keyring:notify/1"})
    text = said(caught.value)
    assert "leave the address empty for github.com" in text and "URL" not in text, text
    assert not hasattr(form, "in_gui_words")  # nothing left to reword
    hackernews = registry.get("hackernews")
    with pytest.raises(SourceConfigError) as caught:
        hackernews.normalise("best", {})
    assert "leave the address empty" in said(caught.value)
    quoted = "Feed 'Links' could not be read: the server says “check the URL you typed”."
    shown = health_text(SourceState(1, last_error=quoted), 0.0)
    assert f"Last error: {quoted}" in shown.splitlines()
