"""Learned features, stated interests and pins in words, for the Why panel and Settings → Profile.

The wording of a feature is the ranking's own (``features.describe``, as ``notify explain``
prints it); only a stated interest ("your interest keyword:rust") is said as a person would
("you said you're interested in “rust”"). ``term_of`` says which profile term a feature stands
for, i.e. what can be pinned, forgotten or lowered. Words, tags, authors and names come from
feeds: they are shown on one line, without bidi controls (``untrusted_text``).
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QCoreApplication

from notify.app.untrusted_text import clipped
from notify.core.errors import NotifyError
from notify.core.ranking.explain import percent
from notify.core.ranking.features import describe
from notify.core.ranking.learner import VETO, LearnerConfig
from notify.core.ranking.profile import (
    FIRM_REACTIONS,
    Term,
    feature_words,
    parse_term,
    strength_word,
)
from notify.core.ranking.profile_groups import LESS_OF, MORE_OF, NOT_A_REASON

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
                        r"(?P<rest>(?: in .*?)?(?: \(in items you passed over\))?)$")


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


def learned_row(name: str, weight: float, certainty: float = 0.0,
                group: str = MORE_OF) -> tuple[str, str]:
    """A learned feature as Settings → Profile lists it under ``group`` (``profile.MORE_OF``,
    ``LESS_OF``, ``NOT_A_REASON``), and its tooltip: the feature in words (names quoted), then
    ``weight``, the number its list shows (``FeatureView.shown``: under Less of, the push),
    with what it amounts to given the reactions behind it (``strength_label``; the weight
    stays at the end of the line, where an elided long name cannot hide it). The tooltip says
    what that number is under that heading, and how many reactions' worth of evidence it
    rests on."""
    words = clipped(feature_words(name, firm=True), 300)  # a veto listed is a firm one
    strength = strength_label(weight, certainty)
    # under Less of (the words you cannot stand: its heading and name say so), the word alone:
    # ", which you cannot stand" on each row was cut to "the word “tories”, …nd" at 480 px
    listed = clipped(feature_words(name.removeprefix(VETO)), 300) if group == LESS_OF else words
    text = f"{listed}  {weight:+.1f} ({strength})"
    evidence = evidence_text(certainty)
    if group == LESS_OF:
        said = tr("{0}: an item with it is {1} as likely to be wanted as it would be without "
                  "it ({2:+.2f}, {3}), {4}.").format(
            words, percent(math.exp(weight)), weight, strength, evidence)
    elif group == NOT_A_REASON:
        said = tr("{0}: {1} evidence that you do not want items for it alone ({2:+.2f}), {3}. "
                  "It pushes no item down: an item with it is as likely as the rest of it "
                  "makes it.").format(words, strength, weight, evidence)
    else:
        said = tr("{0}: {1} evidence for ({2:+.2f}), {3}.").format(
            words, strength, weight, evidence)
    tip = (said + "\n" + weight_legend() + "\n"
           + tr("Feature name: {0}").format(clipped(name, 200)))
    return text, tip


def strength_label(weight: float, certainty: float) -> str:
    """What ``weight`` amounts to, in the app's words, said only as firmly as the
    ``certainty`` behind it allows (``strength_word``: the rule the command line says too)."""
    return {"very strong": tr("very strong"), "strong": tr("strong"),
            "moderate": tr("moderate"), "weak": tr("weak"),
            "tentative": tr("tentative")}[strength_word(weight, certainty)]


def evidence_text(certainty: float) -> str:
    """How much evidence a weight rests on, as the learner counts it (``certainty``):
    reactions, each fading with time, one given before Notify first ranked new items (the
    first-run page's) as two. Not a count of Likes: the core keeps none per feature."""
    if certainty < 1.5:
        return tr("from about one reaction's worth")
    return tr("from about {0} reactions' worth").format(round(certainty))


def weight_legend() -> str:
    """What a weight means under each heading, and when it is said "tentative" (under the
    learned lists, in their tooltips); ``notify profile show`` says the same."""
    return tr("Under More of, a weight is the evidence learned for items with it: +2.3 makes "
              "an item ten times likelier to be wanted. Under Less of, it is how far the word "
              "lowers the chance of every item with it: −0.69 halves it, −2.3 divides it by "
              "ten. Under Not a reason on its own, it is the evidence that you do not want "
              "items for that alone: it pushes no item down. Weights fade by half every {0:g} "
              "days unless your reactions renew them. A weight is tentative until about {1:g} "
              "reactions' worth stand behind it (a reaction given before Notify first ranked "
              "new items, as on the first-run page, counts twice)."
              ).format(LearnerConfig().half_life_days, FIRM_REACTIONS)
