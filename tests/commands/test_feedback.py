"""``notify explain`` / ``notify notified`` / ``notify items``: what was decided, in sentences a
person reads, through ``notify.cli.main`` on a real database."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest

from notify.cli import main
from notify.core.models import ItemDraft
from notify.core.ranking.profile import parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store import items as items_store
from tests.core.ranking.conftest import T0, Feed

HOUR = 3600.0


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["--data-dir", str(tmp_path), *argv]) == 0
    return capsys.readouterr().out


def connect(tmp_path: Path) -> sqlite3.Connection:
    return db.connect(tmp_path / "notify.sqlite3")


def decision_of(out: str) -> str:
    [line] = [ln for ln in out.splitlines() if ln.startswith("Decision: ")]
    return line


def test_the_next_episode_is_notified_not_silenced_as_the_same_story(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = connect(tmp_path)
    local = Feed(conn, "Local")
    s = RankingService(conn)
    s.pin(parse_term("keyword:podcast"), "always")
    ids = []
    for n in (40, 41, 42):  # one episode per round, as a feed publishes them
        ids.append(local.add(f"Podcast Episode {n}"))
        assert len(s.process_new([ids[-1]], T0 + n * HOUR)) == 1
    conn.close()
    for i in ids:
        out = run(tmp_path, capsys, "explain", str(i))
        assert out.startswith("Notified: your alert for “podcast” (")
        assert re.fullmatch(r"Decision: notified \d{4}-\d\d-\d\d", decision_of(out))


def test_one_story_from_two_sources_names_the_other_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = connect(tmp_path)
    tech, sport = Feed(conn, "tech"), Feed(conn, "sport")
    s = RankingService(conn)
    s.pin(parse_term("keyword:iphone"), "always")
    a = tech.add("Apple unveils new iPhone with satellite messaging")
    b = sport.add("Apple unveils new iPhone with satellite messaging feature")
    [bubble] = s.process_new([a, b], T0)
    conn.close()
    lead, other = bubble.item_ids
    sources = {a: "tech", b: "sport"}
    out = run(tmp_path, capsys, "notified")
    assert f"your alert for “iphone”; also in: {sources[other]}" in out
    assert f"in the same notification; also in: {sources[lead]}" in out
    assert "also in: your" not in out and "also in: 99%" not in out
    first = run(tmp_path, capsys, "explain", str(other)).splitlines()[0]
    assert re.fullmatch(r'Notified: the same story as "Apple unveils new iPhone with satellite '
                        r'messaging.*", in the same notification \(\S+ likely to interest '
                        rf"you\); also in: {sources[lead]}", first)


def test_a_backlog_item_says_why_it_was_not_notified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = connect(tmp_path)
    local = Feed(conn, "Local")
    res = items_store.upsert(conn, local.source.id, [ItemDraft(key="old", title="Old news")],
                             now=T0, backlog=True)
    conn.close()
    out = run(tmp_path, capsys, "explain", str(res.new_ids[0]))
    assert out.splitlines()[0] == (
        "Not notified: it was already there when you added its source (the items "
        "a newly added source starts with go to the inbox, without notifications)")
    assert "Decision: " not in out  # it would only say it again
    explained = json.loads(run(tmp_path, capsys, "explain", str(res.new_ids[0]), "--json"))
    # was "decision": null, "reason": null: as if the ranking had failed
    assert explained["decision"] is None and explained["backlog"] is True
    assert explained["reason"] == (
        "it was already there when you added its source (the items a newly added source "
        "starts with go to the inbox, without notifications)")


def test_scores_read_as_percentages_and_json_keeps_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = connect(tmp_path)
    tech = Feed(conn, "tech")
    s = RankingService(conn)
    s.pin(parse_term("keyword:rust"), "always")
    a = tech.add("Rust compiler release")
    s.process_new([a], T0)
    score = items_store.get(conn, a).score
    conn.close()
    assert score is not None
    shown = f"{score:.0%}"
    assert f"Rust compiler release [{shown}]" in run(tmp_path, capsys, "items")
    assert f"{a:>6} {shown:>4}  Rust compiler release — tech" in run(
        tmp_path, capsys, "notified")
    assert f"{shown} likely to interest you" in run(tmp_path, capsys, "explain", str(a))
    assert json.loads(run(tmp_path, capsys, "items", "--json"))["items"][0]["score"] == score
    rows = json.loads(run(tmp_path, capsys, "notified", "--json"))["items"]
    assert rows[0]["score"] == score and rows[0]["reason"] == "your alert for “rust”"
    explained = json.loads(run(tmp_path, capsys, "explain", str(a), "--json"))
    assert explained["decision"] == "notify" and isinstance(explained["probability"], float)
    assert explained["backlog"] is False


def test_explain_says_in_words_what_decided_then_the_pushes_with_their_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the first line was "80% likely to interest you: source ⁨…⁩ +5.3, word 'x'
    -5.3, …", the lines listed under it, with weights a person cannot read; a right-to-left
    source's name came with isolates a terminal shows as boxes."""
    conn = connect(tmp_path)
    hebrew = Feed(conn, "חדשות הארץ")
    s = RankingService(conn)
    now = time.time()  # what explain reads now: learnt just before
    liked = hebrew.add("Rust compiler release notes")
    s.feedback(liked, "like", now - HOUR)
    a = hebrew.add("Rust compiler gets faster")
    s.process_new([a], now)
    conn.close()
    out = run(tmp_path, capsys, "explain", str(a))
    lines = out.splitlines()
    assert lines[0].startswith(("Notified: ", "Kept quiet: "))
    assert "you liked 1 item from חדשות הארץ" in lines[0]
    assert not re.search(r"[+-]\d", lines[0])
    header = next(i for i, line in enumerate(lines) if line.startswith("What moved the score"))
    assert "log-odds" in lines[header]
    # in profile show's words, with what profile pin/forget take (it said "source חדשות הארץ",
    # and "word 'rust'" where profile show says the word “rust”  [keyword:rust])
    assert re.fullmatch(r" +[+-]\d+\.\d\d  source “חדשות הארץ”  \[source:חדשות הארץ\]",
                        lines[header + 1])
    assert any(re.fullmatch(r" +[+-]\d+\.\d\d  the word “rust”  \[keyword:rust\]", line)
               for line in lines[header:]), out
    assert lines[-1] == "[KIND:VALUE] is what 'notify profile pin', 'unpin' and 'forget' take."
    assert "\u2068" not in out and "\u2069" not in out
    explained = json.loads(run(tmp_path, capsys, "explain", str(a), "--json"))
    assert explained["headline"] == lines[0]
    assert "\u2068" not in json.dumps(explained, ensure_ascii=False)
    assert {"feature", "text", "words", "contribution"} <= set(explained["features"][0])
    assert explained["summary"].endswith("you liked 1 from this source")  # kept, as documented


