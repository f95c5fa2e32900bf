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
Import checks everything first and lists every problem (where, what, how to fix); nothing is
changed unless the whole file is valid. Importing replaces the profile.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notify.core.errors import ProfileFileError
from notify.core.ranking.profile import TERM_KINDS, Profile, Term
from notify.core.store import feedback as store

FORMAT = "notify-profile"
VERSION = 3
READABLE = (1, 2, 3)  # versions this Notify imports
MAX_FEATURES = 200_000
MAX_WEIGHT = 50.0


@dataclass(frozen=True)
class ProfileData:
    interests: list[Term] = field(default_factory=list)
    pins: dict[Term, str] = field(default_factory=dict)
    # interest feature -> the share of its strength still believed (absent: 1)
    strength: dict[str, float] = field(default_factory=dict)
    weights: dict[str, tuple[float, float]] = field(default_factory=dict)


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
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ProfileFileError(f"Cannot read the profile file {path}: {err}.") from err
    return parse(text, str(path))


def _term(entry: Any, where: str, problems: list[str], modes: bool,
          extra: frozenset[str] = frozenset()) -> tuple[Term, str] | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected an object like {{\"kind\": \"keyword\", "
                        f"\"value\": \"rust\"}}, got {type(entry).__name__}")
        return None
    kind, value = entry.get("kind"), entry.get("value")
    ok = True
    if kind not in TERM_KINDS:
        problems.append(f"{where}.kind: {kind!r} is not one of {', '.join(TERM_KINDS)}")
        ok = False
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}.value: must be a non-empty text")
        ok = False
    mode = ""
    if modes:
        mode = entry.get("mode", "")
        if mode not in ("always", "never"):
            problems.append(f"{where}.mode: must be \"always\" or \"never\", got {mode!r}")
            ok = False
    unknown = set(entry) - {"kind", "value", "mode" if modes else "kind"} - extra
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
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
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ProfileFileError(
            f"{name} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}). "
            "Fix it in a text editor, or export a fresh one with 'notify profile export'."
        ) from err
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise ProfileFileError(f"{name} must hold one JSON object, not {type(doc).__name__}.")
    if doc.get("format") != FORMAT:
        problems.append(f"format: must be \"{FORMAT}\" (is this a Notify profile?)")
    version = doc.get("version")
    if version not in READABLE:
        problems.append(f"version: this Notify reads versions 1 to {VERSION}, the file says "
                        f"{version!r}" + (" (update Notify)" if isinstance(version, int | float)
                                          and version > VERSION else ""))
    unknown = set(doc) - {"format", "version", "exported_at", "interests", "pins", "weights"}
    if unknown:
        problems.append(f"unknown top-level field(s): {', '.join(sorted(unknown))}")
    data = ProfileData()
    interests = doc.get("interests", [])
    if not isinstance(interests, list):
        problems.append("interests: must be a list")
        interests = []
    for i, entry in enumerate(interests):
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
        got = _term(entry, f"pins[{i}]", problems, modes=True)
        if got:
            data.pins[got[0]] = got[1]
    weights = doc.get("weights", {})
    if not isinstance(weights, dict):
        problems.append("weights: must be an object mapping feature names to "
                        "{\"weight\": …, \"certainty\": …}")
        weights = {}
    if len(weights) > MAX_FEATURES:
        problems.append(f"weights: {len(weights)} features, at most {MAX_FEATURES}")
    for feat, entry in weights.items():
        where = f"weights[{feat!r}]"
        if not feat.strip() or (feat != "bias" and ":" not in feat):
            problems.append(f"{where}: a feature name is KIND:VALUE, like w:rust or src:LWN")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected {{\"weight\": number, \"certainty\": number}}")
            continue
        w: Any = entry.get("weight")
        c: Any = entry.get("certainty", 1.0)
        if not _number(w) or abs(w) > MAX_WEIGHT:
            problems.append(f"{where}.weight: must be a number between -{MAX_WEIGHT:g} and "
                            f"{MAX_WEIGHT:g}, got {w!r}")
            continue
        if not _number(c) or c <= 0:
            problems.append(f"{where}.certainty: must be a number above 0, got {c!r}")
            continue
        data.weights[feat] = (float(w), float(c))
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
