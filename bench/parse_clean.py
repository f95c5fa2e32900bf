"""HTML cleaning (``notify.core.htmlclean.clean``) against another checkout's: the same output on
every summary of the shared corpus, and the CPU each takes.

    .venv/bin/python bench/parse_clean.py --against ../wt-base [--repeat 9]
    .venv/bin/python bench/parse_clean.py --against ../wt-base --write-golden FILE

The inputs are every ``clean`` call that ``parse_feed`` makes on the corpus (the 31 recorded
real-world feeds and the 2,107 feedparser cases; each summary or content with its base URL), as
in a poll round. Each is cleaned by both modules, with its own base URL and with another, and the
results compared item by item: any difference is printed and the exit status is 1. CPU is the
best of ``--repeat`` passes, the two modules interleaved, for all inputs and for those with and
without markup. ``--write-golden`` writes the other checkout's results over the sample that
``tests/core/test_htmlclean_same.py`` checks (digests, not text). Not a timed test.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from notify.core import htmlclean  # noqa: E402
from notify.core.feedparse import FeedParseError, build, parse_feed  # noqa: E402

FEEDS = REPO.parent / "shared" / "corpus" / "feeds"
OTHER_BASE = "https://other.example/a/b"  # every input is also cleaned against this base
Input = tuple[str, int, str, str]  # corpus file, call number in it, html, base URL


def corpus_paths() -> list[Path]:
    real = sorted(p for p in (FEEDS / "rss-parser").glob("input/*") if p.is_file())
    cases = sorted((FEEDS / "feedparser").glob("**/*.xml"))
    return real + cases + sorted((FEEDS / "feedparser").glob("**/*.json"))


def in_sample(rel: str, number: int) -> bool:
    """The test's sample: every real-world feed, and one feedparser case in 20."""
    return rel.startswith("rss-parser/") or number % 20 == 0


def collect(paths: Sequence[Path]) -> list[Input]:
    """Every ``clean`` call ``parse_feed`` makes on these files, in order."""
    calls: list[Input] = []
    current = ""
    count = 0
    real_clean = build.clean

    def recording(html: str, base_url: str = "") -> htmlclean.Cleaned:
        nonlocal count
        calls.append((current, count, html, base_url))
        count += 1
        return real_clean(html, base_url)

    build.clean = recording  # type: ignore[assignment]
    try:
        for path in paths:
            current, count = str(path.relative_to(FEEDS)), 0
            # not a feed (the corpus has a few on purpose): no summaries, not an error here
            with contextlib.suppress(FeedParseError):
                parse_feed(path.read_bytes(), "https://bench.example/" + current, {})
    finally:
        build.clean = real_clean  # type: ignore[assignment]
    return calls


def digest(cleaned: htmlclean.Cleaned) -> str:
    """As the test computes it (its golden file says so too)."""
    return hashlib.sha256(f"{cleaned.html}\0{cleaned.text}".encode()).hexdigest()[:20]


def commit_of(root: str) -> str:
    done = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or f"{root} (not a git checkout)"


def load_module(root: Path) -> ModuleType:
    """``notify/core/htmlclean.py`` of the checkout at ``root``, as a module of its own."""
    path = root / "notify" / "core" / "htmlclean.py"
    spec = importlib.util.spec_from_file_location("htmlclean_against", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"--against {root}: no {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def differences(other: ModuleType, inputs: Sequence[Input]) -> list[str]:
    found = []
    for rel, n, html, base in inputs:
        for url in (base, OTHER_BASE):
            ours, theirs = htmlclean.clean(html, url), other.clean(html, url)
            if (ours.html, ours.text) != (theirs.html, theirs.text):
                found.append(f"{rel} #{n} (base {url!r}):\n  html {theirs.html!r}\n"
                             f"    -> {ours.html!r}\n  text {theirs.text!r}\n    -> {ours.text!r}")
    return found


def cpu(fn: Callable[[str, str], object], inputs: Sequence[Input]) -> float:
    started = time.process_time()
    for _, _, html, base in inputs:
        fn(html, base)
    return time.process_time() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--against", metavar="DIR", required=True,
                        help="another checkout (e.g. a work tree of main)")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--write-golden", metavar="FILE",
                        help="write the other checkout's digests of the test's sample there")
    args = parser.parse_args(argv)
    if not FEEDS.is_dir():
        print(f"no corpus at {FEEDS}", file=sys.stderr)
        return 2
    other = load_module(Path(args.against).resolve())
    paths = corpus_paths()
    inputs = collect(paths)
    if args.write_golden:
        sample = {str(p.relative_to(FEEDS)) for i, p in enumerate(paths)
                  if in_sample(str(p.relative_to(FEEDS)), i)}
        digests: dict[str, list[str]] = {}
        for rel, _, html, base in inputs:
            if rel in sample:
                digests.setdefault(rel, []).append(digest(other.clean(html, base)))
        golden = {
            "made_by": f"bench/parse_clean.py --write-golden: htmlclean.py at "
                       f"{commit_of(args.against)}",
            "digest": "sha256(html + NUL + text), UTF-8, first 20 hex digits",
            "sample": "every clean() call parse_feed makes on these corpus files, in order",
            "digests": digests,
        }
        Path(args.write_golden).write_text(json.dumps(golden, indent=0, sort_keys=True) + "\n")
        print(f"wrote {args.write_golden}: {sum(map(len, digests.values()))} results of "
              f"{len(digests)} files")
    size = sum(len(html) for _, _, html, _ in inputs) / 1e6
    markup = [i for i in inputs if "<" in i[2] or "&" in i[2]]
    plain = [i for i in inputs if not ("<" in i[2] or "&" in i[2])]
    print(f"{len(inputs)} summaries ({size:.2f} MB) of {len(paths)} corpus files; "
          f"{len(markup)} with markup")
    found = differences(other, inputs)
    print(f"compared {2 * len(inputs)} results (each input with its base and with "
          f"{OTHER_BASE}): {len(found)} differ")
    for line in found[:20]:
        print(line)
    best: dict[tuple[str, str], float] = {}
    for _ in range(args.repeat):
        for who, fn in (("this", htmlclean.clean), ("against", other.clean)):
            for label, chosen in (("all", inputs), ("markup", markup), ("plain", plain)):
                key = (who, label)
                best[key] = min(best.get(key, float("inf")), cpu(fn, chosen))
    print(f"CPU, best of {args.repeat} (interleaved):")
    for label in ("all", "markup", "plain"):
        ours, theirs = best[("this", label)], best[("against", label)]
        print(f"  {label:<7} this {ours * 1000:7.1f} ms   against {theirs * 1000:7.1f} ms"
              f"   ({ours / theirs:.2f}×)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
