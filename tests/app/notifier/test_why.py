"""A notification says why in words (the engine's explanation of its lead item), not only a
percentage ("Why: 59% likely to interest you" told the person nothing)."""

from __future__ import annotations

from typing import Any

from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.notifier.base import Notifier
from notify.app.notifier.why import reasons, why_line
from notify.core.events import NotificationPlanned
from notify.core.ranking.explain import Explanation, Reason
from notify.core.ranking.profile import parse_term
from tests.app.conftest import RSS, call


def explanation(*reasons_: tuple[str, str, float], pin: str = "",
                likes: int = 0) -> Explanation:
    return Explanation(0.59, tuple(Reason(f, t, c) for f, t, c in reasons_), 0.0, pin,
                       similar={"like": likes} if likes else None)


def test_the_strongest_reasons_in_words() -> None:
    x = explanation(("w:compiler", "word 'compiler'", 1.2),
                    ("int:keyword:rust", "your interest keyword:rust", 8.0),
                    ("src:Rust News", "source Rust News", 0.2),
                    ("not:w:crypto", "word 'crypto' (in items you passed over)", -2.0))
    assert reasons(x) == ["you said you're interested in “rust”",
                          "you seem to like word “compiler”"]
    assert why_line("59% likely to interest you", x) == (
        "you said you're interested in “rust”; you seem to like word “compiler”")


def test_several_stated_interests_are_one_reason() -> None:
    """A bubble said "Why: you said you're interested in “rust”; you said you're interested in
    “linux”": the same words twice, and no room left for a reason of another kind."""
    x = explanation(("int:keyword:rust", "your interest keyword:rust", 9.9),
                    ("int:keyword:linux", "your interest keyword:linux", 7.9),
                    ("int:keyword:kernel", "your interest keyword:kernel", 1.0),
                    ("int:keyword:drivers", "your interest keyword:drivers", 0.9),
                    likes=1)
    assert why_line("99% likely to interest you", x) == (
        "you said you're interested in “rust”, “linux” and “kernel”; "
        "you liked 1 item from this source")
    two = explanation(("int:keyword:linux", "your interest keyword:linux", 2.0),
                      ("w:compiler", "word 'compiler'", 3.0),
                      ("int:keyword:rust", "your interest keyword:rust", 5.0))
    assert reasons(two) == ["you said you're interested in “rust” and “linux”",
                            "you seem to like word “compiler”"]


def test_likes_of_the_source_count_as_a_reason() -> None:
    x = explanation(("src:Rust News", "source Rust News", 0.7), likes=3)
    assert reasons(x) == ["you seem to like source Rust News",
                          "you liked 3 items from this source"]


def test_the_engine_line_stays_when_it_is_the_reason_or_nothing_is_known() -> None:
    alert = explanation(("int:keyword:rust", "your interest keyword:rust", 8.0),
                        pin="always: keyword 'rust'")
    assert why_line("your alert for “rust”", alert) == "your alert for “rust”"
    weak = explanation(("src:Rust News", "source Rust News", 0.2))
    assert why_line("3% likely to interest you", weak) == "3% likely to interest you"
    x = explanation(("w:compiler", "word 'compiler'", 1.2))
    assert why_line("exploring (finding out what you like): 12% likely to interest you", x) == (
        "exploring (finding out what you like); you seem to like word “compiler”")


def test_a_test_that_names_what_it_tests_is_its_own_reason() -> None:
    """"exploring whether you care about …" is why the item came; a source's name may hold
    ": " (only the score after the last one goes)."""
    x = explanation(("w:compiler", "word 'compiler'", 1.2))
    assert why_line("exploring whether you care about the word “compiler”: 12% likely to "
                    "interest you", x) == "exploring whether you care about the word “compiler”"
    assert why_line("exploring whether you care about source “HN: Rust”: 9% likely to "
                    "interest you", x) == "exploring whether you care about source “HN: Rust”"
    assert why_line("exploring (your interests seem to have changed): 12% likely to interest "
                    "you", explanation()) == ("exploring (your interests seem to have changed): "
                                              "12% likely to interest you")


class Recorder(Notifier):
    def __init__(self) -> None:
        super().__init__()
        self.presented: list[NotificationPlanned] = []

    def present(self, note: NotificationPlanned) -> None:
        self.presented.append(note)


def test_a_notification_asks_the_engine_why(qtbot: QtBot, bridge: Any,
                                            httpserver: HTTPServer) -> None:
    httpserver.expect_request("/f.xml").respond_with_data(RSS, content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/f.xml")))
    call(qtbot, bridge, lambda e: e.poll())
    call(qtbot, bridge, lambda e: e.ranking().interests([parse_term("rust")]))
    items = call(qtbot, bridge, lambda e: e.items())
    rust = next(i for i in items if i.title == "First story")
    notifier = Recorder()
    notifier.explain_with(bridge)
    planned = NotificationPlanned(1, "single", rust.title, "Local news",
                                  "59% likely to interest you", (rust.id,))
    notifier.show(planned)
    qtbot.waitUntil(lambda: bool(notifier.presented), timeout=5000)
    why = notifier.presented[0].why
    assert "you said you're interested in “rust”" in why
    assert "%" not in why
    # a group or a digest says its own why; the engine is not asked
    group = NotificationPlanned(2, "group", "3 new stories", "…", "a burst in one round, "
                                "grouped", (rust.id, rust.id + 1))
    notifier.show(group)
    assert notifier.presented[-1] == group


def test_without_an_explanation_the_engine_line_is_shown(qtbot: QtBot, bridge: Any) -> None:
    notifier = Recorder()
    notifier.explain_with(bridge)
    planned = NotificationPlanned(1, "single", "Gone", "", "59% likely to interest you",
                                  (987_654,))  # no such item: explain fails
    notifier.show(planned)
    qtbot.waitUntil(lambda: bool(notifier.presented), timeout=5000)
    assert notifier.presented == [planned]
