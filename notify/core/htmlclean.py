"""HTML from feeds, made safe to show: a whitelist sanitiser and HTML → plain text, in one pass.

    clean(html, base_url="") -> Cleaned(html, text)
    sanitize(html, base_url="") -> str         the safe HTML only
    to_text(html) -> str                       plain text (one line; for titles)

What survives: a small set of formatting tags (``ALLOWED_TAGS``) with a few harmless attributes.
Everything that runs code, loads frames or submits data is removed: ``script``/``style``/
``iframe``/``object``/``embed``/``svg``… together with their content, ``form`` controls, every
``on*``/``style``/``class``/``id`` attribute, and any URL whose scheme is not http(s) (or
``mailto:`` for links), that has no host, or that holds a control character. Relative URLs are
made absolute against ``base_url``.

Remote images are kept but marked: every ``<img>`` gets ``data-remote="1"`` so the app can block
them (a remote image is a read receipt for the sender). Links get
``rel="noopener noreferrer nofollow"``. Unclosed tags are closed; stray end tags are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

MAX_HTML_CHARS = 64 * 1024  # longer input is cut before cleaning (the cleaner closes what is open)

ALLOWED_TAGS = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center",
    "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "tt", "u", "ul", "var", "wbr",
})
# Removed together with everything inside them.
DROP_WITH_CONTENT = frozenset({
    "script", "style", "template", "svg", "math", "head", "title", "textarea", "select",
    "option", "button", "xml", "plaintext", "xmp", "noembed", "noframes", "frameset", "frame",
})
# Removed, but their content is kept: it is the fallback a browser shows when it does not load
# the thing itself (an ``<object>``'s or ``<video>``'s children, ``<noscript>``…).
#   iframe, object, applet, embed, noscript, audio, video, canvas, map, form, input, …: every
#   tag not in ALLOWED_TAGS is dropped this way.
VOID_TAGS = frozenset({
    "br", "hr", "img", "wbr", "col", "input", "meta", "link", "base", "param", "source",
    "track", "area", "keygen", "embed", "frame",
})
# Tags that start a new paragraph in the text (a blank line), and those that start a new line.
_PARA_TAGS = frozenset({
    "p", "div", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "hr", "figure", "details", "center",
})
_LINE_TAGS = frozenset({"br", "li", "dt", "dd", "tr", "figcaption", "summary", "caption"})
_PARA = "\x00"  # marks a paragraph break in the text being collected
_PARA_BREAK = f"\n{_PARA}\n"
_GLOBAL_ATTRS = frozenset({"title", "lang", "dir"})
_TAG_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align", "valign"}),
    "th": frozenset({"colspan", "rowspan", "align", "valign", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "abbr": frozenset({"title"}),
    "details": frozenset({"open"}),
}
_URL_ATTRS = frozenset({"href", "src", "cite"})
_LINK_SCHEMES = ("http", "https", "mailto")
_IMG_SCHEMES = ("http", "https")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_NOT_A_HOST = frozenset(("", "/", "?", "#", "@", ":", "\\"))  # after "http://"
_TAB_NL_RE = re.compile(r"[\t\n\r]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never meant as text
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Runs of spaces collapse to one " ". The patterns leave a lone " " alone (replacing it by itself
# is the same result, and most spaces are lone: matching each cost a third of cleaning).
_SPACES_RE = re.compile(r"[\t\r\f\v\u00a0\u200b][ \t\r\f\v\u00a0\u200b]*| [ \t\r\f\v\u00a0\u200b]+")
_WS_RE = re.compile(r"[^\S ]\s*| \s+")
_MARKUP_RE = re.compile(r"<[a-zA-Z/!?]|&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?")
# The fast tokenizer's grammar: a strict subset of what ``HTMLParser`` reads the same way (ASCII
# whitespace only, quoted attribute values without ``<``/``>``). Anything else (comments, ``<!``,
# ``<?``, bare or unquoted attributes, tags whose content some ``HTMLParser`` version reads as raw
# text…) goes to ``HTMLParser``.
_FAST_DECLINE = frozenset({
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    "plaintext",
})
_FAST_TAG_RE = re.compile(
    r"<(?:([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:[ \t\n\r\f]+[a-zA-Z][a-zA-Z0-9_:.-]*=(?:\"[^\"<>]*\"|'[^'<>]*'))*)"
    r"[ \t\n\r\f]*(/?)|/([a-zA-Z][a-zA-Z0-9]*)[ \t\n\r\f]*)>"
)
# Splits markup into text and what is between: a tag the fast grammar reads (its groups made
# non-capturing), or a "<" it does not (the fast tokenizer then declines).
_FAST_SPLIT_RE = re.compile("(" + re.sub(r"\((?!\?)", "(?:", _FAST_TAG_RE.pattern) + "|<)")
_FAST_ATTR_RE = re.compile(r"[ \t\n\r\f]+([a-zA-Z][a-zA-Z0-9_:.-]*)=(?:\"([^\"<>]*)\"|'([^'<>]*)')")


@dataclass(frozen=True)
class Cleaned:
    html: str  # safe to render
    text: str  # plain text, paragraphs separated by one blank line


def safe_url(value: str, base_url: str = "", *, schemes: tuple[str, ...] = _LINK_SCHEMES) -> str:
    """``value`` made absolute against ``base_url`` if its scheme is allowed; else ``""``."""
    # As browsers do (WHATWG URL): trim C0 controls and spaces, drop tabs and newlines anywhere.
    url = _TAB_NL_RE.sub("", value.strip(_C0_AND_SPACE))
    if not url:
        return ""
    match = _SCHEME_RE.match(url)
    if match is None:
        if not base_url:
            return ""  # relative with nothing to resolve against: a dead link, drop it
        try:
            url = urljoin(base_url, url)
        except ValueError:
            return ""
        match = _SCHEME_RE.match(url)
        if match is None:
            return ""
    scheme = match.group(1).lower()
    if scheme not in schemes or _CONTROL_RE.search(url):  # a control left inside: not a URL
        return ""
    n = len(scheme)
    if scheme in ("http", "https") and not (
        url.startswith("://", n) and url[n + 3:n + 4] not in _NOT_A_HOST
    ):  # "http:/x", "https:///", "http://@/": maybe no host, a dead link; urlsplit decides
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return ""
        if not host or not url.startswith("://", n):
            return ""
    return url


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds a tag or an entity reference (so it must be parsed as HTML)."""
    return _MARKUP_RE.search(text) is not None


