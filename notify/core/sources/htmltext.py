"""HTML from web APIs (Mastodon statuses, HN text, JSON fields) made safe to show, through the
feed kind's sanitiser (``notify.core.htmlclean``): one set of rules for every source."""

from __future__ import annotations

from html import escape

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


def text_as_html(text: str) -> str:
    """Plain text (a video's description, a release's notes) as HTML that wraps in the inbox
    pane: a paragraph per blank-line-separated block, its lines kept."""
    if not text or not text.strip():
        return ""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    return clean_html(paragraphs.replace("\n", "<br>"))
