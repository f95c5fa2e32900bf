"""The feed farm's corpus and subscriptions: which corpus feed a farm path serves, the OPML lists
of the benchmark's subscription sets, and their URLs rewritten to the farm's loopback addresses.
Part of ``bench/feedfarm.py`` (which re-exports every name here)."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FEEDS_DIR = SHARED / "corpus" / "feeds"
OPML_DIR = SHARED / "corpus" / "opml"
SUBSCRIPTION_SETS: dict[str, tuple[str, ...]] = {
    "76": (
        "plenaryapp-awesome-rss-feeds/Programming.opml",
        "plenaryapp-awesome-rss-feeds/Tech.opml",
    ),
    "670": ("AramZS-subscriptions/subscriptions.opml",),
}
REAL_SHARE = 0.85  # share of subscriptions mapped to a recorded real-world feed
_CONTENT_TYPES = {
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
}


# ---------------------------------------------------------------- corpus and subscriptions


@dataclass(frozen=True)
class CorpusFeed:
    name: str  # path relative to FEEDS_DIR
    body: bytes
    content_type: str


def _manifest_inputs(folder: Path, prefix: str) -> list[str]:
    """Inputs of a corpus MANIFEST.tsv that are well-formed and have at least one entry."""
    names = []
    lines = (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    col = {name: i for i, name in enumerate(header)}
    for line in lines[1:]:
        cells = line.split("\t")
        path = cells[col["path"]]
        if (
            cells[col["role"]] == "input"
            and cells[col["wellformed"]] == "yes"
            and cells[col["fp_entries"]].isdigit()
            and int(cells[col["fp_entries"]]) > 0
            and path.startswith(prefix)
            and Path(path).suffix in _CONTENT_TYPES
        ):
            names.append(path)
    return sorted(names)


def load_corpus(feeds_dir: Path = FEEDS_DIR) -> tuple[list[CorpusFeed], list[CorpusFeed]]:
    """(real-world feeds, feedparser well-formed cases) from the shared corpus."""

    def load(sub: str, prefix: str) -> list[CorpusFeed]:
        folder = feeds_dir / sub
        return [
            CorpusFeed(f"{sub}/{n}", (folder / n).read_bytes(), _CONTENT_TYPES[Path(n).suffix])
            for n in _manifest_inputs(folder, prefix)
        ]

    return load("rss-parser", "input/"), load("feedparser", "wellformed/")


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:8], "big")


def pick_feed(key: str, real: Sequence[CorpusFeed], cases: Sequence[CorpusFeed],
              real_share: float = REAL_SHARE) -> CorpusFeed:
    """The corpus feed a farm path serves: deterministic, weighted towards real feeds."""
    h = _hash(key)
    pool = real if (h % 10_000) / 10_000 < real_share or not cases else cases
    return pool[(h >> 20) % len(pool)]


_XML_URL = re.compile(r"""\bxmlUrl\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def read_subscriptions(paths: Sequence[Path]) -> list[str]:
    """Feed URLs of OPML files, tolerant of broken XML (bare ``&``), scheme-less URLs added
    ``http://``, duplicates removed (first kept)."""
    urls: list[str] = []
    seen: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _XML_URL.finditer(text):
            url = html.unescape(match.group(1) if match.group(1) is not None else match.group(2))
            url = url.strip()
            if not url:
                continue
            if "://" not in url:
                url = "http://" + url
            if url not in seen:
                seen.add(url)
                urls.append(url)
    return urls


def subscription_set(name: str, opml_dir: Path = OPML_DIR) -> list[str]:
    """``"76"`` (Programming + Tech) or ``"670"`` (AramZS)."""
    return read_subscriptions([opml_dir / p for p in SUBSCRIPTION_SETS[name]])


def farm_addresses(count: int) -> tuple[str, ...]:
    if not 1 <= count <= 250:
        raise ValueError(f"the farm listens on 1 to 250 loopback addresses, not {count}")
    return tuple(f"127.0.0.{i}" for i in range(2, 2 + count))


def rewrite(url: str, port: int, addresses: Sequence[str]) -> str:
    """``https://host/p?q`` -> ``http://127.0.0.N:port/host/p?q`` (N chosen by the host)."""
    parts = urlsplit(url)
    host = (parts.hostname or "unknown-host").lower()
    address = addresses[_hash(host) % len(addresses)]
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"http://{address}:{port}/{host}{path}{query}"


def write_opml(urls: Sequence[str], path: Path, title: str = "Feed farm") -> None:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"<head><title>{html.escape(title)}</title></head>",
        "<body>",
    ]
    for i, url in enumerate(urls):
        name = quoteattr(f"Farm feed {i + 1}")
        lines.append(f'<outline type="rss" text={name} title={name} xmlUrl={quoteattr(url)}/>')
    lines += ["</body>", "</opml>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