# -- tags: what each asks for, decided once per tag and shared by both tokenizers
#
# A tokenizer turns markup into texts and tags that alternate: ``texts[i]`` (entities decoded,
# maybe "") comes before ``tags[i]``, and one more text ends. A tag is a tuple
# ``(kind, name, brk, emit, push)``, its rules already applied: ``brk`` the text's line or
# paragraph break or "", ``emit`` the safe start tag or "" when it is removed, ``push`` whether
# it stays open. ``_SKIP``: a start tag whose content is dropped until its end tag; ``_OPEN``:
# any other start tag; ``_CLOSE``: an end tag; ``_NOTHING``: a tag that changes nothing.
_SKIP, _OPEN, _CLOSE, _NOTHING = 0, 1, 2, 3
_Tag = tuple[int, str, str, str, bool]
_LAST: _Tag = (_NOTHING, "", "", "", False)
# The fast tokenizer's decided tags, by their exact markup (a ``<p>``, a ``</a>``, a
# ``<div class="x">`` is decided once): only those whose result does not depend on the base URL.
_DECIDED: dict[str, _Tag] = {}
_DECIDED_MAX = 4096  # emptied when full: a feed's tags repeat, its hrefs do not
# In the text being collected (``_assemble``): a line break and a paragraph break. Control
# characters never reach the text: ``clean`` removes them and ``unescape`` never makes them.
_LINE_MARK, _PARA_MARK = "\x01", "\x02"


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool,
               base_url: str) -> _Tag:
    if tag in DROP_WITH_CONTENT:
        if closed or tag in VOID_TAGS:
            return (_NOTHING, tag, "", "", False)
        return (_SKIP, tag, "", "", False)
    brk = _PARA_MARK if tag in _PARA_TAGS else _LINE_MARK if tag in _LINE_TAGS else ""
    if tag not in ALLOWED_TAGS:
        return (_OPEN, tag, brk, "", False)
    if attrs or tag == "img" or tag == "a":
        kept = _attrs(tag, attrs, base_url)
        if kept is None:
            return (_OPEN, tag, brk, "", False)
    else:
        kept = ""
    return (_OPEN, tag, brk, f"<{tag}{kept}>", tag not in VOID_TAGS)


