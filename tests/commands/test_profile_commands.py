"""``notify profile …`` and ``notify feedback`` through ``notify.cli.main``: what a person sees,
and the exit status (docs/cli.md: 1 "you answered no", 2 a user error)."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from notify.cli import main
from notify.core.ranking.profile import TERM_KINDS
from notify.core.store import db
from tests.core.ranking.conftest import Feed


def run(tmp_path: Path, *argv: str) -> int:
    return main(["--data-dir", str(tmp_path), *argv])


def setup(tmp_path: Path) -> list[int]:
    conn = db.connect(tmp_path / "notify.sqlite3")
    tech = Feed(conn, "Hacker News")
    ids = [tech.add("Rust compiler release"), tech.add("Rust async book")]
    conn.close()
    return ids


def shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert run(tmp_path, "profile", "show", "--json") == 0
    doc: dict[str, object] = json.loads(capsys.readouterr().out)
    return doc


class Terminal(io.StringIO):
    """Standard input at a terminal, with what the person types."""

    def isatty(self) -> bool:
        return True


class Piped(io.StringIO):
    def isatty(self) -> bool:
        return False


# -- feedback -------------------------------------------------------------------------------

def test_liking_an_item_twice_counts_once_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Item {a} is already liked: nothing changed.")
    assert run(tmp_path, "feedback", str(b), "like") == 0
    assert shown(tmp_path, capsys)["reactions"] == 2
    assert run(tmp_path, "feedback", str(b), "dismiss") == 0
    assert capsys.readouterr().out == (f"Noted: dismiss on item {b}, instead of your earlier "
                                       "like. 'notify profile undo' takes it back.\n")
    assert shown(tmp_path, capsys)["reactions"] == 2


def test_an_unknown_reaction_names_the_argument_and_the_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        run(tmp_path, "feedback", "1", "love")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument REACTION: invalid choice: 'love'" in err
    assert "'like', 'dismiss', 'open', 'ignore'" in err and "label" not in err
    with pytest.raises(SystemExit):
        run(tmp_path, "feedback", "--help")
    out = capsys.readouterr().out
    assert "ITEM REACTION" in out and "like; dismiss" in out


# -- reset ----------------------------------------------------------------------------------

def test_reset_refuses_without_yes_when_not_at_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", Piped(""))  # notify profile reset </dev/null
    assert run(tmp_path, "profile", "reset") == 2
    out, err = capsys.readouterr()
    assert out == ""  # no prompt nobody can answer
    weights = len(json.loads(_export(tmp_path, capsys))["weights"])
    # Regression: the refusal did not say what a reset would forget (docs/cli.md says it does)
    assert err == ("notify: Not resetting the profile: nobody can confirm when not at a "
                   f"terminal. Resetting forgets {weights} learned features, 0 interests, 0 "
                   "alerts and 0 blocks; your 1 reaction can no longer be undone. Add --yes to "
                   "reset without asking ('notify profile export FILE' first keeps a copy you "
                   "can import).\n")
    assert shown(tmp_path, capsys)["reactions"] == 1


def test_reset_takes_y_for_yes_as_sources_remove_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: ``profile reset`` had ``--yes`` only, ``sources remove`` also ``-y``, and
    each its own help text for it."""
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    monkeypatch.setattr(sys, "stdin", Piped(""))
    capsys.readouterr()
    assert run(tmp_path, "profile", "reset", "-y") == 0
    assert capsys.readouterr().out == "Profile reset.\n"
    assert shown(tmp_path, capsys)["reactions"] == 0
    helps = []
    for argv in (["profile", "reset"], ["sources", "remove"]):
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        helps.append(text[text.index("--yes, -y"):].split(" --data-dir", 1)[0])
    assert helps[0] == helps[1] == "--yes, -y do not ask (needed when not at a terminal)"


