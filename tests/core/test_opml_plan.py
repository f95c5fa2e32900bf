"""plan_import: which imported feeds are new and which the user already follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from notify.core.opml import import_opml, plan_import

ARAM = (Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "opml"
        / "AramZS-subscriptions" / "subscriptions.opml")

DOC = b"""<?xml version="1.0"?><opml version="2.0"><body>
<outline text="G">
  <outline text="a" xmlUrl="https://a.example/feed"/>
  <outline text="b" xmlUrl="https://b.example/feed"/>
  <outline text="a again" xmlUrl="http://www.a.example/feed/"/>
</outline>
<outline text="c" xmlUrl="https://c.example/rss"/>
<outline text="page" type="link" url="https://page.example/"/>
</body></opml>"""


def test_existing_sources_are_recognised_by_dedupe_key() -> None:
    imported = import_opml(DOC)
    plan = plan_import(["http://www.b.example/feed/", "https://other.example/"], imported)
    assert [e.title for e in plan.new] == ["a", "c"]
    assert [e.title for e in plan.existing] == ["b"]
    assert plan.duplicates == 1
    assert plan.skipped == 1
    assert plan.summary() == "2 added, 1 already there, 1 duplicate merged, 1 skipped."
    assert plan.summary(added=1).startswith("1 added")


def test_nothing_subscribed_yet() -> None:
    plan = plan_import([], import_opml(DOC))
    assert len(plan.new) == 3 and plan.existing == ()


@pytest.mark.skipif(not ARAM.is_file(), reason=f"shared OPML corpus not present at {ARAM}")
def test_reimporting_the_same_file_adds_nothing() -> None:
    imported = import_opml(ARAM.read_bytes())
    first = plan_import([], imported)
    assert len(first.new) == 671
    second = plan_import([e.url for e in first.new], imported)
    assert second.new == ()
    assert len(second.existing) == 671
    assert second.summary() == "0 added, 671 already there, 40 duplicates merged."
