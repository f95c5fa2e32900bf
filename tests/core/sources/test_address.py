"""Each kind declares the words for its address (``AddressDoc``) next to its settings, and
they agree with what its ``normalise`` accepts; a missing or refused address is answered with
what the kind takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from notify.core.errors import SourceConfigError
from notify.core.sources import registry
from notify.core.sources.address import Takes, accepts_empty, doc_of, takes
from notify.core.sources.base import AddressDoc, Setting


def test_every_registered_kind_declares_its_address_words() -> None:
    for kind in registry.all_kinds():
        doc = doc_of(kind)
        assert doc is not None, f"{kind.id} declares no AddressDoc"
        assert doc.example, kind.id
        if doc.made_from_settings:  # deliberately none: no field, and an empty one is accepted
            assert accepts_empty(kind), kind.id
            assert not doc.placeholder and not doc.what, kind.id
        else:
            assert doc.placeholder and doc.what, kind.id
        assert (takes(kind) is not Takes.REQUIRED) == accepts_empty(kind), kind.id


def test_what_each_kind_takes() -> None:
    assert {k.id: takes(k).value for k in registry.all_kinds()} == {
        "feed": "required", "json": "required", "github-notifications": "optional",
        "github-repo": "required", "hackernews": "none", "reddit": "required",
        "mastodon": "required", "youtube": "required"}


@dataclass
class OldKind:
    """A kind written before kinds declared their address words."""

    id: str = "old"
    label: str = "Old"
    description: str = ""
    settings: tuple[Setting, ...] = field(default_factory=tuple)

    def normalise(self, url: str, settings: Any) -> tuple[str, dict[str, Any]]:
        if not url:
            raise SourceConfigError("Give an address.")
        return url, dict(settings)


def test_a_kind_without_words_is_answered_by_its_normalise() -> None:
    assert doc_of(OldKind()) is None  # type: ignore[arg-type]
    assert takes(OldKind()) is Takes.REQUIRED  # type: ignore[arg-type]
    assert AddressDoc() == AddressDoc("", "", "", made_from_settings=False)


def _refusal(kind_id: str, url: str) -> str:
    kind = registry.get(kind_id)
    with pytest.raises(SourceConfigError) as err:
        kind.normalise(url, {s.key: s.default for s in kind.settings if s.default is not None})
    return str(err.value)


@pytest.mark.parametrize(("kind_id", "url", "says"), [
    ("feed", "", "Give the address of a feed or web page."),
    ("feed", "not a feed", "Give the address of a feed or web page, e.g. https://blog.python."),
    ("json", "", "Give the address of the JSON API, e.g. https://lobste.rs/newest.json."),
    ("json", "lobste.rs", "Give the address of the JSON API, e.g. https://lobste.rs/newest."),
    ("github-repo", "", "Give a repository (owner/name) or its github.com address, e.g. "
     "python/cpython."),
    ("reddit", "", "Give a subreddit: its name (python) or address (https://www.reddit.com/"),
    ("mastodon", "", "Give the address of the Mastodon instance, e.g. https://mastodon.social"),
    ("mastodon", "not an instance", "'not an instance' is not a Mastodon instance. Give its "
     "address, e.g. https://mastodon.social"),
    ("youtube", "", "e.g. https://www.youtube.com/@name, …/channel/UC…, or …/playlist?list=PL…"),
    ("youtube", "not a channel", "Paste an address like https://www.youtube.com/@name, "),
    ("hackernews", "best", "'best' is not Hacker News; leave the address empty and pick a list "
     "with --option list=top|new|best|ask|show|job."),
])
def test_a_missing_or_refused_address_is_answered_with_what_the_kind_takes(
    kind_id: str, url: str, says: str
) -> None:
    message = _refusal(kind_id, url)
    assert says in message
    assert "''" not in message  # never "'' is not a subreddit"


# Addresses Python's urlsplit refuses with a ValueError (an unclosed or invalid IPv6 host).
UNSPLITTABLE = ("http://[::1", "http://[zz]/feed", "[::1")


@pytest.mark.parametrize("text", UNSPLITTABLE)
def test_an_address_python_cannot_split_is_refused_in_words_by_every_kind(text: str) -> None:
    """Regression: the JSON API, Hacker News, Reddit, Mastodon, YouTube and GitHub kinds raised
    a bare ValueError ("Invalid IPv6 URL"): a traceback from ``notify sources add``."""
    for kind in registry.all_kinds():
        with pytest.raises(SourceConfigError) as caught:
            kind.normalise(text, {})
        message = str(caught.value)
        if "is not a valid address" in message:  # the kinds that read it as an address
            assert ("Give" in message or "Paste" in message or "Leave" in message), message
            assert "Invalid IPv6" not in message and "does not appear to be" not in message


def test_the_cli_says_so_in_one_line_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from notify.cli import main

    code = main(["sources", "add", "--no-check", "--kind", "reddit", "http://[::1",
                 "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err == ("notify: 'http://[::1' is not a valid address: a bracket of its host is not "
                   "closed (an IPv6 address is written [::1]). Give a "
                   "subreddit: its name (python) or address (https://www.reddit.com/r/python/), "
                   "or a user (u/NAME).\n")
