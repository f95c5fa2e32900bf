from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notify.core.errors import ProfileFileError, UserInputError
from notify.core.ranking import profile_file, profile_problems
from notify.core.ranking.learner import DAY
from notify.core.ranking.profile import Profile, Term, parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import db
from tests.core.ranking.conftest import T0, Feed


def test_export_import_round_trip(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed], tmp_path: Path
) -> None:
    tech, sport = feeds
    s = RankingService(conn, explore=False)
    now = time.time()  # the export writes what is believed now: evidence fades with time
    s.feedback(tech.add("Rust compiler"), "like", now)
    s.feedback(sport.add("Golf club"), "dismiss", now)
    s.interests(add=[parse_term("keyword:rust")])
    s.pin(parse_term("source:sport"), "never")
    path = tmp_path / "me.json"
    s.export(path)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format"] == "notify-profile" and doc["version"] == profile_file.VERSION
    assert doc["pins"] == [{"kind": "source", "value": "sport", "mode": "never"}]
    assert doc["weights"]["src:tech"]["weight"] > 0

    s.reset()
    assert s.show().positive == []
    s.import_(path)
    again = RankingService(conn)
    assert again.profile.interests == [Term("keyword", "rust")]
    assert again.profile.pins == {Term("source", "sport"): "never"}
    for name, entry in doc["weights"].items():
        assert again.profile.weights.table[name][0] == pytest.approx(entry["weight"], abs=1e-6)


def test_an_exported_profile_whose_evidence_has_faded_imports_again(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed], tmp_path: Path
) -> None:
    """Regression: a reaction 100 days old rests on 0.001 reactions by now; the export wrote
    ``"certainty": 0.0`` and the import of that same file was refused ("must be a number above
    0")."""
    tech, _sport = feeds
    s = RankingService(conn, explore=False)
    long_ago = time.time() - 100 * DAY
    s.feedback(tech.add("Rust compiler"), "like", long_ago)
    path = tmp_path / "me.json"
    s.export(path)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["weights"]["src:tech"]["certainty"] == 0.0  # faded to nothing, as written
    s.reset()
    s.import_(path)
    again = RankingService(conn, explore=False)
    assert set(again.profile.weights.table) == set(doc["weights"])
    for name, entry in doc["weights"].items():
        weight, certainty, _at = again.profile.weights.table[name]
        assert (weight, certainty) == pytest.approx((entry["weight"], entry["certainty"]))


def test_a_source_liked_many_times_exports_within_the_bound_and_imports_again(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    """Regression: evidence has no bound (a source liked 20 times a day for 10 days holds 156),
    the file's weights do (50): the export wrote 156.472 and the import refused it. The export
    writes 50, which says the same now: every belief is at most 99.9 %."""
    from notify.core.ranking.features import ItemText

    s = RankingService(conn, explore=False)
    start = time.time() - 10 * DAY
    s.rank_texts([ItemText("First round", source="LWN")], start)  # after it: reactions
    for i in range(200):
        s.learn_text(ItemText(f"Kernel story {i}", source="LWN"), "like", start + i * DAY / 20)
    it = ItemText("Another kernel story", source="LWN")
    now = time.time()
    assert s.profile.weights.get("src:LWN", now)[0] > profile_file.MAX_WEIGHT
    before = s.profile.learner.assess(s.featurize(it)[0], now).beliefs
    path = tmp_path / "me.json"
    s.export(path)
    assert json.loads(path.read_text("utf-8"))["weights"]["src:LWN"]["weight"] == 50.0
    s.reset()
    s.import_(path)
    again = RankingService(conn, explore=False)
    after = again.profile.learner.assess(again.featurize(it)[0], now).beliefs
    assert after == pytest.approx(before, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["src:LWN", "w:rust", "sw:Sport|rugby", "not:w:tories", "int:keyword:rust"]),
    st.tuples(st.floats(-1e6, 1e6), st.floats(0.0, 50.0),
              st.floats(0.0, 400.0)),
    max_size=5),
    st.floats(0.0, 1.0, exclude_min=True) | st.sampled_from([0.2 ** 10, 0.2 ** 30]))
