"""The profile as a file a person can read, edit and carry: JSON, versioned, validated.

Format (``docs/profile-format.md`` documents every field)::

    {
      "format": "notify-profile",
      "version": 3,
      "exported_at": "2026-11-29T13:00:00Z",
      "interests": [{"kind": "keyword", "value": "rust"},
                    {"kind": "source", "value": "Sport", "strength": 0.2}],
      "pins": [{"kind": "source", "value": "Hacker News", "mode": "always"}],
      "weights": {"w:rust": {"weight": 1.25, "certainty": 6.0}}
    }

``weight`` is the evidence learnt about a feature, on the log-odds scale above its prior
(positive: the person cares about it; for a ``not:w:`` row: cannot stand the word);
``certainty`` is how many reactions that evidence rests on (both fade with time; 0: none any
more, the evidence stands as written: reactions long ago, or evidence a source split moved to
words within it). An interest's ``strength`` (0 to 1, default 1) is how much of it is still
believed: a change of taste lowers it. Version 2 files (no ``strength``) and version 1 files
(the logistic model's weights, same sign and scale) are read the same way.
Import checks everything first and lists every problem (where, what, how to fix): unknown or
missing fields, unknown kinds, feature names that are not ``profile_problems.FAMILIES``, keys
given twice (``profile_problems``); nothing is changed unless the whole file is valid.
Importing replaces the profile. A UTF-8 byte order mark (Windows Notepad writes one) is
accepted.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notify.core.errors import ProfileFileError
from notify.core.ranking.learner import VETO
from notify.core.ranking.profile import TERM_KINDS, Profile, Term
from notify.core.ranking.profile_problems import (
    Object,
    Problems,
    Repeats,
    feature_problem,
    json_kind,
    meant_kind,
    object_pairs,
    shown,
    unknown_fields,
    where,
)
from notify.core.ranking.profile_text import Path as TextPath
from notify.core.ranking.profile_text import syntax_problem
from notify.core.store import feedback as store

FORMAT = "notify-profile"
VERSION = 3
READABLE = (1, 2, 3)  # versions this Notify imports
MAX_FEATURES = 200_000
MAX_WEIGHT = 50.0
MAX_BYTES = 64_000_000  # a file larger than this is no profile (read whole)
_BOM = "\ufeff"
# the profile's meta keys for the last import: the file's name, when (``load_into``)
IMPORTED_FROM = "imported_from"
IMPORTED_AT = "imported_at"
# ... and how many liked features it brought (``liked_features``): the person's taste is known,
# as after a Like, so Notify does not search for it at the start (``knows_taste``)
IMPORTED_LIKES = "imported_likes"
# a weight at least this big says the person cares about the feature (``Profile.top`` shows
# smaller ones as faded)
LIKED_EVIDENCE = 0.01


@dataclass(frozen=True)
class ProfileData:
    interests: list[Term] = field(default_factory=list)
    pins: dict[Term, str] = field(default_factory=dict)
    # interest feature -> the share of its strength still believed (absent: 1)
    strength: dict[str, float] = field(default_factory=dict)
    weights: dict[str, tuple[float, float]] = field(default_factory=dict)

    def liked_features(self) -> int:
        """How many features the person is known to care about (a positive weight that is no
        vetoed word's, nor the every-item ``bias``)."""
        return sum(1 for name, (weight, _certainty) in self.weights.items()
                   if weight >= LIKED_EVIDENCE and not name.startswith(VETO) and name != "bias")

    def summary(self) -> str:
        """What an import brought in, in words: ``3 features, 1 interest, 0 pins``."""
        return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in (
            (len(self.weights), "feature"), (len(self.interests), "interest"),
            (len(self.pins), "pin")))


def dump(profile: Profile) -> dict[str, Any]:
    """The profile as the file holds it: what is believed now. Evidence has no bound (a source
    liked 20 times a day holds over 150), a file's weight has (``MAX_WEIGHT``): beyond it, it is
    written as the bound, which says the same now (a belief is at most 99.9 %, which evidence
    far below 50 reaches) and imports again."""
    now = time.time()
    weights = {}
    for name in sorted(profile.weights.table):
        mean, prec = profile.weights.get(name, now)
        mean = max(-MAX_WEIGHT, min(mean, MAX_WEIGHT))
        weights[name] = {"weight": round(mean, 3), "certainty": round(prec, 2)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        "interests": [_interest(t, profile.learner.interest_scale.get(t.interest_feature, 1.0))
                      for t in profile.interests],
        "pins": [{"kind": t.kind, "value": t.value, "mode": m} for t, m in profile.pins.items()],
        "weights": weights,
    }


