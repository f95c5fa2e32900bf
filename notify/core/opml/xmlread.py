"""Reading OPML bytes into a small element tree, safely and tolerantly.

Three tries, each only if the one before failed:

1. the document as it is, through expat with entity declarations refused (no billion laughs,
   no external entities: a DTD may name the document type, it may not declare entities);
2. the same text *repaired*: a bare ``&`` becomes ``&amp;``, HTML-only named entities
   (``&nbsp;``) become character references, invalid character references and control
   characters are dropped — real exports (Plenary's) carry bare ``&`` in descriptions;
3. a tolerant tag scanner (a linear regular-expression tokenizer over the repaired text) that
   reads whatever ``<outline>`` tags it can find in a damaged (say, truncated) file, as long as
   the file has an ``<opml>`` element at all.

Only the elements OPML import needs are kept (``opml``, ``head``, ``title``, ``body``,
``outline``). Every failure to read anything is an ``OpmlError`` with a user-facing message.
"""

from __future__ import annotations

import codecs
import html
import html.entities
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from notify.core.errors import OpmlError

MAX_BYTES = 20 * 1024 * 1024
MAX_ELEMENTS = 50_000  # outlines and folders; real lists hold hundreds to a few thousand

_KEPT = frozenset({"opml", "head", "title", "body", "outline"})
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_AMP_RE = re.compile(r"&(#[xX][0-9a-fA-F]+;|#[0-9]+;|[A-Za-z_][A-Za-z0-9._-]*;)?")
# An <outline> start tag as broken exports write it: a quoted value may contain raw quotes and
# "<" (Plenary puts HTML in descriptions), so a value ends only at a quote followed by the next
# attribute or by the end of the tag and then the next tag. Atomic groups keep it linear.
_NAME = r"[A-Za-z_:][A-Za-z0-9_:.-]*"
_CHAR = r"(?:(?!<outline\b)[\s\S])"  # a value never runs into the next outline tag
_VALUE_END = rf"""(?=\s+{_NAME}\s*=\s*["']|\s*/?>\s*(?:<|\Z)|\s*\Z)"""
_ATTR_RE = re.compile(
    rf"""\s+({_NAME})\s*=\s*(?>"({_CHAR}{{0,8192}}?)"{_VALUE_END}|'({_CHAR}{{0,8192}}?)'{_VALUE_END}|([^\s"'<>]+))"""
)
_OUTLINE_RE = re.compile(
    rf"""<outline\b((?>\s+{_NAME}\s*=\s*(?>"{_CHAR}{{0,8192}}?"{_VALUE_END}|'{_CHAR}{{0,8192}}?'{_VALUE_END}"""
    rf"""|[^\s"'<>]+))*)\s*(/?)>""",
    re.IGNORECASE,
)
# Any tag, for the tolerant scanner (run on repaired text, where values hold no raw quotes).
_TAG_RE = re.compile(
    rf"""<(/?)({_NAME})((?>\s+[^\s=>/"']+\s*=\s*(?>"[^"]{{0,8192}}"|'[^']{{0,8192}}'"""
    rf"""|[^\s>"']+))*)\s*(/?)>"""
)
_LOOSE_ATTR_RE = re.compile(r"""([^\s=>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
# Characters XML 1.0 forbids anywhere in a document.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Element:
    """A kept element: lower-cased name, attributes with lower-cased names (first wins)."""

    name: str
    attrs: dict[str, str]
    line: int | None
    children: list[Element] = field(default_factory=list)
    text: str = ""


@dataclass(frozen=True)
class ReadResult:
    root: Element
    warnings: tuple[str, ...]
    repaired: bool


class _Refused(Exception):
    """Raised inside expat handlers when the document declares entities."""


def _lower_attrs(pairs: dict[str, str] | list[tuple[str, str | None]]) -> dict[str, str]:
    items = pairs.items() if isinstance(pairs, dict) else pairs
    out: dict[str, str] = {}
    for key, value in items:
        out.setdefault(key.lower(), value or "")
    return out


class _TreeBuilder:
    """Builds the kept-element tree from start/end/data events (shared by both parsers).

    Elements Notify does not keep are pushed as ``None``; an outline inside one hangs from the
    nearest kept ancestor (``_nearest`` keeps that lookup constant-time).
    """

    def __init__(self) -> None:
        self.root: Element | None = None
        self.other_root: str | None = None
        self._stack: list[Element | None] = []
        self._nearest: list[Element | None] = []
        self._count = 0

    def _push(self, element: Element | None) -> None:
        self._stack.append(element)
        self._nearest.append(element or (self._nearest[-1] if self._nearest else None))

    def start(self, name: str, attrs: dict[str, str], line: int | None) -> None:
        low = name.lower()
        if self.root is None and self.other_root is None:
            if low != "opml":
                self.other_root = name
            else:
                self.root = Element(low, attrs, line)
                self._push(self.root)
                return
        parent = self._nearest[-1] if self._nearest else None
        if low in _KEPT and parent is not None:
            self._count += 1
            if self._count > MAX_ELEMENTS:
                raise OpmlError(
                    f"This OPML file has more than {MAX_ELEMENTS:,} outlines; Notify reads lists "
                    "up to that size. Split the file and import the parts one by one."
                )
            element = Element(low, attrs, line)
            parent.children.append(element)
            self._push(element)
        else:
            self._push(None)

    def end(self, name: str) -> None:
        low = name.lower()
        if low in _KEPT:
            # Tolerant: close up to the nearest open element of that name, looking a few levels
            # up only, so that hostile input cannot make this quadratic.
            for depth in range(len(self._stack) - 1, max(-1, len(self._stack) - 33), -1):
                element = self._stack[depth]
                if element is not None and element.name == low:
                    del self._stack[depth:]
                    del self._nearest[depth:]
                    return
        if self._stack and self._stack[-1] is None:
            self._stack.pop()
            self._nearest.pop()

    def data(self, text: str) -> None:
        if self._stack and self._stack[-1] is not None and self._stack[-1].name == "title":
            self._stack[-1].text += text


def decode(data: bytes) -> tuple[str, list[str]]:
    """The document as text, and warnings about how it was decoded."""
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(b"<\x00?\x00"):
        encoding = "utf-16-le"
    elif data.startswith(b"\x00<\x00?"):
        encoding = "utf-16-be"
    else:
        match = _ENCODING_RE.match(data[:512])
        encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            warnings.append(f"The file declares an unknown encoding ({encoding}); read as UTF-8.")
            encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = data.decode("cp1252", errors="replace")
        warnings.append(
            f"The file is not valid {encoding.upper()} text; it was read as Windows-1252, "
            "so some accented letters in titles may be wrong."
        )
    return _DECL_RE.sub("", text.lstrip("\ufeff"), count=1), warnings


def _expat_parse(text: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    parser = expat.ParserCreate(encoding="utf-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args: object) -> int:
        raise _Refused

    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = lambda name, attrs: builder.start(
        name, _lower_attrs(attrs), parser.CurrentLineNumber
    )
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.Parse(text.encode("utf-8", errors="replace"), True)
    return builder


def _repair_reference(match: re.Match[str]) -> str:
    ref = match.group(1)
    if ref is None:
        return "&amp;"
    if ref.startswith("#"):
        try:
            code = int(ref[2:-1], 16) if ref[1] in "xX" else int(ref[1:-1])
            char = chr(code)
        except (ValueError, OverflowError):
            return ""
        return "" if _ILLEGAL_RE.match(char) else match.group(0)
    name = ref[:-1]
    if name in _XML_ENTITIES:
        return match.group(0)
    if ref in html.entities.html5:
        return "".join(f"&#{ord(c)};" for c in html.entities.html5[ref])
    return "&amp;" + ref


def _rewrite_outline(match: re.Match[str]) -> str:
    attrs: dict[str, str] = {}
    for attr in _ATTR_RE.finditer(match.group(1)):
        name = attr.group(1)
        value = next(v for v in attr.group(2, 3, 4) if v is not None)
        attrs.setdefault(name, value.replace("<", "&lt;").replace('"', "&quot;"))
    body = "".join(f' {name}="{value}"' for name, value in attrs.items())
    return f"<outline{body}{match.group(2)}>"


def repair(text: str) -> str:
    """Fix the damage real exports carry: bare ``&``, HTML entities, control characters, raw
    quotes and ``<`` inside ``<outline>`` attribute values, repeated attributes."""
    text = _AMP_RE.sub(_repair_reference, _ILLEGAL_RE.sub("", text))
    return _OUTLINE_RE.sub(_rewrite_outline, text)


def _tolerant_parse(text: str) -> _TreeBuilder:
    """Scan tags with a forgiving tokenizer; ``text`` is already ``repair``-ed."""
    builder = _TreeBuilder()
    line, counted = 1, 0
    in_title_from = -1
    for match in _TAG_RE.finditer(text):
        closing, name, attr_text, empty = match.groups()
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if in_title_from >= 0:
            builder.data(html.unescape(text[in_title_from:match.start()]))
            in_title_from = -1
        if closing:
            builder.end(name)
            continue
        attrs: dict[str, str] = {}
        for attr in _LOOSE_ATTR_RE.finditer(attr_text):
            value = next(v for v in attr.group(2, 3, 4) if v is not None)
            attrs.setdefault(attr.group(1).lower(), html.unescape(value))
        builder.start(name, attrs, line)
        if empty:
            builder.end(name)
        elif name.lower() == "title":
            in_title_from = match.end()
    return builder


def _not_opml(other_root: str | None) -> OpmlError:
    if other_root and other_root.lower() in ("rss", "feed", "rdf:rdf"):
        return OpmlError(
            f"This file is a feed (<{other_root}>), not an OPML subscription list. "
            "Add it as a source with its web address instead."
        )
    if other_root:
        return OpmlError(
            f"This file is not an OPML subscription list (it starts with <{other_root[:40]}>). "
            "Export your subscriptions from your feed reader as OPML and import that file."
        )
    return OpmlError(
        "This file is not an OPML subscription list (no <opml> element was found). "
        "Export your subscriptions from your feed reader as OPML and import that file."
    )


def read(data: bytes) -> ReadResult:
    """Parse OPML bytes into an element tree rooted at ``<opml>``; raises ``OpmlError``."""
    if len(data) > MAX_BYTES:
        raise OpmlError(
            f"This OPML file is too large ({len(data) // (1024 * 1024)} MB; the limit is "
            f"{MAX_BYTES // (1024 * 1024)} MB). Check that it is a subscription list exported as "
            "OPML; a longer list can be split and imported in parts."
        )
    if not data.strip():
        raise OpmlError("The OPML file is empty. Export your subscriptions again and retry.")
    text, warnings = decode(data)
    if "\x00" in text[:4096]:
        raise OpmlError(
            "This file is binary, not an OPML subscription list. "
            "Export your subscriptions from your feed reader as OPML and import that file."
        )
    first_error = ""
    repaired = ""
    for attempt in (0, 1):
        if attempt == 1:
            repaired = repair(text)
        source = text if attempt == 0 else repaired
        try:
            builder = _expat_parse(source)
        except _Refused:
            raise OpmlError(
                "This OPML file declares XML entities, which Notify refuses for safety "
                "(they can be used to exhaust memory or read local files). "
                "Export the subscriptions again from your feed reader."
            ) from None
        except expat.ExpatError as err:
            if attempt == 0:
                first_error = f"line {err.lineno}: {expat.ErrorString(err.code)}"
            continue
        if builder.root is None:
            raise _not_opml(builder.other_root)
        if attempt == 1:
            warnings.append(
                f"The file is not well-formed XML ({first_error}); Notify repaired it "
                "(bare '&', HTML entities or stray quotes) and read it completely."
            )
        return ReadResult(builder.root, tuple(warnings), attempt == 1)
    if "<!ENTITY" in text.upper():
        raise OpmlError(
            "This OPML file declares XML entities, which Notify refuses for safety. "
            "Export the subscriptions again from your feed reader."
        )
    builder = _tolerant_parse(repaired)
    if builder.root is None:
        raise _not_opml(builder.other_root)
    warnings.append(
        f"The file is damaged ({first_error}); Notify read the outlines it could find. "
        "Some subscriptions may be missing: compare with your feed reader."
    )
    return ReadResult(builder.root, tuple(warnings), True)