def test_every_export_imports_again(rows: dict[str, tuple[float, float, float]],
                                    strength: float) -> None:
    """Any profile's export reads back (rows of any evidence, certainty and age, faded at the
    time of export; an interest softened by any number of changes of taste, 0.2 each), with
    what it wrote."""
    conn = db.connect_empty()  # hypothesis runs many examples: no fixture's database
    try:
        profile = Profile(conn)
        now = time.time()
        for name, (evidence, count, days) in rows.items():
            profile.weights.table[name] = [evidence, count, now - days * DAY]
        rust = Term("keyword", "rust")
        profile.interests.append(rust)
        profile.learner.interest_scale = {rust.interest_feature: strength}
        doc = profile_file.dump(profile)
        data = profile_file.parse(profile_file.text_of(doc))
    finally:
        conn.close()
    assert data.weights == {n: (e["weight"], e["certainty"]) for n, e in doc["weights"].items()}
    assert data.interests == [rust]
    assert data.strength.get(rust.interest_feature, 1.0) == doc["interests"][0].get("strength", 1)
    assert data.strength.get(rust.interest_feature, 1.0) == pytest.approx(strength, rel=1e-5)


def test_a_certainty_of_0_is_accepted_and_the_weight_counts_as_written() -> None:
    data = profile_file.parse(json.dumps({
        "format": "notify-profile", "version": 3,
        "weights": {"w:rust": {"weight": 2.5, "certainty": 0}}}))
    assert data.weights == {"w:rust": (2.5, 0.0)}


