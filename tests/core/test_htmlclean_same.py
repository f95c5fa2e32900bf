"""Cleaning gives, summary by summary, what it gave before it was made faster.

``test_htmlclean_same.json`` holds the digests of what ``clean`` gave (the code named in its
``made_by``) for every summary and content ``parse_feed`` cleans in a sample of the corpus: the
31 real-world feeds and one feedparser case in 20. ``bench/parse_clean.py --against DIR``
compares the whole corpus with another checkout, and writes this file with ``--write-golden``
(only when the output is meant to change)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from notify.core import htmlclean
from notify.core.feedparse import FeedParseError, build, parse_feed
from tests.core.feedparse.corpus import FEEDS, needs_corpus

GOLDEN = json.loads(Path(__file__).with_suffix(".json").read_text(encoding="utf-8"))


def _digest(cleaned: htmlclean.Cleaned) -> str:
    return hashlib.sha256(f"{cleaned.html}\0{cleaned.text}".encode()).hexdigest()[:20]


def test_the_golden_file_covers_the_real_feeds_and_some_cases() -> None:
    digests: dict[str, list[str]] = GOLDEN["digests"]
    real = [rel for rel in digests if rel.startswith("rss-parser/")]
    assert len(real) == 25  # the other 6 hold no summary that needs cleaning
    assert sum(map(len, digests.values())) > 1000
    assert GOLDEN["digest"] == "sha256(html + NUL + text), UTF-8, first 20 hex digits"


@needs_corpus
def test_every_sampled_summary_cleans_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    results: list[htmlclean.Cleaned] = []
    real_clean = build.clean

    def recording(html: str, base_url: str = "") -> htmlclean.Cleaned:
        results.append(real_clean(html, base_url))
        return results[-1]

    monkeypatch.setattr(build, "clean", recording)
    differ = []
    for rel, expected in GOLDEN["digests"].items():
        results.clear()
        try:
            parse_feed((FEEDS / rel).read_bytes(), "https://bench.example/" + rel, {})
        except FeedParseError as exc:
            pytest.fail(f"{rel}: cleaned {len(expected)} summaries before, now not a feed: {exc}")
        got = [_digest(r) for r in results]
        assert len(got) == len(expected), rel
        differ += [f"{rel} #{i}: {results[i]!r}" for i, (a, b) in enumerate(zip(got, expected,
                                                                            strict=True)) if a != b]
    assert not differ, "\n".join(differ[:5])
