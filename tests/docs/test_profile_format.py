"""docs/profile-format.md's example is a file ``notify profile import`` takes, in the format and
version this Notify writes, and its table of feature names is the kinds the reader knows."""

from __future__ import annotations

import json
import re

from notify.core.ranking import profile_file, profile_problems
from tests.docs.pages import REPO, section

PAGE = REPO / "docs" / "profile-format.md"


def example() -> str:
    found = re.search(r"```json\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert found
    return found.group(1)


def test_the_example_imports_as_it_reads() -> None:
    doc = json.loads(example())
    assert (doc["format"], doc["version"]) == ("notify-profile", profile_file.VERSION)
    assert f"version {profile_file.VERSION})" in PAGE.read_text(encoding="utf-8").splitlines()[0]
    data = profile_file.parse(example())
    assert (len(data.interests), len(data.pins), len(data.weights)) == (
        len(doc["interests"]), len(doc["pins"]), len(doc["weights"]))
    assert data.strength  # the example's softened interest ("strength": 0.2) is read


def test_the_feature_names_table_is_the_kinds_the_reader_knows() -> None:
    rows = re.findall(r"^\| `([a-z]+):", section(PAGE, "Fields"), re.M)
    assert rows == [*profile_problems.FAMILIES, "not"]