def test_a_softened_interest_keeps_its_strength_through_export_and_import(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    from notify.core.ranking.features import ItemText

    s = RankingService(conn, explore=False)
    s.interests(add=[parse_term("source:Sport"), parse_term("keyword:rust")])
    s.profile.soften(0.2, T0)  # what a change-of-taste alarm does
    it = ItemText("Match report", source="Sport")
    before = s.profile.learner.prob(s.featurize(it)[0], T0)
    path = tmp_path / "me.json"
    s.export(path)
    doc = json.loads(path.read_text("utf-8"))
    assert {"kind": "source", "value": "Sport", "strength": 0.2} in doc["interests"]
    s.reset()
    s.import_(path)
    again = RankingService(conn, explore=False)
    assert again.profile.learner.prob(again.featurize(it)[0], T0) == pytest.approx(before)
    assert before < 0.5  # softened: not the 90 % of an interest as stated


def test_a_hand_written_profile_is_accepted(tmp_path: Path) -> None:
    text = """{
      "format": "notify-profile", "version": 1,
      "interests": [{"kind": "keyword", "value": "Rust"}],
      "pins": [{"kind": "author", "value": "Ann Lee", "mode": "always"}],
      "weights": {"src:LWN": {"weight": 2}, "w:golf": {"weight": -1.5, "certainty": 10}}
    }"""
    data = profile_file.parse(text)
    assert data.interests == [Term("keyword", "rust")]
    assert data.pins == {Term("author", "Ann Lee"): "always"}
    assert data.weights == {"src:LWN": (2.0, 1.0), "w:golf": (-1.5, 10.0)}


@pytest.mark.parametrize(("doc", "problem"), [
    ({"format": "x", "version": 1}, "format: must be"),
    ({"format": "notify-profile", "version": 9}, "version: this Notify reads versions 1 to 3"),
    ({"format": "notify-profile", "version": 3, "interests": [{"kind": "keyword", "value": "x",
                                                               "strength": 1.5}]},
     "interests[0].strength: must be a number above 0 and at most 1"),
    ({"format": "notify-profile", "version": 3, "interests": [{"kind": "keyword", "value": "x",
                                                               "strength": "weak"}]},
     "interests[0].strength: must be a number"),
    ({"format": "notify-profile", "version": 1, "pins": [{"kind": "mood", "value": "x",
                                                          "mode": "always"}]},
     'pins[0].kind: "mood" is not one of'),
    ({"format": "notify-profile", "version": 1, "pins": [{"kind": "keyword", "value": "x",
                                                          "mode": "sometimes"}]},
     "pins[0].mode: must be \"always\" or \"never\""),
    ({"format": "notify-profile", "version": 1, "weights": {"w:x": {"weight": "high"}}},
     "weights['w:x'].weight: must be a number"),
    ({"format": "notify-profile", "version": 1, "weights": {"w:x": {"weight": 1,
                                                                   "certainty": -2}}},
     "weights['w:x'].certainty: must be a number of reactions, 0 or more (0: the evidence rests "
     "on no reaction any more), got -2"),
    ({"format": "notify-profile", "version": 1, "weights": {"rust": {"weight": 1}}},
     "a feature name is KIND:VALUE"),
    ({"format": "notify-profile", "version": 1, "colour": "blue"}, "unknown top-level field"),
    ({"format": "notify-profile", "version": 3, "weights": {"zz:foo": {"weight": 1}}},
     "weights['zz:foo']: unknown kind 'zz'"),
    ({"format": "notify-profile", "version": 3, "weights": {"w:x": {"weight": 1,
                                                                   "colour": "red"}}},
     "weights['w:x']: unknown field(s) colour"),
    ({"format": "notify-profile", "version": 3, "weights": {"w:": {"weight": 1}}},
     "weights['w:']: nothing after 'w:'"),
    ({"format": "notify-profile", "version": 3, "weights": {"sw:Sport": {"weight": 1}}},
     "sw:SOURCE|word"),
    ({"format": "notify-profile", "version": 3, "weights": {"int:mood:x": {"weight": 1}}},
     "int:KIND:VALUE"),
    ({"format": "notify-profile", "version": 3, "weights": {"not:src:x": {"weight": 1}}},
     "not: is followed by a word feature"),
    ({"format": "notify-profile", "version": 3, "weights": {"w:x": {"certainty": 2}}},
     "weights['w:x'].weight: missing"),
    ({"format": "notify-profile", "version": 3, "pins": [{"kind": "keyword", "value": "x"}]},
     "pins[0].mode: missing; add \"mode\": \"always\" or \"never\""),
    ({"format": "notify-profile", "version": 3, "pins": [{"value": "x", "mode": "always"}]},
     "pins[0].kind: missing"),
    ({"format": "notify-profile", "version": 3, "pins": [
        {"kind": "keyword", "value": "x", "mode": "always"},
        {"kind": "keyword", "value": "x", "mode": "never"}]},
     "pins[1]: keyword 'x' is also pinned \"always\" above"),
    ({"format": "notify-profile"}, "version: missing"),
])
def test_an_invalid_profile_says_what_is_wrong(doc: dict[str, object], problem: str) -> None:
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(json.dumps(doc))
    assert problem in str(err.value)
    assert "nothing was changed" in str(err.value)


def test_the_feature_names_notify_writes_are_accepted() -> None:
    for name in ("bias", "src:Hacker News", "grp:Tech", "auth:Ann Lee", "tag:rust",
                 "site:lwn.net", "w:rust", "ww:rust async", "sw:Sport|rugby",
                 "sw:A|B|rugby", "int:keyword:rust", "int:source:Hacker News", "not:w:tories"):
        assert profile_problems.feature_problem(name) is None, name


@pytest.mark.parametrize(("text", "problem"), [
    ('{"format": "notify-profile", "version": 3,\n "weights": {"w:a": {"weight": 1},\n'
     ' "w:a": {"weight": 2}}}', "weights['w:a']: given more than once"),
    ('{"format": "notify-profile", "version": 3, "version": 2}',
     'top level: "version" given more than once'),
    ('{"format": "notify-profile", "version": 3, "weights": {"w:a": {"weight": 1, '
     '"weight": 2}}}', 'weights[\'w:a\']: "weight" given more than once'),
    ('{"format": "notify-profile", "version": 3, "pins": [{"kind": "keyword", "value": "a", '
     '"value": "b", "mode": "always"}]}', 'pins[0]: "value" given more than once'),
])
def test_a_key_given_twice_is_reported(text: str, problem: str) -> None:
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(text)
    assert problem in str(err.value)


def test_a_feature_given_twice_is_said_at_its_own_line() -> None:
    """Regression: said at the line of ``"weights": {`` (``line 13, weights: "not:w:code" given
    more than once``), in an export of a thousand lines the repeated feature was to be searched
    for."""
    rows = [f'    "w:word{i}": {{"weight": 0.5, "certainty": 1.0}},' for i in range(30)]
    rows.insert(20, '    "w:word3": {"weight": 1.5, "certainty": 1.0},')
    text = ('{\n  "format": "notify-profile",\n  "version": 3,\n  "weights": {\n'
            + "\n".join(rows).rstrip(",") + "\n  }\n}\n")
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(text, "profile.json")
    found = re.search(r"line (\d+), weights\['w:word3'\]: given more than once", str(err.value))
    assert found, str(err.value)
    assert int(found.group(1)) in (8, 25)  # the feature's first or repeated line


def test_a_number_in_quotes_is_said_to_drop_them() -> None:
    """Regression: ``"weight": "0.08"`` said ``must be a number between -50 and 50, got
    "0.08"``, where the same slip in the version said to drop the quotes."""
    text = ('{"format": "notify-profile", "version": 3,\n'
            ' "interests": [{"kind": "keyword", "value": "rust", "strength": "0.5"}],\n'
            ' "weights": {"w:a": {"weight": "0.08"}, "w:b": {"weight": 1, "certainty": " 2"},\n'
            ' "w:c": {"weight": "much"}}}')
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(text)
    said = str(err.value)
    assert 'got "0.08": a number is written without quotes, "weight": 0.08' in said
    assert 'got " 2": a number is written without quotes, "certainty": 2' in said
    assert 'got "0.5": a number is written without quotes, "strength": 0.5' in said
    assert 'got "much"\n' in said + "\n" and "much\": a number" not in said


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notepad.json"
    text = '{"format": "notify-profile", "version": 3, "weights": {"w:rust": {"weight": 1}}}'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())  # as Windows Notepad saves it
    assert profile_file.read(path).weights == {"w:rust": (1.0, 1.0)}
    assert profile_file.parse("\ufeff" + text).weights == {"w:rust": (1.0, 1.0)}


