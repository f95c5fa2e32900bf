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
``certainty`` is how many reactions that evidence rests on (both fade with time). An
interest's ``strength`` (0 to 1, default 1) is how much of it is still believed: a change of
taste lowers it. Version 2 files (no ``strength``) and version 1 files (the logistic model's
weights, same sign and scale) are read the same way.
Import checks everything first and lists every problem (where, what, how to fix): unknown or
missing fields, unknown kinds, feature names that are not ``FAMILIES``, keys given twice;
nothing is changed unless the whole file is valid. Importing replaces the profile. A UTF-8
byte order mark (Windows Notepad writes one) is accepted.
"""

from __future__ import annotations

import difflib
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notify.core.errors import ProfileFileError
from notify.core.ranking.learner import VETO
from notify.core.ranking.profile import TERM_KINDS, Profile, Term
from notify.core.store import feedback as store

FORMAT = "notify-profile"
VERSION = 3
READABLE = (1, 2, 3)  # versions this Notify imports
MAX_FEATURES = 200_000
MAX_WEIGHT = 50.0
# The kinds of feature names (``features``; docs/profile-format.md): "bias" alone, these as
# KIND:VALUE, and a vetoed word ``not:w:word``.
FAMILIES = ("src", "grp", "auth", "tag", "site", "w", "ww", "sw", "int")
_BOM = "\ufeff"


@dataclass(frozen=True)
class ProfileData:
    interests: list[Term] = field(default_factory=list)
    pins: dict[Term, str] = field(default_factory=dict)
    # interest feature -> the share of its strength still believed (absent: 1)
    strength: dict[str, float] = field(default_factory=dict)
    weights: dict[str, tuple[float, float]] = field(default_factory=dict)

    def summary(self) -> str:
        """What an import brought in, in words: ``3 features, 1 interest, 0 pins``."""
        return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in (
            (len(self.weights), "feature"), (len(self.interests), "interest"),
            (len(self.pins), "pin")))


def _unknown(fields: set[str], known: tuple[str, ...]) -> str:
    """``mdoe (did you mean "mode"?)``: the unknown field names, each with the known one it is
    most likely a typo of."""
    said = []
    for name in sorted(fields):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        said.append(f"{name} (did you mean \"{close[0]}\"?)" if close else name)
    return ", ".join(said)


def dump(profile: Profile) -> dict[str, Any]:
    now = time.time()
    weights = {}
    for name in sorted(profile.weights.table):
        mean, prec = profile.weights.get(name, now)
        weights[name] = {"weight": round(mean, 6), "certainty": round(prec, 6)}
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
    if strength < 1.0:
        entry["strength"] = round(strength, 6)
    return entry


def write(path: Path, doc: dict[str, Any]) -> None:
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ProfileFileError(
            f"Cannot write the profile to {path}: {err.strerror or err}. Check the folder "
            "exists and is writable."
        ) from err


def read(path: Path) -> ProfileData:
    try:
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


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once (JSON keeps the last
    silently: a hand-edited file would lose the first without a word)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        obj.repeated = tuple(repeated)
    return obj


class _Repeats:
    """Reports keys given twice: where they are, for the objects the checks walk; the others
    (inside a field that is wrong anyway) at the end, by name."""

    def __init__(self) -> None:
        self.reported: set[int] = set()

    def check(self, obj: Any, where: str, problems: list[str]) -> None:
        if isinstance(obj, _Object) and obj.repeated and id(obj) not in self.reported:
            self.reported.add(id(obj))
            keys = ", ".join(json.dumps(k, ensure_ascii=False) for k in obj.repeated)
            problems.append(f"{where}: {keys} given more than once (only the last would "
                            "count); keep one")

    def rest(self, doc: Any, problems: list[str]) -> None:
        stack = [doc]
        while stack:
            obj = stack.pop()
            if isinstance(obj, dict):
                self.check(obj, "an object", problems)
                stack.extend(obj.values())
            elif isinstance(obj, list):
                stack.extend(obj)


def feature_problem(name: str) -> str | None:
    """What is wrong with a feature name in words (None: nothing)."""
    if name == "bias":
        return None
    if name.startswith(VETO):
        if not name[len(VETO):].startswith("w:"):
            return f"{VETO} is followed by a word feature, like {VETO}w:tories"
        name = name[len(VETO):]
    kind, sep, value = name.partition(":")
    if not sep or not kind.strip():
        return "a feature name is KIND:VALUE, like w:rust or src:LWN"
    if kind not in FAMILIES:
        return (f"unknown kind {kind!r}: a feature name starts with one of "
                f"{', '.join(k + ':' for k in FAMILIES)} or {VETO}w:")
    if not value.strip():
        return f"nothing after '{kind}:'; write {kind}:VALUE"
    if kind == "sw":
        source, bar, word = value.rpartition("|")
        if not bar or not source.strip() or not word.strip():
            return "a word within a source is sw:SOURCE|word, like sw:Sport|rugby"
    if kind == "int":
        term_kind, sep, term = value.partition(":")
        if term_kind not in TERM_KINDS or not term.strip():
            return (f"a stated interest is int:KIND:VALUE with KIND one of "
                    f"{', '.join(TERM_KINDS)}, like int:keyword:rust")
    return None


_JSON_KINDS = {dict: "an object", list: "a list", str: "a string", int: "a number",
               float: "a number", bool: "true or false", type(None): "null"}


def json_kind(value: Any) -> str:
    """What a JSON value is, in words: "a list", "a string", "null"."""
    return _JSON_KINDS.get(type(value), type(value).__name__)


def _term(entry: Any, where: str, problems: list[str], modes: bool,
          extra: frozenset[str] = frozenset()) -> tuple[Term, str] | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected an object like {{\"kind\": \"keyword\", "
                        f"\"value\": \"rust\"}}, got {json_kind(entry)}")
        return None
    kind, value = entry.get("kind"), entry.get("value")
    ok = True
    if "kind" not in entry:
        problems.append(f"{where}.kind: missing; add \"kind\": one of {', '.join(TERM_KINDS)}")
        ok = False
    elif kind not in TERM_KINDS:
        problems.append(f"{where}.kind: {kind!r} is not one of {', '.join(TERM_KINDS)}")
        ok = False
    if "value" not in entry:
        problems.append(f"{where}.value: missing; add \"value\": \"…\" (what to match)")
        ok = False
    elif not isinstance(value, str) or not value.strip():
        problems.append(f"{where}.value: must be a non-empty text")
        ok = False
    mode = ""
    if modes:
        mode = entry.get("mode", "")
        if "mode" not in entry:
            problems.append(f"{where}.mode: missing; add \"mode\": \"always\" or \"never\"")
            ok = False
        elif mode not in ("always", "never"):
            problems.append(f"{where}.mode: must be \"always\" or \"never\", got {mode!r}")
            ok = False
    known = ("kind", "value", *(("mode",) if modes else ()), *sorted(extra))
    unknown = set(entry) - set(known)
    if unknown:
        problems.append(f"{where}: unknown field(s) {_unknown(unknown, known)}")
        ok = False
    if not ok:
        return None
    assert isinstance(kind, str) and isinstance(value, str)
    value = value.strip()
    return Term(kind, value.lower() if kind == "keyword" else value), mode


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def parse(text: str, name: str = "the profile file") -> ProfileData:
    """Validate a profile document; raises ``ProfileFileError`` listing every problem."""
    try:
        doc = json.loads(text.removeprefix(_BOM), object_pairs_hook=_object)
    except json.JSONDecodeError as err:
        raise ProfileFileError(
            f"{name} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}). "
            "Fix it in a text editor, or export a fresh one (notify profile export, or Export "
            "in Settings → Profile)."
        ) from err
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise ProfileFileError(f"{name} must hold one JSON object, not {json_kind(doc)}.")
    repeats = _Repeats()
    repeats.check(doc, "top level", problems)
    if doc.get("format") != FORMAT:
        problems.append(f"format: must be \"{FORMAT}\" (is this a Notify profile?)")
    version = doc.get("version")
    if "version" not in doc:
        problems.append(f"version: missing; add \"version\": {VERSION}")
    elif isinstance(version, str) and version.strip().isdigit():
        problems.append(f"version: must be a number, without quotes: \"version\": "
                        f"{version.strip()}")
    elif version not in READABLE:
        problems.append(f"version: this Notify reads versions 1 to {VERSION}, the file says "
                        f"{version!r}" + (" (update Notify)" if isinstance(version, int | float)
                                          and version > VERSION else ""))
    top = ("format", "version", "exported_at", "interests", "pins", "weights")
    unknown = set(doc) - set(top)
    if unknown:
        problems.append(f"unknown top-level field(s): {_unknown(unknown, top)}")
    data = ProfileData()
    interests = doc.get("interests", [])
    if not isinstance(interests, list):
        problems.append("interests: must be a list")
        interests = []
    for i, entry in enumerate(interests):
        repeats.check(entry, f"interests[{i}]", problems)
        got = _term(entry, f"interests[{i}]", problems, modes=False,
                    extra=frozenset(("strength",)))
        if got and got[0] not in data.interests:
            data.interests.append(got[0])
            strength: Any = entry.get("strength", 1.0)
            if not _number(strength) or not 0 < strength <= 1:
                problems.append(f"interests[{i}].strength: must be a number above 0 and at "
                                f"most 1, got {strength!r}")
            elif strength < 1:
                data.strength[got[0].interest_feature] = float(strength)
    pins = doc.get("pins", [])
    if not isinstance(pins, list):
        problems.append("pins: must be a list")
        pins = []
    for i, entry in enumerate(pins):
        repeats.check(entry, f"pins[{i}]", problems)
        got = _term(entry, f"pins[{i}]", problems, modes=True)
        if got:
            term, mode = got
            if data.pins.get(term, mode) != mode:
                problems.append(f"pins[{i}]: {term} is also pinned \"{data.pins[term]}\" "
                                "above; keep one of the two")
            data.pins[term] = mode
    weights = doc.get("weights", {})
    if not isinstance(weights, dict):
        problems.append("weights: must be an object mapping feature names to "
                        "{\"weight\": …, \"certainty\": …}")
        weights = {}
    if len(weights) > MAX_FEATURES:
        problems.append(f"weights: {len(weights)} features, at most {MAX_FEATURES}")
    repeats.check(weights, "weights", problems)
    for feat, entry in weights.items():
        where = f"weights[{feat!r}]"
        wrong = feature_problem(feat)
        if wrong:
            problems.append(f"{where}: {wrong}")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected {{\"weight\": number, \"certainty\": number}}")
            continue
        repeats.check(entry, where, problems)
        unknown = set(entry) - {"weight", "certainty"}
        if unknown:
            said = _unknown(unknown, ("weight", "certainty"))
            problems.append(f"{where}: unknown field(s) {said} (a weight has \"weight\" and "
                            "\"certainty\")")
        w: Any = entry.get("weight")
        c: Any = entry.get("certainty", 1.0)
        if "weight" not in entry:
            problems.append(f"{where}.weight: missing; add \"weight\": a number between "
                            f"-{MAX_WEIGHT:g} and {MAX_WEIGHT:g}")
            continue
        if not _number(w) or abs(w) > MAX_WEIGHT:
            problems.append(f"{where}.weight: must be a number between -{MAX_WEIGHT:g} and "
                            f"{MAX_WEIGHT:g}, got {w!r}")
            continue
        if not _number(c) or c <= 0:
            problems.append(f"{where}.certainty: must be a number above 0, got {c!r}")
            continue
        data.weights[feat] = (float(w), float(c))
    repeats.rest(doc, problems)
    if problems:
        shown = problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20
                                 else [])
        raise ProfileFileError(
            f"{name} was not imported; nothing was changed. Fix these and try again:", shown)
    return data


def load_into(profile: Profile, data: ProfileData) -> None:
    """Replace the profile with ``data`` (inside the caller's transaction)."""
    now = time.time()
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
    profile.save_meta()
