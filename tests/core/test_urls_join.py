"""``urls.join`` is ``urljoin`` (only faster for plain absolute URLs); ``strip_tracking`` of a
URL without a query is the URL itself."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notify.core.urls import join, strip_tracking

_BASES = ["", "http://base.example/dir/page?q=1", "https://b.example/", "ftp://x/y", "HTTP://C/"]


@pytest.mark.parametrize("url", [
    "http://a.example/b", "https://a.example", "http://a.example/b?", "http://a.example/b#",
    "http://a.example/b;", "http://a.example/b;?x", "http://a.example/b?#f", "http://[::1]/x",
    "http:///path", "HTTP://a.example/", "http://a.example/\u00e9", "http://a b/", "/rel",
    "rel?x", "http://a.example/./b/../c", "https://u:p@a.example:8080/p;q?r#s", "//a.example/x",
])
def test_join_equals_urljoin(url: str) -> None:
    for base in _BASES:
        try:
            wanted = urljoin(base, url)
        except ValueError:
            continue
        assert join(base, url) == wanted, (base, url)


_url_chars = st.sampled_from([*"ab/?#;:.@[]%&= \t\u00e9x1", "http://", "https://", ".."])


@given(st.lists(_url_chars, max_size=20), st.sampled_from(_BASES))
def test_join_equals_urljoin_on_random_urls(parts: list[str], base: str) -> None:
    url = "".join(parts)
    try:
        wanted = urljoin(base, url)
    except ValueError:
        return
    assert join(base, url) == wanted


def test_strip_tracking_without_a_query_is_identity() -> None:
    assert strip_tracking("http://a.example/p#utm_source=x") == "http://a.example/p#utm_source=x"
    assert strip_tracking("http://a.example/p?utm_source=x&b=1") == "http://a.example/p?b=1"