def test_a_file_that_cannot_be_read_says_why_in_words(tmp_path: Path) -> None:
    with pytest.raises(ProfileFileError) as err:
        profile_file.read(tmp_path / "nofile.json")
    assert str(err.value) == (f"Cannot read the profile file {tmp_path / 'nofile.json'}: no "
                              "such file. Check the name and folder.")
    with pytest.raises(ProfileFileError, match="it is a folder"):
        profile_file.read(tmp_path)
    (tmp_path / "latin1.json").write_bytes(b'{"format": "caf\xe9"}')
    with pytest.raises(ProfileFileError, match="not UTF-8 text"):
        profile_file.read(tmp_path / "latin1.json")


def test_not_json_says_where(tmp_path: Path) -> None:
    with pytest.raises(ProfileFileError, match="line 2, column"):
        profile_file.parse('{"format":\n ,}')


def test_a_failed_import_changes_nothing(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed], tmp_path: Path
) -> None:
    tech, _ = feeds
    s = RankingService(conn)
    s.feedback(tech.add("Rust compiler"), "like", T0)
    before = dict(s.profile.weights.table)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "notify-profile", "version": 1, "weights": {"w:x": 5}}')
    with pytest.raises(ProfileFileError):
        s.import_(bad)
    assert RankingService(conn).profile.weights.table == before


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Lists and objects of ``inner`` (a named function: Hypothesis reads a lambda's source
    to check that it recurses, and a lambda split over lines read wrongly made it warn)."""
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)


_json = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
    _containers,
    max_leaves=12,
)
_entry = st.fixed_dictionaries({"kind": st.sampled_from(["keyword", "source", "mood", 3]),
                                "value": st.text(max_size=6) | st.integers()},
                               optional={"mode": st.sampled_from(["always", "never", "x"])})
_doc = st.fixed_dictionaries(
    {"format": st.sampled_from(["notify-profile", "other"]),
     "version": st.sampled_from([1, 2, "1"])},
    optional={"interests": st.lists(_entry, max_size=3) | _json,
              "pins": st.lists(_entry, max_size=3) | _json,
              "weights": st.dictionaries(st.text(max_size=8), st.fixed_dictionaries(
                  {"weight": _json}, optional={"certainty": _json}), max_size=4) | _json},
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc | _json)
def test_the_importer_accepts_or_explains_anything(doc: object) -> None:
    try:
        data = profile_file.parse(json.dumps(doc))
    except ProfileFileError as err:
        assert str(err)  # a message a person can read
        return
    # what was accepted is well-formed
    for t in data.interests + list(data.pins):
        assert t.kind in ("source", "group", "author", "tag", "keyword", "site") and t.value
    for w, c in data.weights.values():
        assert abs(w) <= profile_file.MAX_WEIGHT and c >= 0


@given(st.text(max_size=40))
def test_parse_term_accepts_or_explains(text: str) -> None:
    try:
        t = parse_term(text)
    except UserInputError as err:  # the one refusal it has; anything else is a bug
        assert "KIND:VALUE" in str(err)
        return
    assert t.value


def test_a_misspelt_field_is_told_what_it_likely_meant() -> None:
    """Regression: a typo ("mdoe", "wieghts", "certianty") was only "unknown field(s) mdoe",
    next to "pins[0].mode: missing", leaving the person to see that the two were one."""
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(json.dumps({
            "format": "notify-profile", "version": 3, "wieghts": {},
            "pins": [{"kind": "keyword", "value": "x", "mdoe": "always"}],
            "interests": [{"kind": "keyword", "value": "y", "strenght": 0.5}],
            "weights": {"w:x": {"weight": 1, "certianty": 2, "colour": "red"}}}))
    said = str(err.value)
    assert 'unknown top-level field(s): wieghts (did you mean "weights"?)' in said
    assert 'pins[0]: unknown field(s) mdoe (did you mean "mode"?)' in said
    assert 'interests[0]: unknown field(s) strenght (did you mean "strength"?)' in said
    assert ("weights['w:x']: unknown field(s) certianty (did you mean \"certainty\"?), colour "
            "(a weight has") in said


def test_a_kind_written_as_a_person_would_is_told_the_one_it_likely_meant() -> None:
    """Regression (s16-profile, finding 10): a weight written "author:Some Pundit" (as a pin's
    "kind": "author" reads) was "unknown kind 'author'" and a list of prefixes, and an
    interest's "keywrod" was "not one of …", without the "did you mean" fields get."""
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(json.dumps({
            "format": "notify-profile", "version": 3,
            "interests": [{"kind": "keywrod", "value": "rust"}],
            "pins": [{"kind": "Author", "value": "X", "mode": "never"},
                     {"kind": "word", "value": "y", "mode": "always"},
                     {"kind": "colour", "value": "z", "mode": "always"}],
            "weights": {"author:Some Pundit": {"weight": 1}, "source:LWN": {"weight": 2},
                        "keyword:rust": {"weight": 1}, "scr:LWN": {"weight": 1},
                        "zz:foo": {"weight": 1}}}))
    said = str(err.value)
    assert ('interests[0].kind: "keywrod" is not one of source, group, author, tag, keyword, '
            'site (did you mean "keyword"?)') in said
    assert 'pins[0].kind: "Author" is not one of' in said and '(did you mean "author"?)' in said
    assert '(did you mean "keyword"?)' in said.split("pins[1].kind:")[1].splitlines()[0]
    assert "did you mean" not in said.split("pins[2].kind:")[1].splitlines()[0]
    assert "weights['author:Some Pundit']: unknown kind 'author' (did you mean 'auth:'?)" in said
    assert "weights['source:LWN']: unknown kind 'source' (did you mean 'src:'?)" in said
    assert "weights['keyword:rust']: unknown kind 'keyword' (did you mean 'w:'?)" in said
    assert "weights['scr:LWN']: unknown kind 'scr' (did you mean 'src:'?)" in said
    assert "weights['zz:foo']: unknown kind 'zz': a feature name" in said  # none close


