"""An address Notify cannot fetch (another scheme, a port that is no number, an unclosed IPv6
bracket) is refused in words: what it is and what Notify reads, never Python's own ("Port could
not be cast to integer value as 'x'"). ``ODD_ADDRESSES`` is shared with the OPML importer's
and ``sources add``'s tests."""

from __future__ import annotations

import pytest

from notify.core.errors import UserInputError
from notify.core.urls import normalise_user_url, other_scheme

# (what was given, why Notify cannot fetch it)
ODD_ADDRESSES = (
    ("mailto:x", "Notify reads only http:// and https:// addresses, not mailto: ones"),
    ("news:comp.lang", "Notify reads only http:// and https:// addresses, not news: ones"),
    ("javascript:void(0)",
     "Notify reads only http:// and https:// addresses, not javascript: ones"),
    ("ftp://ftp.example.org/feed", "Notify reads only http:// and https:// addresses, not ftp: "
     "ones"),
    ("http://host:abc/", "its port 'abc' is no port number (1 to 65535)"),
    ("example.org:abc/feed", "its port 'abc' is no port number (1 to 65535)"),
    ("https://example.org:99999/", "its port '99999' is no port number (1 to 65535)"),
    ("http://[::1]:x/feed", "its port 'x' is no port number (1 to 65535)"),
    ("http://[::1", "a bracket of its host is not closed (an IPv6 address is written [::1])"),
    ("[zz]/feed", "its host in brackets is no IPv6 address (one is written such as [::1])"),
)
# Python's words, which a person was shown before
PYTHON_WORDS = ("cast to integer", "Invalid IPv6", "out of range", "does not appear to be")


@pytest.mark.parametrize(("text", "why"), ODD_ADDRESSES)
def test_an_address_notify_cannot_fetch_is_refused_saying_why(text: str, why: str) -> None:
    with pytest.raises(UserInputError) as caught:
        normalise_user_url(text)
    # was "'mailto:x' is not a valid web address (Port could not be cast to integer value as
    # 'x')."
    assert str(caught.value) == f"{text!r} is not a web address Notify can fetch: {why}."


def test_a_host_in_brackets_that_is_no_ipv6_address_is_said_so() -> None:
    with pytest.raises(UserInputError) as caught:
        normalise_user_url("http://[zz]/feed")
    assert str(caught.value) == (
        "'http://[zz]/feed' is not a web address Notify can fetch: its host in brackets is no "
        "IPv6 address (one is written such as [::1]).")


@pytest.mark.parametrize(("text", "url"), [
    ("intranet.example:8080/feed", "https://intranet.example:8080/feed"),  # a host and its port
    ("localhost:8080", "https://localhost:8080/"),
    ("me:pw@example.org/feed", "https://me:pw@example.org/feed"),  # a name and password
    ("feed:https://example.org/rss", "https://example.org/rss"),
    ("HTTP://Example.org:80/a", "http://example.org/a"),
])
def test_what_looks_like_a_scheme_but_is_a_host_or_a_user_is_kept(text: str, url: str) -> None:
    assert normalise_user_url(text)[0] == url


@pytest.mark.parametrize(("text", "scheme"), [
    ("mailto:x", "mailto"), ("News:comp.lang", "news"), ("mailto:", "mailto"),
    ("intranet:8080/feed", None), ("example.org:abc", None), ("https://x.org/", None),
    ("me:pw@example.org", None), ("x.org/feed", None),
])
def test_other_scheme(text: str, scheme: str | None) -> None:
    assert other_scheme(text) == scheme