def _interest(term: Term, strength: float) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": term.kind, "value": term.value}
    if strength < 1.0:  # 6 significant digits: after ten changes of taste (0.2 each) it is
        # 1e-7, which 6 decimals wrote as 0, and the import refused
        entry["strength"] = float(f"{strength:.6g}")
    return entry


def text_of(doc: dict[str, Any]) -> str:
    """The file's text: one line per interest, pin and weight (easy to find, change or delete
    in a text editor), the fields in the documented order."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for i, (key, value) in enumerate(doc.items()):
        end = "," if i < len(doc) - 1 else ""
        if isinstance(value, list) and value:
            entries = [f"    {one(v)}," for v in value]
            lines += [f"  {one(key)}: [", *entries[:-1], entries[-1][:-1], f"  ]{end}"]
        elif isinstance(value, dict) and value:
            entries = [f"    {one(k)}: {one(v)}," for k, v in value.items()]
            lines += [f"  {one(key)}: {{", *entries[:-1], entries[-1][:-1], f"  }}{end}"]
        else:
            lines.append(f"  {one(key)}: {one(value)}{end}")
    return "\n".join(lines) + "\n}\n"


def write(path: Path, doc: dict[str, Any]) -> None:
    text = text_of(doc)
    try:
        path.write_text(text, encoding="utf-8")
    except IsADirectoryError as err:  # as ``read`` says it (the system's "Is a directory" was
        # quoted mid-sentence)
        raise ProfileFileError(f"Cannot write the profile to {path}: it is a folder, not a "
                               "file. Give the path of the profile file.") from err
    except FileNotFoundError as err:
        raise ProfileFileError(f"Cannot write the profile to {path}: there is no folder "
                               f"{path.parent}. Check the name and folder.") from err
    except OSError as err:
        raise ProfileFileError(
            f"Cannot write the profile to {path}: {(err.strerror or str(err)).lower()}. Check "
            "that the folder exists and is writable."
        ) from err


def read(path: Path) -> ProfileData:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ProfileFileError(
                f"Cannot import {path}: it is {size / 1e6:.0f} MB, and a profile file is at "
                f"most {MAX_BYTES / 1e6:.0f} MB (an export of the largest profile is about "
                "15 MB). Is it the file you exported?")
        text = path.read_text(encoding="utf-8-sig")  # a byte order mark is no problem
    except FileNotFoundError as err:
        raise ProfileFileError(f"Cannot read the profile file {path}: no such file. Check the "
                               "name and folder.") from err
    except IsADirectoryError as err:
        raise ProfileFileError(f"Cannot read the profile file {path}: it is a folder, not a "
                               "file. Give the path of the profile file.") from err
    except UnicodeDecodeError as err:
        raise ProfileFileError(
            f"Cannot read the profile file {path}: it is not UTF-8 text (byte {err.start}). "
            "Save it as UTF-8 in your text editor.") from err
    except OSError as err:
        raise ProfileFileError(
            f"Cannot read the profile file {path}: {(err.strerror or str(err)).lower()}. "
            "Check that it exists and that you may read it.") from err
    return parse(text, str(path))


def _term(entry: Any, path: TextPath, problems: Problems, modes: bool,
          extra: frozenset[str] = frozenset()) -> tuple[Term, str] | None:
    if not isinstance(entry, dict):
        problems.add(path, f"expected an object like {{\"kind\": \"keyword\", \"value\": "
                     f"\"rust\"}}, got {json_kind(entry)}")
        return None
    kind, value = entry.get("kind"), entry.get("value")
    ok = True
    if "kind" not in entry:
        problems.add((*path, "kind"), f"missing; add \"kind\": one of {', '.join(TERM_KINDS)}")
        ok = False
    elif kind not in TERM_KINDS:
        meant = meant_kind(kind)
        problems.add((*path, "kind"), f"{shown(kind)} is not one of {', '.join(TERM_KINDS)}"
                     + (f" (did you mean \"{meant}\"?)" if meant else ""))
        ok = False
    if "value" not in entry:
        problems.add((*path, "value"), "missing; add \"value\": \"…\" (what to match)")
        ok = False
    elif not isinstance(value, str) or not value.strip():
        problems.add((*path, "value"), f"must be a non-empty text in double quotes, got "
                     f"{shown(value)}")
        ok = False
    mode = ""
    if modes:
        mode = entry.get("mode", "")
        if "mode" not in entry:
            problems.add((*path, "mode"), "missing; add \"mode\": \"always\" or \"never\"")
            ok = False
        elif mode not in ("always", "never"):
            problems.add((*path, "mode"), f"must be \"always\" or \"never\", got {shown(mode)}")
            ok = False
    known = ("kind", "value", *(("mode",) if modes else ()), *sorted(extra))
    unknown = set(entry) - set(known)
    if unknown:
        problems.add((*path, sorted(unknown)[0]),
                     f"unknown field(s) {unknown_fields(unknown, known)}", said=where(path))
        ok = False
    if not ok:
        return None
    assert isinstance(kind, str) and isinstance(value, str)
    value = value.strip()
    return Term(kind, value.lower() if kind == "keyword" else value), mode


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _unquote(v: Any, key: str) -> str:
    """For a number written in quotes (``"weight": "0.08"``), how to write it, as the version's
    problem says it; "" for anything else."""
    if not isinstance(v, str):
        return ""
    try:
        number = float(v.strip())
    except ValueError:
        return ""
    return (f": a number is written without quotes, \"{key}\": {v.strip()}"
            if math.isfinite(number) else "")


def parse(text: str, name: str = "the profile file") -> ProfileData:
    """Validate a profile document; raises ``ProfileFileError`` listing every problem, each
    with the line it is on."""
    text = text.removeprefix(_BOM)
    try:
        doc = json.loads(text, object_pairs_hook=object_pairs)
    except json.JSONDecodeError as err:
        raise ProfileFileError(syntax_problem(text, err, name)) from err
    except RecursionError as err:
        raise ProfileFileError(f"{name} is nested too deeply to be a Notify profile. Choose the "
                               "file you exported.") from err
    problems = Problems()
    if not isinstance(doc, dict):
        raise ProfileFileError(f"{name} must hold one JSON object, not {json_kind(doc)}.")
    repeats = Repeats()
    repeats.check(doc, (), problems)
    if doc.get("format") != FORMAT:
        problems.add(("format",), f"must be \"{FORMAT}\" (is this a Notify profile?)"
                     if "format" in doc else f"missing; add \"format\": \"{FORMAT}\" (is this "
                     "a Notify profile?)")
    version = doc.get("version")
    if "version" not in doc:
        problems.add(("version",), f"missing; add \"version\": {VERSION}")
    elif isinstance(version, str) and version.strip().isdigit():
        problems.add(("version",), f"must be a number, without quotes: \"version\": "
                     f"{version.strip()}")
    elif version not in READABLE or isinstance(version, bool):
        newer = isinstance(version, int | float) and _number(version) and version > VERSION
        problems.add(("version",), f"this Notify reads versions 1 to {VERSION}, the file says "
                     f"{shown(version)}" + (": it was written by a newer Notify; update "
                                              "Notify to import it" if newer else ""))
    top = ("format", "version", "exported_at", "interests", "pins", "weights")
    unknown = set(doc) - set(top)
    if unknown:
        problems.add((sorted(unknown)[0],), f"{unknown_fields(unknown, top)} (remove, or fix the "
                     "name)", said="unknown top-level field(s)")
    data = ProfileData()
    interests = doc.get("interests", [])
    if not isinstance(interests, list):
        problems.add(("interests",), "must be a list, […], of {\"kind\": …, \"value\": …}; got "
                     f"{json_kind(interests)}")
        interests = []
    for i, entry in enumerate(interests):
        repeats.check(entry, ("interests", i), problems)
        got = _term(entry, ("interests", i), problems, modes=False,
                    extra=frozenset(("strength",)))
        if got and got[0] not in data.interests:
            data.interests.append(got[0])
            strength: Any = entry.get("strength", 1.0)
            if not _number(strength) or not 0 < strength <= 1:
                problems.add(("interests", i, "strength"), "must be a number above 0 and at "
                             f"most 1, got {shown(strength)}{_unquote(strength, 'strength')}")
            elif strength < 1:
                data.strength[got[0].interest_feature] = float(strength)
    pins = doc.get("pins", [])
    if not isinstance(pins, list):
        problems.add(("pins",), "must be a list, […], of {\"kind\": …, \"value\": …, "
                     f"\"mode\": …}}; got {json_kind(pins)}")
        pins = []
    for i, entry in enumerate(pins):
        repeats.check(entry, ("pins", i), problems)
        got = _term(entry, ("pins", i), problems, modes=True)
        if got:
            term, mode = got
            if data.pins.get(term, mode) != mode:
                problems.add(("pins", i), f"{term} is also pinned \"{data.pins[term]}\" above; "
                             "keep one of the two")
            data.pins[term] = mode
    weights = doc.get("weights", {})
    if not isinstance(weights, dict):
        problems.add(("weights",), "must be an object, {…}, mapping feature names to "
                     f"{{\"weight\": …, \"certainty\": …}}; got {json_kind(weights)}")
        weights = {}
    if len(weights) > MAX_FEATURES:
        problems.add(("weights",), f"{len(weights)} features, at most {MAX_FEATURES}")
    if isinstance(weights, Object) and weights.repeated:
        # each at its own line: said at the line of "weights": {, one of a thousand features
        # given twice had to be searched for
        repeats.reported.add(id(weights))
        for feat in weights.repeated:
            problems.add(("weights", feat), "given more than once (only the last would count); "
                         "keep one")
    for feat, entry in weights.items():
        at: TextPath = ("weights", feat)
        wrong = feature_problem(feat)
        if wrong:
            problems.add(at, wrong)
            continue
        if not isinstance(entry, dict):
            problems.add(at, f"expected {{\"weight\": number, \"certainty\": number}}, got "
                         f"{shown(entry)}")
            continue
        repeats.check(entry, at, problems)
        unknown = set(entry) - {"weight", "certainty"}
        if unknown:
            said = unknown_fields(unknown, ("weight", "certainty"))
            problems.add((*at, sorted(unknown)[0]), f"unknown field(s) {said} (a weight has "
                         "\"weight\" and \"certainty\")", said=where(at))
        w: Any = entry.get("weight")
        c: Any = entry.get("certainty", 1.0)
        if "weight" not in entry:
            problems.add((*at, "weight"), f"missing; add \"weight\": a number between "
                         f"-{MAX_WEIGHT:g} and {MAX_WEIGHT:g}")
            continue
        if not _number(w) or abs(w) > MAX_WEIGHT:
            problems.add((*at, "weight"), f"must be a number between -{MAX_WEIGHT:g} and "
                         f"{MAX_WEIGHT:g}, got {shown(w)}{_unquote(w, 'weight')}")
            continue
        if not _number(c) or c < 0:  # 0: faded to nothing, or moved by a split (``dump``)
            problems.add((*at, "certainty"), "must be a number of reactions, 0 or more (0: the "
                         f"evidence rests on no reaction any more), got {shown(c)}"
                         f"{_unquote(c, 'certainty')}")
            continue
        data.weights[feat] = (float(w), float(c))
    repeats.rest(doc, problems)
    if problems:
        found = problems.lines(text)
        listed = found[:20] + ([f"… and {len(found) - 20} more"] if len(found) > 20 else [])
        raise ProfileFileError(
            f"{name} was not imported; nothing was changed. Fix these and try again:", listed)
    return data


def load_into(profile: Profile, data: ProfileData, name: str | None = None,
              now: float | None = None) -> None:
    """Replace the profile with ``data`` (inside the caller's transaction); ``name``: the
    file's name, kept with the time (``IMPORTED_FROM``, ``IMPORTED_AT`` in the profile's meta;
    a reset forgets them) for ``show`` to say where the profile came from, and how many liked
    features it brought (``IMPORTED_LIKES``, ``knows_taste``)."""
    now = time.time() if now is None else now
    profile.reset()
    profile.interests.extend(data.interests)
    profile.pins.update(data.pins)
    rows = {name: [w, c, now] for name, (w, c) in data.weights.items()}
    profile.weights.table.update(rows)
    store.save_weights(profile.conn, rows)
    profile._save_terms()
    profile.meta["created_at"] = now
    profile.meta["interest_scale"] = dict(data.strength)
    profile.learner.interest_scale = profile.meta["interest_scale"]
    if name is not None:
        profile.meta[IMPORTED_FROM] = name
        profile.meta[IMPORTED_AT] = now
    if liked := data.liked_features():
        profile.meta[IMPORTED_LIKES] = liked
    profile.save_meta()


def knows_taste(meta: dict[str, Any]) -> bool:
    """Did an import bring what the person likes (a profile's ``meta``)? Then nothing is
    unknown of the taste at the start, as after a first Like (docs/ranking.md, "When nothing is
    known of the taste"). A reset forgets it with the rest."""
    return bool(meta.get(IMPORTED_LIKES))