def test_a_quoted_version_is_told_to_drop_the_quotes() -> None:
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse('{"format": "notify-profile", "version": "3"}')
    assert 'version: must be a number, without quotes: "version": 3' in str(err.value)


def test_broken_json_says_how_to_get_a_fresh_file_in_the_cli_and_the_app() -> None:
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse('{"format": "notify-profile",\n "version": 3,\n}', "p.json")
    assert str(err.value) == (
        "p.json is not valid JSON (line 3, column 1: Expecting property name enclosed in double "
        "quotes). There is a comma after the last entry on line 2: remove it. Line 2 reads "
        "“\"version\": 3,”. Fix it in a text editor, or export a fresh one (notify profile "
        "export, or Export in Settings → Profile).")


@pytest.mark.parametrize(("text", "said"), [
    ("[]", "must hold one JSON object, not a list."),
    ('"x"', "must hold one JSON object, not a string."),
    ("null", "must hold one JSON object, not null."),
])
def test_a_file_that_is_no_object_says_what_it_holds_in_words(text: str, said: str) -> None:
    """Regression: it said "not list." and "not NoneType."."""
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(text, "p.json")
    assert str(err.value) == f"p.json {said}"


# -- what a person editing the file by hand meets ------------------------------------------------

_HAND = """{
  "format": "notify-profile",
  "version": 3,
  "interests": [
    {"kind": "keyword", "value": "rust"},
    {"kind": "mood", "value": "calm"}
  ],
  "pins": [
    {"kind": "keyword", "value": "go", "mode": true}
  ],
  "weights": {
    "src:LWN": {"weight": 2.5},
    "w:golf": {"weight": "high"},
    "w:rust": {"weight": 1, "certianty": 2}
  },
  "colour": "blue"
}
"""


