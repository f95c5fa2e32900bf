"""docs/cli.md's table of settings is the schema of ``notify/core/settings.py``, and every
setting key the docs name is one."""

from __future__ import annotations

import re

from notify.commands.settings import value_text
from notify.core.settings import BY_KEY, OPTIONS, Option
from tests.docs.pages import CLI_PAGE, PAGES, inline_code, section

# a setting's key as the docs write it: its section, a dot, and a name with an underscore
# (``fetch.backoff``, ``store.items`` and ``poll.apply`` are modules and functions)
SETTING_KEY = re.compile(r"(?<![\w./])((?:poll|fetch|store|notify)\.[a-z]+(?:_[a-z]+)+)(?![\w.(/])")


def table_rows() -> dict[str, list[str]]:
    text = section(CLI_PAGE, "Settings and pausing")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 4:
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def range_text(option: Option) -> str:
    if option.minimum is not None and option.maximum is not None:
        return f"{value_text(option, option.minimum)}–{value_text(option, option.maximum)}"
    return {str: "HH:MM", bool: "yes/no"}.get(option.type, "")


def test_the_settings_table_is_the_schema() -> None:
    rows = table_rows()
    assert list(rows) == [o.key for o in OPTIONS], "docs/cli.md's table: one row per setting"
    for option in OPTIONS:
        label, default, limits = rows[option.key]
        assert label == option.label, option.key
        assert default == value_text(option, option.default), option.key
        if range_text(option):
            assert limits == range_text(option), option.key


def test_every_setting_key_the_docs_name_is_a_setting() -> None:
    named = [(code.where(), key) for page in PAGES for code in inline_code(page)
             for key in SETTING_KEY.findall(code.text)]
    assert len(named) > 20  # the pattern finds them
    assert [(where, key) for where, key in named if key not in BY_KEY] == []
