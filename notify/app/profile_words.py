"""Learned features, stated interests and pins in words, for the Why panel and Settings → Profile.

The wording of a feature is the ranking's own (``features.describe``, as ``notify explain``
prints it); only a stated interest ("your interest keyword:rust") is said as a person would
("you said you're interested in “rust”"). ``term_of`` says which profile term a feature stands
for, i.e. what can be pinned, forgotten or lowered. Words, tags, authors and names come from
feeds: they are shown on one line, without bidi controls (``untrusted_text``).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from notify.app.untrusted_text import clipped
from notify.core.errors import NotifyError
from notify.core.ranking.features import describe
from notify.core.ranking.learner import VETO
from notify.core.ranking.profile import Term, parse_term

INTEREST = "int:"
ALWAYS, NEVER = "always", "never"
# What a pin can be about in the GUI: the kinds ``features.matches_term`` can match.
PIN_KINDS = ("keyword", "source", "author", "tag", "group", "site")


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfileWords", text)


def kind_label(kind: str) -> str:
    return {"keyword": tr("Keyword"), "source": tr("Source"), "author": tr("Author"),
            "tag": tr("Tag"), "group": tr("Group"), "site": tr("Site")}.get(kind, kind)


def mode_label(mode: str) -> str:
    return tr("Always notify") if mode == ALWAYS else tr("Never notify")


def interest_of(feature: str) -> Term | None:
    """The stated interest behind an ``int:`` feature (``int:keyword:rust``), else None."""
    if not feature.startswith(INTEREST):
        return None
    try:
        return parse_term(feature.removeprefix(INTEREST))
    except NotifyError:
        return None


def term_of(feature: str) -> Term | None:
    """The term a learned feature stands for (``w:rust`` -> keyword rust; a word the person
    cannot stand, ``not:w:rust``, too), or None when it is not one a pin or "forget" takes:
    a word within one source, a phrase, a stated interest, the bias."""
    name = feature.removeprefix(VETO)
    if name == "bias" or name.startswith((INTEREST, "pin:")) or ":" not in name:
        return None
    try:
        return parse_term(name)
    except NotifyError:
        return None


def term_text(term: Term) -> str:
    """“rust” for a keyword; source “LWN” for the other kinds."""
    value = clipped(term.value, 200)
    if term.kind == "keyword":
        return f"“{value}”"
    return f"{kind_label(term.kind).lower()} “{value}”"


# the ranking's description quotes its value in straight quotes ("word 'rust' in LWN",
# ``features.describe``); the value may hold one itself ("word 'don't'"), so the quotes are the
# first after the kind and the last before what may follow it
_DESCRIBED = re.compile(r"^(?P<kind>(?:word|phrase|tag|your interest|your pin) )'(?P<value>.*?)'"
                        r"(?P<rest>(?: in .*?)?(?: \(in items you dismissed\))?)$")


def curly(text: str) -> str:
    """The ranking's "word 'rust'" as the GUI's sentences quote: "word “rust”"."""
    return _DESCRIBED.sub(r"\g<kind>“\g<value>”\g<rest>", text)


def feature_text(feature: str, text: str = "") -> str:
    """A feature in words: the ranking's description (``text`` when the caller has it), its
    value in “curly” quotes as the GUI's sentences have it, or, for a stated interest, what
    the person said."""
    interest = interest_of(feature)
    if interest is not None:
        return tr("you said you're interested in {0}").format(term_text(interest))
    return clipped(curly(text or describe(feature)), 300)


def pin_text(term: Term, mode: str) -> str:
    return f"{mode_label(mode)}: {term_text(term)}"