def test_each_problem_says_the_line_it_is_on_and_shows_values_as_json() -> None:
    """Regression: "pins[0].mode: … got True" (Python's spelling; the file says true), and no
    line: in a 2,000-line export, "weights['w:golf']" had to be searched for."""
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(_HAND, "p.json")
    assert err.value.problems == [
        'line 6, interests[1].kind: "mood" is not one of source, group, author, tag, keyword, '
        "site",
        'line 9, pins[0].mode: must be "always" or "never", got true',
        "line 13, weights['w:golf'].weight: must be a number between -50 and 50, got \"high\"",
        "line 14, weights['w:rust']: unknown field(s) certianty (did you mean \"certainty\"?) (a "
        'weight has "weight" and "certainty")',
        "line 16, unknown top-level field(s): colour (remove, or fix the name)",
    ]


@pytest.mark.parametrize(("text", "said"), [
    ("", "p.json is empty: it holds no profile."),
    ("\n  \n", "p.json is empty: it holds no profile."),
    ('format = "notify-profile"\nversion = 3\n',
     "p.json is not a Notify profile: a profile file is JSON that starts with “{”"),
    ("{'format': 'notify-profile'}", "Text and names are written in double quotes"),
    ('{\n "format": "notify-profile"\n "version": 3\n}',
     "A comma is likely missing at the end of line 2. Line 2 reads “\"format\": "
     "\"notify-profile\"”."),
    ('{\n "pins": [\n  {"kind": "keyword", "value": "x", "mode": "never"},\n ]\n}',
     "There is a comma after the last entry on line 3: remove it."),
])
def test_the_usual_slips_of_a_hand_edit_are_named(text: str, said: str) -> None:
    """Regression: an empty file, a TOML file and a trailing comma all said only "not valid
    JSON (line 1, column 1: Expecting value)" or its like."""
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse(text, "p.json")
    assert said in str(err.value)


def test_version_true_is_no_version() -> None:
    """Regression: JSON's true equals 1 in Python, so "version": true was read as version 1."""
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse('{"format": "notify-profile", "version": true}')
    assert "version: this Notify reads versions 1 to 3, the file says true" in str(err.value)


