"""``notify.commands.output``: the questions the command line asks (``confirm``, ``ask``),
times in words (``when``) and the name a source is shown by (``source_name``)."""

from __future__ import annotations

import io
import sys
from datetime import datetime

import pytest

from notify.commands.output import ask, confirm, interactive, when
from notify.core.errors import UserInputError
from notify.core.models import Source
from notify.core.source_names import address_name, source_name


class Terminal(io.StringIO):
    """Standard input or output that is a terminal."""

    def isatty(self) -> bool:
        return True


def at_terminal(monkeypatch: pytest.MonkeyPatch, typed: str) -> Terminal:
    """A terminal where the person types ``typed`` (then the input ends: Ctrl-D)."""
    out = Terminal()
    monkeypatch.setattr(sys, "stdin", Terminal(typed))
    monkeypatch.setattr(sys, "stdout", out)
    return out


@pytest.mark.parametrize("typed, answer", [
    ("y\n", True), ("YES\n", True), (" yes \n", True), ("n\n", False), ("\n", False),
    ("sure\n", False), ("", False),  # "" is Ctrl-D at once: a no, not an EOFError
])
def test_confirm_is_yes_only_for_y_or_yes(
    monkeypatch: pytest.MonkeyPatch, typed: str, answer: bool
) -> None:
    out = at_terminal(monkeypatch, typed)
    assert confirm("Remove it?", unattended="add --yes") is answer
    assert out.getvalue().startswith("Remove it? [y/N] ")


def test_ask_returns_the_line_or_none_at_the_end_of_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = at_terminal(monkeypatch, " 2 \n")
    assert ask("Which one? ", unattended="use --pick") == "2"
    assert ask("Which one? ", unattended="use --pick") is None  # Ctrl-D
    assert out.getvalue().endswith("Which one? \n")  # the shell's prompt starts a new line


@pytest.mark.parametrize("stdin_tty, stdout_tty", [(False, False), (False, True), (True, False)])
def test_without_a_terminal_nothing_is_asked_nor_read(
    monkeypatch: pytest.MonkeyPatch, stdin_tty: bool, stdout_tty: bool,
) -> None:
    stdin = Terminal("y\n") if stdin_tty else io.StringIO("y\n")
    stdout = Terminal() if stdout_tty else io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert not interactive()
    with pytest.raises(UserInputError, match=r"^Removing X deletes its items; add --yes"):
        confirm("Remove X?", unattended="Removing X deletes its items; add --yes to confirm.")
    with pytest.raises(UserInputError, match="--pick N"):
        ask("Which one? ", unattended="run again with --pick N.")
    assert stdout.getvalue() == "" and stdin.tell() == 0  # no prompt, nothing read


# -- when --------------------------------------------------------------------------------------

NOW = datetime(2026, 3, 20, 12, 0).timestamp()  # local time
DAY = 86400.0


@pytest.mark.parametrize(("delta", "text"), [
    (-30, "30 s ago"), (-300, "5 min ago"), (7200, "in 2.0 h"), (-3 * DAY, "3 days ago"),
    (-13.4 * DAY, "13 days ago"), (10 * DAY, "in 10 days"),
])
def test_when_near_now_is_in_words(delta: float, text: str) -> None:
    assert when(NOW + delta, NOW) == text


def test_when_far_from_now_is_a_calendar_date() -> None:
    """It said '3629.9 days ago'."""
    assert when(datetime(2016, 3, 4, 9, 30).timestamp(), NOW) == "2016-03-04"
    assert when(NOW - 15 * DAY, NOW) == "2026-03-05"
    assert when(NOW + 40 * DAY, NOW) == "2026-04-29"  # in the future too
    assert when(None, NOW) == "never"


# -- source_name -------------------------------------------------------------------------------


def source(url: str, title: str, kind: str = "feed") -> Source:
    return Source(id=1, kind=kind, url=url, title=title)


def test_a_source_named_after_its_host_is_shown_with_its_path() -> None:
    assert source_name(source("http://127.0.0.2/a/feed.xml", "127.0.0.2")) == "127.0.0.2/a/feed.xml"
    assert source_name(source("https://www.example.org/blog/", "example.org")) == \
        "example.org/blog"
    assert source_name(source("https://example.org/rss", "")) == "example.org/rss"
    assert source_name(source("https://example.org/rss", "Example News")) == "Example News"
    hn = source("https://hacker-news.firebaseio.com/v0/beststories.json", "Hacker News: best",
                "hackernews")
    assert source_name(hn) == "Hacker News: best"


@pytest.mark.parametrize(("url", "name"), [
    ("https://example.org/feed.xml", "example.org/feed.xml"),
    ("http://127.0.0.1:8080/", "127.0.0.1:8080"),
    ("https://example.com/?feed=rss2", "example.com/?feed=rss2"),
    ("https://example.org/f?key=abc123secret", "example.org/f?key=•••"),
    ("http://reader:pass@example.org/x", "example.org/x"),
    ("https://example.com/category/technology/subcategory/programming/languages/python/feed/",
     "example.com/category/…/languages/python/feed"),
    ("https://example.com/feeds/posts/default/-/averyveryveryveryverylongsegmentname.xml",
     "example.com/…eryveryveryveryverylongsegmentname.xml"),
    ("http://[::1]:99/x", "[::1]:99/x"),
    ("not an address", ""),
])
def test_address_names_are_short_and_keep_no_secret(url: str, name: str) -> None:
    assert address_name(url) == name
    assert len(name) <= 60
