"""HTML from web APIs (Mastodon statuses, HN text, JSON fields) made safe to show, through the
feed kind's sanitiser (``notify.core.htmlclean``): one set of rules for every source."""

from __future__ import annotations

from notify.core import htmlclean


def clean_html(markup: str, base_url: str = "") -> str:
    """Sanitised HTML safe to render (no scripts, handlers, remote resources)."""
    if not markup or not markup.strip():
        return ""
    return htmlclean.sanitize(markup, base_url)


def html_to_text(markup: str) -> str:
    """Readable plain text, paragraphs separated by a blank line."""
    if not markup:
        return ""
    return htmlclean.clean(markup).text
