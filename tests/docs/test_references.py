"""Every file and module the docs name is in the tree: a page that says "see
``notify/core/poll.py``" or ``notify.core.secrets`` sends a reader to something that exists."""

from __future__ import annotations

import importlib
import re

from tests.docs.pages import PAGES, REPO, inline_code

# a path in the repository as the docs write it: a top folder, then at least one more part
PATH = re.compile(r"(?<![\w/.<$~-])((?:notify|tests|bench|docs|packaging|resources|\.ci)/"
                  r"[\w./-]*[\w/])")
# a module of Notify: notify.core.…, notify.app.…, notify.commands.…
MODULE = re.compile(r"(?<![\w./])(notify\.(?:core|app|commands|cli)(?:\.\w+)*)")


def named_paths() -> list[tuple[str, str]]:
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in PATH.finditer(text):
            path = m.group(1)
            if re.search(r"[A-Z]{4}|\*", path):  # a pattern: NNNN_name.sql, store/*.py
                continue
            out.append((f"{page.relative_to(REPO)}:{text.count(chr(10), 0, m.start()) + 1}",
                        path))
    return out


def test_every_path_the_docs_name_exists() -> None:
    named = named_paths()
    assert len(named) > 100  # the pattern finds them
    assert [(where, p) for where, p in named if not (REPO / p).exists()] == []


def resolves(dotted: str) -> bool:
    """A module, or a name in one (``notify.core.secrets.lookup``)."""
    parts = dotted.split(".")
    for n in range(len(parts), 1, -1):
        try:
            module = importlib.import_module(".".join(parts[:n]))
        except ModuleNotFoundError:
            continue
        target: object = module
        for attr in parts[n:]:
            if not hasattr(target, attr):
                return False
            target = getattr(target, attr)
        return True
    return False


def test_every_module_the_docs_name_exists() -> None:
    named = [(code.where(), m) for page in PAGES for code in inline_code(page)
             for m in MODULE.findall(code.text)]
    assert len(named) > 5
    assert [(where, m) for where, m in named if not resolves(m)] == []


def test_the_readme_lists_every_page_of_docs() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| (docs/[\w-]+\.md) \|", text, re.M)
    assert sorted(listed) == sorted(f"docs/{p.name}" for p in (REPO / "docs").glob("*.md"))
