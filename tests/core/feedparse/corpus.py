"""The shared feed corpus (``<repo>/../shared/corpus/feeds``), read in place: never copied.

Tests that need it skip with a clear reason only when that folder is absent."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

FEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "feeds"
needs_corpus = pytest.mark.skipif(
    not FEEDS.is_dir(), reason=f"the shared feed corpus is not at {FEEDS} (read-only test data)"
)
_HEADER_RE = re.compile(rb"^Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    rel: str  # e.g. "feedparser/wellformed/rss/item_title.xml"
    body: bytes
    headers: dict[str, str]  # from the file's ``Header:`` lines (feedparser's test convention)
    fp_entries: int | None  # feedparser 6.0.14's entry count, from MANIFEST.tsv
    wellformed: bool

    @property
    def url(self) -> str:
        return "http://127.0.0.1:8097/" + self.rel


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        return {row["path"]: row for row in csv.DictReader(fh, delimiter="\t")}


@cache
def corpus_files() -> tuple[CorpusFile, ...]:
    """Every input file: 2,107 feedparser cases and 31 real feeds."""
    out: list[CorpusFile] = []
    for group in ("feedparser", "rss-parser"):
        folder = FEEDS / group
        for rel, row in sorted(_manifest(folder).items()):
            if row["role"] != "input":
                continue
            body = (folder / rel).read_bytes()
            headers = {k.decode().lower(): v.decode("latin-1")
                       for k, v in _HEADER_RE.findall(body[:2048])}
            entries = row.get("fp_entries") or ""
            out.append(CorpusFile(folder / rel, f"{group}/{rel}", body, headers,
                                  int(entries) if entries.isdigit() else None,
                                  row["wellformed"] == "yes"))
    return tuple(out)