def test_a_newer_version_says_to_update_notify() -> None:
    with pytest.raises(ProfileFileError) as err:
        profile_file.parse('{"format": "notify-profile", "version": 4}')
    assert "it was written by a newer Notify; update Notify to import it" in str(err.value)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(profile_file, "MAX_BYTES", 100)
    big = tmp_path / "big.json"
    big.write_text('{"format": "notify-profile", "version": 3, "weights": {' + ", ".join(
        f'"w:x{i}": {{"weight": 1}}' for i in range(20)) + "}}")
    with pytest.raises(ProfileFileError) as err:
        profile_file.read(big)
    assert "a profile file is at most" in str(err.value)


def test_the_export_has_one_line_per_entry_and_reads_back(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed], tmp_path: Path
) -> None:
    """Regression: each weight took four lines ("weight": 0.437955 and "certainty": 1.999914
    on lines of their own): 6,000 lines to find one feature in."""
    tech, _ = feeds
    s = RankingService(conn, explore=False)
    s.feedback(tech.add("Rust compiler"), "like", time.time())
    s.pin(parse_term("source:sport"), "never")
    path = tmp_path / "me.json"
    s.export(path)
    lines = path.read_text("utf-8").splitlines()
    doc = json.loads(path.read_text("utf-8"))
    assert '    {"kind": "source", "value": "sport", "mode": "never"}' in lines
    row = next(line for line in lines if line.startswith('    "src:tech": '))
    assert re.fullmatch(r'    "src:tech": \{"weight": -?\d+\.\d{1,3}, '
                        r'"certainty": \d+\.\d{1,2}\},?', row)
    assert len(lines) == len(doc["weights"]) + 11  # the rest: one line a field, brackets
    assert profile_file.parse(path.read_text("utf-8")).pins == {Term("source", "sport"): "never"}


def test_an_import_is_compared_with_the_profile_it_replaces(
    conn: sqlite3.Connection, feeds: tuple[Feed, Feed]
) -> None:
    from notify.core.ranking import profile_diff

    tech, _ = feeds
    s = RankingService(conn, explore=False)
    now = time.time()
    s.feedback(tech.add("Rust compiler"), "like", now)
    s.interests(add=[parse_term("keyword:go")])
    before = profile_diff.snapshot(s.profile, now)
    doc = profile_file.dump(s.profile)
    doc["weights"]["src:tech"]["weight"] = 20.0
    del doc["weights"]["w:compiler"]
    doc["interests"] = [{"kind": "keyword", "value": "rust"}]
    doc["pins"] = [{"kind": "author", "value": "Pundit", "mode": "never"}]
    changes = profile_diff.compare(before, profile_file.parse(json.dumps(doc)))
    lines = changes.lines()
    assert lines[0].startswith("1 learned feature changed: source “tech” +")
    assert lines[0].endswith(" → +20.00.")
    assert lines[1].startswith("1 learned feature removed: the word “compiler” (was +")
    assert lines[2:] == ["1 interest added: the word “rust”.",
                         "1 interest removed: the word “go”.",
                         "1 alert or block added: never notify author “Pundit”.",
                         f"Nothing else changed: {len(doc['weights']) - 1} learned features "
                         "as before."]
    same = profile_diff.compare(before, profile_file.parse(json.dumps(profile_file.dump(
        s.profile))))
    assert not same.any and same.lines()[0].startswith("Nothing changed: the file holds what")


def test_changes_are_counted_in_plain_plurals() -> None:
    """Regression: "2 alerts or block removed"."""
    from notify.core.ranking import profile_diff

    pins = {Term("keyword", "a"): "always", Term("author", "B"): "never"}
    before = profile_file.ProfileData(pins=pins, weights={"w:a": (1.0, 1.0)})
    changes = profile_diff.compare(before, profile_file.ProfileData())
    assert changes.lines()[1] == ("2 alerts or blocks removed: always notify the word “a”; never "
                                  "notify author “B”.")
    assert changes.brief() == "1 learned feature removed, 2 alerts or blocks removed"