@pytest.mark.parametrize("argv", [("notified", "--limit", "0"), ("notified", "-n", "-1"),
                                  ("notified", "--would", "--limit", "0"),
                                  ("items", "--notified", "--limit", "0")], ids=" ".join)
def test_a_limit_below_one_is_refused_as_items_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    """Regression: ``--limit 0`` said "Nothing notified yet." (with one item notified) and a
    negative one listed them all, while ``notify items --limit 0`` is refused."""
    conn = connect(tmp_path)
    s = RankingService(conn)
    s.pin(parse_term("keyword:iphone"), "always")
    assert s.process_new([Feed(conn, "tech").add("A new iPhone")], T0)
    conn.close()
    assert main(["--data-dir", str(tmp_path), *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"notify: --limit must be at least 1 (got {argv[-1]}).\n"


def test_a_limit_that_is_no_number_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: it said "invalid int value: 'x'" (``items --limit x`` says what to give)."""
    with pytest.raises(SystemExit) as refused:
        main(["--data-dir", str(tmp_path), "notified", "--limit", "x"])
    assert refused.value.code == 2
    assert "'x' is not a whole number: give how many, e.g. 20" in capsys.readouterr().err


def test_explain_keeps_the_decision_s_score_and_says_what_was_learned_since(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (s16-profile): a Sports item kept quiet when nothing was known, then Likes of
    Sports items and an alert for its word: `notify explain` said "Kept quiet: likely not for
    you (11%; it needed 33%), as you tend to pass over …" (a reason learnt after the decision,
    for an item now 97% likely) and "(it was 11% when decided; 97% now, …)" under it, and
    nothing of the alert made since, which would notify it now."""
    conn = connect(tmp_path)
    sports, other = Feed(conn, "Sports"), Feed(conn, "Politics")
    s = RankingService(conn)
    now = time.time()
    ids = [sports.add(f"Match report {n} of the league") for n in range(12)]
    ids += [other.add(f"Senate vote {n} on the budget") for n in range(12)]
    s.process_new(ids, now - 3 * HOUR)
    quiet = [i for i in ids[:12] if items_store.get(conn, i).decision == "silent"
             and (items_store.get(conn, i).decision_reason or "").startswith("not likely")]
    assert len(quiet) >= 2, "some Sports items were kept quiet before anything was learned"
    kept, alerted = quiet[0], quiet[1]
    for i in ids[:12]:
        if i not in quiet[:2]:
            s.feedback(i, "like", now - 2 * HOUR)
    conn.execute("UPDATE items SET title = 'Penalty shootout drama' WHERE id = ?", (alerted,))
    conn.commit()
    s.pin(parse_term("keyword:shootout"), "always")
    conn.close()
    out = run(tmp_path, capsys, "explain", str(kept))
    first = out.splitlines()[0]
    assert re.fullmatch(r"Kept quiet: likely not for you \(\d+% when it came; it needed \d+%\); "
                        r"now >?\d+% likely to interest you, as you liked \d+ items from Sports.*",
                        first), first
    assert "when decided" not in out  # said once, in the headline
    explained = json.loads(run(tmp_path, capsys, "explain", str(kept), "--json"))
    assert explained["headline"] == first
    out = run(tmp_path, capsys, "explain", str(alerted))
    assert "; since then your alert for “shootout” matches it: it would be notified now" in (
        out.splitlines()[0]), out