def test_reset_at_a_terminal_takes_end_of_input_as_no(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    monkeypatch.setattr(sys, "stdin", Terminal(""))  # Ctrl-D at the prompt
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)  # a terminal's
    assert run(tmp_path, "profile", "reset") == 1
    assert capsys.readouterr().out.endswith("[y/N] \nNothing changed.\n")
    assert shown(tmp_path, capsys)["reactions"] == 1
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    assert run(tmp_path, "profile", "reset") == 0
    assert shown(tmp_path, capsys)["reactions"] == 0


def test_reset_says_what_it_forgets_and_how_to_keep_a_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: it asked only "Forget everything Notify learned about you?"."""
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert run(tmp_path, "profile", "pin", "--never", "author:Pundit") == 0
    assert run(tmp_path, "profile", "interests", "--add", "rust") == 0
    weights = len(json.loads(_export(tmp_path, capsys))["weights"])
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert run(tmp_path, "profile", "reset") == 1
    assert capsys.readouterr().out == (
        f"Resetting forgets {weights} learned features, 1 interest, 0 alerts and 1 block; your 1 "
        "reaction can no longer be undone. It cannot be undone: 'notify profile export FILE' "
        "first keeps a copy you can import. Forget all that? [y/N] Nothing changed.\n")


def _export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "out.json"
    assert run(tmp_path, "profile", "export", str(path)) == 0
    capsys.readouterr()
    return path.read_text("utf-8")


def test_show_says_features_in_words_with_what_a_weight_means(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: rows read "+5.14  source Hacker News  [src:Hacker News]" and "word 'rust' in
    Hacker News  [sw:Hacker News|rust]": an unquoted name, a bare log-odds number, and a
    bracketed name that pin and forget refuse."""
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert run(tmp_path, "profile", "pin", "author:Pundit") == 0
    capsys.readouterr()
    assert run(tmp_path, "profile", "show", "-n", "50") == 0
    out = capsys.readouterr().out
    assert "Alerts:    author “Pundit” (always notified)" in out
    # one Like is no firm evidence: said "tentative", as Settings → Profile says it (it said
    # "strong" by the weight alone)
    assert re.search(r"^ +\+\d+\.\d\d  tentative +source “Hacker "
                     r"News”  \[source:Hacker News\]$", out, re.M)
    assert re.search(r"^ +\+\d+\.\d\d  \w+ +the word “rust”  \[keyword:rust\]$", out, re.M)
    assert re.search(r"^ +\+\d+\.\d\d  \w+ +the word “rust” in source “Hacker News”$", out, re.M)
    assert "[sw:" not in out and "[w:" not in out
    assert "+2.3 makes an item ten times likelier to be wanted" in out


# -- pins, interests, undo --------------------------------------------------------------------

def test_unpinning_what_is_not_pinned_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup(tmp_path)
    assert run(tmp_path, "profile", "unpin", "keyword:nothere") == 2
    assert capsys.readouterr().err == ("notify: the word “nothere” is not pinned, so nothing "
                                       "changed. You have no pins.\n")
    assert run(tmp_path, "profile", "pin", "keyword:rust") == 0
    assert run(tmp_path, "profile", "unpin", "keyword:nothere") == 2
    assert "Your pins: always the word “rust”." in capsys.readouterr().err
    assert run(tmp_path, "profile", "unpin", "keyword:rust") == 0
    assert capsys.readouterr().out == "Unpinned the word “rust”.\n"


def test_removing_what_is_not_an_interest_says_so_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup(tmp_path)
    assert run(tmp_path, "profile", "interests", "--add", "rust") == 0
    assert run(tmp_path, "profile", "interests", "--add", "golf", "--remove",
               "keyword:nothere") == 2
    assert capsys.readouterr().err == (
        "notify: the word “nothere” is not among your interests, so nothing changed. Your "
        "interests: the word “rust”.\n")
    assert run(tmp_path, "profile", "interests", "--add", "rust") == 0
    assert capsys.readouterr().out == ("the word “rust” was already an interest.\n"
                                       "Interests: the word “rust”\n")


