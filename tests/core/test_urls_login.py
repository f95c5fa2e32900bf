"""``urls.keep_login``: where a feed behind a login moved, with the login, on its own host only."""

from __future__ import annotations

from notify.core.urls import keep_login


def test_a_move_within_the_host_keeps_the_login() -> None:
    assert keep_login("https://u:p@example.org/old", "https://example.org/new?x=1") == (
        "https://u:p@example.org/new?x=1")


def test_a_login_never_goes_to_another_host_nor_replaces_the_new_one() -> None:
    assert keep_login("https://u:p@example.org/old", "https://cdn.example.net/f") == (
        "https://cdn.example.net/f")
    assert keep_login("https://u:p@example.org/old", "https://v:q@example.org/f") == (
        "https://v:q@example.org/f")
    assert keep_login("https://example.org/old", "https://example.org/f") == (
        "https://example.org/f")
