"""Feed parsing throughput: Notify's ``parse_feed`` (fast path + feedparser fallback, sanitising
and item drafts included) against a straightforward ``feedparser.parse``, on the shared corpus.

    .venv/bin/python bench/parse.py [--repeat 5]

Prints MB/s (CPU time, best of ``--repeat``) for: the 31 recorded real-world feeds, the
giantbomb podcast alone (1.6 MB), the files the fast path accepts, and the whole corpus; and the
ratio of Notify's CPU to feedparser's (the issue's target for a first poll round: <= 0.4).
Not a timed test: it only prints figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import feedparser  # noqa: E402

from notify.core.feedparse import FeedParseError, parse_feed  # noqa: E402
from notify.core.feedparse.fast import parse_fast  # noqa: E402
from notify.core.feedparse.result import FastPathDeclined  # noqa: E402

FEEDS = REPO.parent / "shared" / "corpus" / "feeds"

Doc = tuple[str, bytes]


def load(folder: str, pattern: str) -> list[Doc]:
    root = FEEDS / folder
    return [(str(p.relative_to(FEEDS)), p.read_bytes())
            for p in sorted(root.glob(pattern)) if p.is_file()]


def notify_parse(docs: Sequence[Doc]) -> None:
    refused = 0  # not feeds (the corpus has a few on purpose): part of the work, not an error
    for name, body in docs:
        try:
            parse_feed(body, "https://bench.example/" + name, {})
        except FeedParseError:
            refused += 1


def feedparser_parse(docs: Sequence[Doc]) -> None:
    for _, body in docs:
        feedparser.parse(body)


def cpu(fn: Callable[[Sequence[Doc]], None], docs: Sequence[Doc], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn(docs)
        best = min(best, time.process_time() - started)
    return best


def row(label: str, docs: Sequence[Doc], repeat: int) -> None:
    size = sum(len(b) for _, b in docs) / 1e6
    ours = cpu(notify_parse, docs, repeat)
    theirs = cpu(feedparser_parse, docs, repeat)
    print(f"{label:<30} {len(docs):>5} {size:>6.2f} MB"
          f" | notify {ours:6.3f} s {size / ours:5.1f} MB/s"
          f" | feedparser {theirs:6.3f} s {size / theirs:4.1f} MB/s | ratio {ours / theirs:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not FEEDS.is_dir():
        print(f"no corpus at {FEEDS}", file=sys.stderr)
        return 2
    real = load("rss-parser", "input/*")
    cases = load("feedparser", "**/*.xml") + load("feedparser", "**/*.json")
    fast_ok: list[Doc] = []
    for name, body in real + cases:
        try:
            parse_fast(body, "https://bench.example/" + name)
        except FastPathDeclined:
            continue
        fast_ok.append((name, body))
    giant = [d for d in real if d[0].endswith("giantbomb-podcast.rss")]
    print(f"CPU time, best of {args.repeat}; notify = parse_feed with sanitising and drafts")
    row("real-world feeds (rss-parser)", real, args.repeat)
    row("giantbomb-podcast.rss", giant, args.repeat)
    row("files the fast path accepts", fast_ok, args.repeat)
    row("whole corpus", real + cases, args.repeat)
    print(f"fast path accepts {len(fast_ok)} of {len(real) + len(cases)} files "
          f"({sum(1 for n, _ in fast_ok if n.startswith('rss-parser'))} of {len(real)} real feeds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