def test_interests_take_add_and_remove_as_words_like_sources_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`notify profile interests add rust` was refused by argparse ("unrecognized arguments"):
    every other command says `add` as a word (`notify sources add`)."""
    setup(tmp_path)
    assert run(tmp_path, "profile", "interests", "add", "rust", "source:Hacker News") == 0
    assert capsys.readouterr().out == (
        "Interests: the word “rust”, source “Hacker News”\n")
    assert run(tmp_path, "profile", "interests", "remove", "rust") == 0
    assert capsys.readouterr().out == "Interests: source “Hacker News”\n"
    assert run(tmp_path, "profile", "interests", "golf") == 2
    assert capsys.readouterr().err == (
        "notify: Say what to do with golf: 'notify profile interests add golf' or '… remove "
        "golf'.\n")
    assert run(tmp_path, "profile", "interests", "add") == 2
    assert "Name the interest to add" in capsys.readouterr().err


def test_pin_says_when_it_changes_a_pin_and_warns_of_a_source_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup(tmp_path)
    assert run(tmp_path, "profile", "pin", "source:Hacker News") == 0
    assert capsys.readouterr().out == "Pinned: always notify source “Hacker News”.\n"
    assert run(tmp_path, "profile", "pin", "--never", "source:Hacker News") == 0
    assert capsys.readouterr().out == ("Changed the pin on source “Hacker News” from always "
                                       "to never: never notify it.\n")
    assert run(tmp_path, "profile", "pin", "--never", "source:Hacker News") == 0
    assert capsys.readouterr().out == "Already pinned: never notify source “Hacker News”.\n"
    assert run(tmp_path, "profile", "pin", "source:hacker news") == 0  # still pinned
    assert capsys.readouterr().out.splitlines()[1] == (
        "  warning: no source is called 'hacker news' yet; the pin applies once one is. Did "
        "you mean 'Hacker News'? Names must match exactly, case included.")
    assert run(tmp_path, "profile", "pin", "source:No Such Feed") == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "  warning: no source is called 'No Such Feed' yet; the pin applies once one is.")
    pins = shown(tmp_path, capsys)["pins"]
    assert {"term": "source No Such Feed", "mode": "always"} in pins  # type: ignore[operator]


def test_undo_takes_a_positive_count_and_says_when_there_is_no_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = setup(tmp_path)
    for bad in ("-1", "0", "two"):
        with pytest.raises(SystemExit) as exit_:
            run(tmp_path, "profile", "undo", bad)
        assert exit_.value.code == 2
        assert "argument N: " in capsys.readouterr().err
    assert run(tmp_path, "feedback", str(a), "like") == 0
    capsys.readouterr()
    assert run(tmp_path, "profile", "undo", "3") == 0
    assert capsys.readouterr().out == (f"Undone: your like of item {a} “Rust compiler release”; "
                                       "no more reactions to undo.\n")  # which item it was
    assert run(tmp_path, "profile", "undo") == 0
    assert capsys.readouterr().out == "No reaction to undo.\n"


# -- import, help -----------------------------------------------------------------------------

def test_import_says_what_it_changed_and_a_missing_file_is_one_plain_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the import said only totals ("1 feature, 0 interests, 1 pin"), the same
    whether a hand edit landed or not, and not that earlier reactions could no longer be
    undone."""
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    path = tmp_path / "one.json"
    assert run(tmp_path, "profile", "export", str(path)) == 0
    doc = json.loads(path.read_text())
    doc["weights"]["src:Hacker News"]["weight"] = 9.5
    del doc["weights"]["w:compiler"]
    doc["pins"].append({"kind": "keyword", "value": "rust", "mode": "always"})
    path.write_text(json.dumps(doc))
    capsys.readouterr()
    assert run(tmp_path, "profile", "import", str(path)) == 0
    out = capsys.readouterr().out.splitlines()
    n = len(doc["weights"])
    assert out[0] == f"Profile imported from {path}: {n} features, 0 interests, 1 pin."
    assert re.fullmatch(r"  1 learned feature changed: source “Hacker News” "
                        r"\+\d+\.\d\d → \+9\.50\.", out[1])
    assert re.fullmatch(r"  1 learned feature removed: the word “compiler” "
                        r"\(was \+\d+\.\d\d\)\.", out[2])
    assert out[3] == "  1 alert or block added: always notify the word “rust”."
    assert out[4] == f"  Nothing else changed: {n - 1} learned features as before."
    assert out[5] == ("Your 1 earlier reaction can no longer be undone: the profile it "
                      "taught was replaced.")
    assert run(tmp_path, "profile", "import", str(tmp_path / "nofile.json")) == 2
    err = capsys.readouterr().err
    assert err.endswith(": no such file. Check the name and folder.\n") and "Errno" not in err


