"""An independent check that sanitised HTML is safe: parse it again and look at every tag."""

from __future__ import annotations

from html.parser import HTMLParser

from notify.core.htmlclean import ALLOWED_TAGS

URL_ATTRS = ("href", "src", "cite")
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcset", "formaction", "action"):
                self.problems.append(f"<{tag} {name}=>")
            if name in URL_ATTRS and not (value or "").lower().startswith(SAFE_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_comment(self, data: str) -> None:
        self.problems.append("<!--comment-->")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"<![{data}]>")


def unsafe_parts(html: str) -> list[str]:
    """What in ``html`` should not be there (empty: safe)."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    if "\x00" in html:
        inspector.problems.append("NUL")
    return inspector.problems