def test_what_was_learned_is_counted_as_the_profile_page_says_it() -> None:
    """Regression: the import's preview said "2 weights changed, 1 weight added": a weight is
    the file's word; Settings → Profile calls what was learned learned features."""
    from notify.core.ranking import profile_diff

    before = profile_file.ProfileData(weights={"w:a": (1.0, 1.0), "w:b": (1.0, 1.0),
                                               "w:c": (1.0, 1.0), "w:d": (1.0, 1.0)})
    after = profile_file.ProfileData(weights={"w:a": (3.0, 1.0), "w:b": (3.0, 1.0),
                                              "w:d": (1.0, 1.0), "w:e": (2.0, 1.0)})
    changes = profile_diff.compare(before, after)
    assert changes.brief() == ("2 learned features changed, 1 learned feature added, "
                               "1 learned feature removed")
    assert changes.lines()[0].startswith("2 learned features changed: the word “")
    assert changes.lines()[-1] == "Nothing else changed: 1 learned feature as before."
    assert "weight" not in " ".join([changes.brief(), *changes.lines()])


def test_what_stayed_names_only_the_kinds_something_of_stayed() -> None:
    """New-user finding (2026-11-30): "1 alert or block added: …" then "Nothing else changed:
    32 learned features, 3 interests, 0 alerts or blocks as before." read as a contradiction."""
    from notify.core.ranking import profile_diff

    rust = Term("keyword", "rust")
    before = profile_file.ProfileData(interests=[rust], weights={"w:a": (1.0, 1.0),
                                                                 "w:b": (1.0, 1.0)})
    after = profile_file.ProfileData(interests=[rust], pins={rust: "always"},
                                     weights={"w:a": (1.0, 1.0), "w:b": (1.0, 1.0)})
    assert profile_diff.compare(before, after).lines() == [
        "1 alert or block added: always notify the word “rust”.",
        "Nothing else changed: 2 learned features and 1 interest as before."]
    assert profile_diff.compare(before, before).lines() == [
        "Nothing changed: the file holds what your profile held: 2 learned features and 1 "
        "interest."]
    empty = profile_file.ProfileData()
    assert profile_diff.compare(empty, empty).lines() == [
        "Nothing changed: the file and your profile are both empty."]
    assert profile_diff.compare(empty, after).lines()[-1].startswith("1 alert or block added")


def test_an_import_that_changes_an_interest_s_strength_says_so(conn: sqlite3.Connection) -> None:
    """Regression: the preview compared interests by name only, so a file that gave a
    softened interest its full strength back (docs/profile-format.md: set it to 1) said
    "Nothing changed"."""
    from notify.core.ranking import profile_diff

    s = RankingService(conn, explore=False)
    s.interests(add=[parse_term("source:Sport"), parse_term("keyword:rust")])
    s.profile.soften(0.2, T0)  # what a change-of-taste alarm does
    before = profile_diff.snapshot(s.profile, T0)
    doc = profile_file.dump(s.profile)
    same = profile_diff.compare(before, profile_file.parse(json.dumps(doc)))
    assert not same.any  # the export's own strengths are no change
    for entry in doc["interests"]:
        entry.pop("strength", None)  # full strength again
    doc["interests"].append({"kind": "keyword", "value": "go", "strength": 0.5})
    changes = profile_diff.compare(before, profile_file.parse(json.dumps(doc)))
    assert changes.any
    lines = changes.lines()
    assert lines[0] == "1 interest added: the word “go”."
    assert lines[1] == ("2 interest strengths changed: source “Sport” 20 % → full; the word "
                        "“rust” 20 % → full.")
    assert len(lines) == 2  # no interest stayed as it was, nor anything else
    assert changes.brief() == "1 interest added, 2 interest strengths changed"
    doc["interests"][0]["strength"] = 0.6
    doc["interests"][1]["strength"] = 0.2  # as it was
    one = profile_diff.compare(before, profile_file.parse(json.dumps(doc)))
    assert "1 interest strength changed: source “Sport” 20 % → 60 %." in one.lines()
    assert one.lines()[-1] == "Nothing else changed: 1 interest as before."