def test_import_names_the_sources_in_the_file_that_no_source_of_yours_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file exported before a rename (or on another machine) holds names none of the
    sources has: its rows match nothing, and the import said nothing of it."""
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    path = tmp_path / "old-names.json"
    assert run(tmp_path, "profile", "export", str(path)) == 0
    doc = json.loads(path.read_text())
    doc["weights"]["src:HN (old name)"] = doc["weights"].pop("src:Hacker News")
    doc["weights"]["sw:Lobsters|rust"] = {"weight": 2.0, "certainty": 1.0}
    doc["pins"].append({"kind": "group", "value": "Tech", "mode": "always"})
    doc["interests"].append({"kind": "source", "value": "Hacker News"})  # one of theirs
    path.write_text(json.dumps(doc))
    capsys.readouterr()
    assert run(tmp_path, "profile", "import", str(path)) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("3 names in the file no source of yours has: source “HN (old name)”; source "
            "“Lobsters”; group “Tech”. What was learned of them counts once a source (or "
            "group) has that name") in out, out
    assert "“Hacker News”;" not in out


def test_importing_the_profile_as_it_is_changes_nothing_and_keeps_undo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: importing the file just exported said "Nothing changed" and yet replaced
    the profile by its copy: "Your 1 earlier reaction can no longer be undone", and it was so
    (undo then said the reaction was given before the profile was replaced)."""
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert run(tmp_path, "profile", "pin", "rust") == 0
    path = tmp_path / "same.json"
    assert run(tmp_path, "profile", "export", str(path)) == 0
    n = len(json.loads(path.read_text())["weights"])
    capsys.readouterr()
    assert run(tmp_path, "profile", "import", str(path)) == 0
    assert capsys.readouterr().out == (
        f"Nothing changed: {path} holds what your profile holds ({n} features, 0 interests, 1 "
        "pin), so it was not imported; your 1 earlier reaction can still be undone.\n")
    assert shown(tmp_path, capsys)["imported_from"] is None  # not recorded as an import
    assert run(tmp_path, "profile", "undo") == 0
    assert capsys.readouterr().out.startswith(f"Undone: your like of item {a} ")


def test_export_to_a_folder_says_it_as_import_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: export said the system's "Is a directory" mid-sentence, where import of the
    same folder said "it is a folder, not a file"."""
    setup(tmp_path)
    folder = tmp_path / "exports"
    folder.mkdir()
    capsys.readouterr()
    said = []
    for action in ("export", "import"):
        assert run(tmp_path, "profile", action, str(folder)) == 2
        err = capsys.readouterr().err
        said.append(err.split(str(folder), 1)[1])
    assert said[0] == said[1] == (": it is a folder, not a file. Give the path of the profile "
                                  "file.\n")
    assert run(tmp_path, "profile", "export", str(tmp_path / "none" / "p.json")) == 2
    assert capsys.readouterr().err.endswith(
        f"there is no folder {tmp_path / 'none'}. Check the name and folder.\n")


@pytest.mark.parametrize("action", ["pin", "unpin", "forget", "less", "interests"])
def test_help_says_what_a_feature_is(action: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["profile", action, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "KIND:VALUE with KIND one of" in out and "w:rust" in out


def test_the_feature_help_lists_every_kind() -> None:
    from notify.commands.profile import FEATURE_HELP

    assert f"KIND one of {', '.join(TERM_KINDS)} " in FEATURE_HELP


def test_undo_help_says_what_n_is(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["profile", "undo", "--help"])
    assert "how many of your last reactions to undo" in " ".join(capsys.readouterr().out.split())


def test_show_writes_the_profile_size_as_status_writes_the_database_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One way of writing sizes in every command (``output.size``): ``profile show`` said
    "KiB" where ``status`` says "KB"/"MB"."""
    from notify.commands.output import size

    ids = setup(tmp_path)
    assert run(tmp_path, "feedback", str(ids[0]), "like") == 0
    size_bytes = shown(tmp_path, capsys)["bytes"]
    assert isinstance(size_bytes, int)
    assert run(tmp_path, "profile", "show") == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"Learned from 1 reaction; profile {size(size_bytes)}."
    assert "KiB" not in first  # was "profile 0.4 KiB."
    assert run(tmp_path, "status") == 0
    assert re.search(r"^Database: +\d+\.\d (KB|MB) in ", capsys.readouterr().out, re.M)


