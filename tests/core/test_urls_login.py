"""``urls.keep_login``: where a feed behind a login moved, with the login, on its own host only."""

from __future__ import annotations

from notify.core.urls import keep_login, login_may_follow, origin_of


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


def test_a_login_follows_an_upgrade_to_https_on_the_same_host_and_default_ports() -> None:
    """As ``requests`` does: a site moving to HTTPS keeps asking for the login it was given."""
    assert keep_login("http://u:p@example.org/feed", "https://example.org/feed") == (
        "https://u:p@example.org/feed")
    assert keep_login("http://u:p@example.org:80/feed", "https://EXAMPLE.org:443/feed") == (
        "https://u:p@EXAMPLE.org:443/feed")
    assert login_may_follow(("http", "h", None), ("https", "h", None))


def test_a_login_never_goes_down_to_http_nor_to_another_port() -> None:
    """Regression: ``keep_login`` carried the login to any address of the same host, https to
    http (in clear) and other ports (another service) included."""
    assert keep_login("https://u:p@example.org/feed", "http://example.org/feed") == (
        "http://example.org/feed")
    assert keep_login("http://u:p@example.org/feed", "http://example.org:8080/feed") == (
        "http://example.org:8080/feed")
    assert keep_login("http://u:p@example.org:8080/f", "https://example.org/f") == (
        "https://example.org/f")  # not from the default port: not the site's upgrade
    assert keep_login("http://u:p@example.org/f", "https://example.org:8443/f") == (
        "https://example.org:8443/f")
    assert not login_may_follow(("https", "h", None), ("http", "h", None))
    assert not login_may_follow(("http", "h", None), ("https", "other", None))


def test_origin_of_names_the_default_port_as_none() -> None:
    assert origin_of("HTTP://Example.org:80/x") == ("http", "example.org", None)
    assert origin_of("https://example.org:8443/") == ("https", "example.org", 8443)
    assert origin_of("https://example.org:x/") is None
    assert origin_of("/relative") is None
