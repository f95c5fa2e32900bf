"""docs/app.md's "How it is built" names every module of ``notify/app``: a contributor looking
for what owns a behaviour finds it there."""

from __future__ import annotations

from tests.docs.pages import REPO


def test_every_app_module_is_named_in_app_md() -> None:
    text = (REPO / "docs" / "app.md").read_text(encoding="utf-8")
    modules = [p for p in sorted((REPO / "notify" / "app").rglob("*.py"))
               if p.name != "__init__.py"]
    assert len(modules) > 50
    assert [str(p.relative_to(REPO)) for p in modules if f"`{p.name}`" not in text
            and f"{p.name}`" not in text] == []