def test_show_says_where_an_imported_profile_came_from_and_a_reset_forgets_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: after an import (which withdraws the reactions that taught the old profile)
    ``profile show`` said "Learned from 0 reactions" above full lists."""
    import time
    from datetime import UTC, datetime

    from notify.commands.output import size

    a, b = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    path = tmp_path / "profile.json"
    assert run(tmp_path, "profile", "export", str(path)) == 0
    doc = json.loads(path.read_text())  # a change, or the import changes nothing at all
    doc["pins"].append({"kind": "keyword", "value": "rust", "mode": "always"})
    path.write_text(json.dumps(doc))
    assert run(tmp_path, "profile", "import", str(path)) == 0

    def first_line() -> str:
        capsys.readouterr()
        assert run(tmp_path, "profile", "show") == 0
        return capsys.readouterr().out.splitlines()[0]

    doc = shown(tmp_path, capsys)
    assert doc["imported_from"] == "profile.json"
    at = datetime.strptime(str(doc["imported_at"]), "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=UTC).timestamp()
    assert abs(at - time.time()) < 60
    day = time.localtime(at)
    on = f"{day.tm_mday} {time.strftime('%b %Y', day)}"
    assert first_line() == (f"Imported from profile.json on {on}; no reactions since; "
                            f"profile {size(int(str(doc['bytes'])))}.")
    assert run(tmp_path, "feedback", str(b), "like") == 0
    assert first_line().startswith(f"Imported from profile.json on {on}; learned from 1 "
                                   "reaction since; profile ")
    assert run(tmp_path, "profile", "reset", "--yes") == 0
    assert first_line().startswith("Learned from 0 reactions; profile ")
    doc = shown(tmp_path, capsys)
    assert doc["imported_from"] is None and doc["imported_at"] is None


def test_after_reset_undo_says_the_reactions_before_it_can_no_longer_be_undone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: "No reaction to undo." though the item still showed the Like; and a Like
    of it again said "already liked", teaching the new profile nothing."""
    a, _ = setup(tmp_path)
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert run(tmp_path, "profile", "reset", "--yes") == 0
    capsys.readouterr()
    assert run(tmp_path, "profile", "undo") == 0
    assert capsys.readouterr().out == (
        f"Your like of item {a} “Rust compiler release” was given before everything learned "
        "was reset: what it taught is gone already, so it can no longer be undone. The item "
        "keeps its mark; react to it again to teach the profile you have now.\n")
    assert run(tmp_path, "items", "--json") == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [i["reaction"] for i in items if i["id"] == a] == ["like"]  # what you did
    assert run(tmp_path, "feedback", str(a), "like") == 0
    assert "already" not in capsys.readouterr().out
    assert run(tmp_path, "profile", "undo", "2") == 0
    assert capsys.readouterr().out.startswith(
        f"Undone: your like of item {a} “Rust compiler release”.\nYour like of item {a} ")