def _end_tag(tag: str) -> _Tag:
    brk = _PARA_MARK if tag in _PARA_TAGS else _LINE_MARK if tag in _LINE_TAGS else ""
    return (_CLOSE, tag, brk, "", False)


def _attrs(tag: str, attrs: list[tuple[str, str | None]], base_url: str) -> str | None:
    allowed = _TAG_ATTRS.get(tag, frozenset())
    parts: list[str] = []
    for name, value in attrs:
        if name not in allowed and name not in _GLOBAL_ATTRS:
            continue
        val = value or ""
        if name in _URL_ATTRS:
            val = safe_url(val, base_url, schemes=_IMG_SCHEMES if tag == "img" else _LINK_SCHEMES)
            if not val:
                continue
        parts.append(f' {name}="{escape(val, quote=True)}"')
    if tag == "img":
        if not any(p.startswith(" src=") for p in parts):
            return None  # an image with no loadable source: nothing to show
        parts.append(' data-remote="1"')
    elif tag == "a":
        parts.append(' rel="noopener noreferrer nofollow"')
    return "".join(parts)


def _uses_base(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether the tag's result depends on the base URL (a URL attribute it may keep)."""
    allowed = _TAG_ATTRS.get(tag)
    return allowed is not None and any(n in _URL_ATTRS and n in allowed for n, _ in attrs)


def _assemble(texts: list[str], tags: list[_Tag]) -> Cleaned:
    """Apply the tags to the texts: the safe HTML (unclosed tags closed, stray end tags
    dropped) and the plain text, in one pass."""
    out: list[str] = []
    text: list[str] = []  # the texts as they came, and _LINE_MARK / _PARA_MARK
    in_pre: list[int] = []  # where in ``text`` the texts inside a <pre> are
    opened: list[str] = []
    skip: list[str] = []
    pre = 0
    for data, (kind, tag, brk, emit, push) in zip(texts, [*tags, _LAST], strict=True):
        if data and not skip:
            # escape(data, quote=False), inlined
            out.append(data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
            if pre:
                in_pre.append(len(text))
            text.append(data)
        if kind == _OPEN:
            if skip:
                continue
            if brk:
                text.append(brk)
            if emit:
                out.append(emit)
                if push:
                    opened.append(tag)
                    if tag == "pre":
                        pre += 1
        elif kind == _CLOSE:
            if skip:
                if tag in skip:
                    while skip and skip.pop() != tag:
                        pass
                continue
            if brk:
                text.append(brk)
            if tag not in opened:
                continue  # a stray end tag
            while opened:
                top = opened.pop()
                out.append(f"</{top}>")
                if top == "pre":
                    pre -= 1
                if top == tag:
                    break
        elif kind == _SKIP:
            skip.append(tag)
    while opened:
        out.append(f"</{opened.pop()}>")
    return Cleaned("".join(out).strip(), _text_of(text, in_pre))


def _text_of(pieces: list[str], in_pre: list[int]) -> str:
    """The plain text of ``_assemble``'s pieces: outside ``<pre>`` every run of whitespace is one
    space; lines trimmed; paragraphs separated by exactly one blank line."""
    joined = "".join(pieces)
    if in_pre or "\u200b" in joined:  # what whitespace means differs there: piece by piece
        inside = set(in_pre)
        return _tidy_text("".join(
            piece if i in inside
            else "\n" if piece == _LINE_MARK else _PARA_BREAK if piece == _PARA_MARK
            else _WS_RE.sub(" ", piece)
            for i, piece in enumerate(pieces)
        ))
    # = _tidy_text of the pieces, each run of whitespace made one space (str.split's whitespace
    # is the regular expressions' \s), in one pass over the text
    out: list[str] = []
    para = False
    for paragraph in joined.split(_PARA_MARK):
        for raw in paragraph.split(_LINE_MARK):
            line = " ".join(raw.split())
            if line:
                if para and out:
                    out.append("")
                out.append(line)
                para = False
        para = True
    return "\n".join(out)


class _Tokenizer(HTMLParser):
    """``HTMLParser``'s reading of any markup, as texts and tags."""

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.texts: list[str] = [""]
        self.tags: list[_Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(_start_tag(tag, attrs, False, self.base_url))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(_start_tag(tag, attrs, True, self.base_url))

    def handle_endtag(self, tag: str) -> None:
        self._tag(_end_tag(tag))

    def _tag(self, tag: _Tag) -> None:
        self.tags.append(tag)
        self.texts.append("")

    def handle_data(self, data: str) -> None:
        self.texts[-1] += data


def _tokens_slow(html: str, base_url: str) -> tuple[list[str], list[_Tag]]:
    tokenizer = _Tokenizer(base_url)
    tokenizer.feed(html)
    tokenizer.close()
    return tokenizer.texts, tokenizer.tags


def _tokens_fast(html: str, base_url: str) -> tuple[list[str], list[_Tag]] | None:
    """Tokenize simple markup (the common case in feeds) without ``HTMLParser``'s pure-Python
    scanner, to what ``HTMLParser`` reads. None when the markup holds anything outside the
    fast grammar (the caller then uses ``HTMLParser``)."""
    parts = _FAST_SPLIT_RE.split(html)
    get = _DECIDED.get
    tags = [get(markup) or _decide(markup, base_url) for markup in parts[1::2]]
    if _DECLINED in tags:
        return None
    return [unescape(text) if "&" in text else text for text in parts[0::2]], tags


_DECLINED: _Tag = (_NOTHING, "<", "", "", False)  # markup the fast tokenizer does not read


def _decide(markup: str, base_url: str) -> _Tag:
    """The tag of ``markup`` that the fast grammar matched; remembered in ``_DECIDED`` unless it
    depends on the base URL. ``_DECLINED`` for a "<" it did not read or a tag it leaves to
    ``HTMLParser``."""
    if markup.startswith('<a href="') and markup.endswith('">'):  # half the tags not remembered
        href = markup[9:-2]
        if '"' not in href and "&" not in href:  # (the grammar already excludes < and >)
            return _start_tag("a", [("href", href)], False, base_url)
    m = _FAST_TAG_RE.fullmatch(markup)
    if m is None:
        return _DECLINED
    name, raw_attrs, closed, end_name = m.groups()
    if name is None:
        tag = end_name.lower()
        if tag in _FAST_DECLINE:
            return _DECLINED
        decided = _end_tag(tag)
    else:
        tag = name.lower()
        if tag in _FAST_DECLINE:
            return _DECLINED
        attrs: list[tuple[str, str | None]] = []
        if raw_attrs:
            for a_name, double, single in _FAST_ATTR_RE.findall(raw_attrs):
                value = double if double or not single else single
                if "&" in value:
                    value = unescape(value)
                attrs.append((a_name.lower(), value))
        decided = _start_tag(tag, attrs, bool(closed), base_url)
        if _uses_base(tag, attrs):
            return decided
    if len(_DECIDED) >= _DECIDED_MAX:
        _DECIDED.clear()
    _DECIDED[markup] = decided
    return decided


def _tidy_text(text: str) -> str:
    """Lines trimmed and spaces collapsed; paragraphs separated by exactly one blank line."""
    out: list[str] = []
    para = False
    # _SPACES_RE never matches a newline: collapsing before splitting is the same, in one call
    for raw in _SPACES_RE.sub(" ", text).split("\n"):
        line = raw.strip()
        if line == _PARA:
            para = True
        elif line:
            if para and out:
                out.append("")
            out.append(line.replace(_PARA, ""))
            para = False
    return "\n".join(out)


def clean(html: str, base_url: str = "") -> Cleaned:
    """Sanitise ``html`` and extract its text in one pass (input cut at ``MAX_HTML_CHARS``)."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    html = _CONTROL_RE.sub("", html)
    if "<" not in html and "&" not in html:  # plain text: the common case for short summaries
        return Cleaned(escape(html.strip(), quote=False), _text_of([html], []))
    tokens = _tokens_fast(html, base_url)
    return _assemble(*(tokens if tokens is not None else _tokens_slow(html, base_url)))


def sanitize(html: str, base_url: str = "") -> str:
    return clean(html, base_url).html


def text_to_html(text: str) -> str:
    """Plain text (e.g. an Atom ``type="text"`` summary) as safe HTML."""
    return escape(_CONTROL_RE.sub("", text[:MAX_HTML_CHARS]), quote=False)


def to_text(html: str) -> str:
    """``html`` as one line of plain text: tags removed, entities decoded, spaces collapsed."""
    if "<" not in html:
        return _WS_RE.sub(" ", unescape(html) if "&" in html else html).strip()
    return _WS_RE.sub(" ", clean(html).text).strip()
