"""A source the model is sure of, but the person keeps dismissing: is it a few of its topics?

The learner's update is online and one-pass: once a source explains the Likes (five liked
first-run samples from Politics make it +13 on the log-odds scale, the right answer from those
reactions), each later Like adds to it, Dismissals are blamed on veto words and the reading
learns that this person ignores wanted items. A person who wants only the Politics items about
one or two subjects then gets every Politics item for a month (docs/ranking.md, "Known limits").
Running the same updates again would land in the same place: the three explain each other.

So, when an item of a source the model is sure of (``change_sure``) is dismissed or ignored
(at most once every ``EVERY_S`` per source), ``propose`` compares two explanations of the
person's reactions to that source's items, read the plain way (``plain_reading``):

- the source: every item of it is wanted (prior ``p_source``);
- a few words within it (``sw:`` atoms, prior ``p_source_word`` each), chosen greedily among the
  words of the liked items, each while it raises the likelihood by more than its prior costs.

When the words are likelier by ``MARGIN`` nats, the source goes back to its prior and each
chosen word gets the evidence of the reactions to the items that have it (the caller writes
the rows and records them for undo).

The same lock-in holds for a stated keyword: "rugby" stated, and liked only in Sport. The
interest explains every Like, Dismissals of rugby items elsewhere are blamed on their other
words, and the person gets every rugby item anywhere for a month. ``propose_interest`` compares
"the keyword wherever it is" with "the keyword within a few sources" (``sw:Sport|rugby``) over
the reactions to items with the word; when the second wins, the interest goes back to an
unknown word's belief (it stays stated) and the word within each chosen source gets the
evidence of the reactions there, on top of the interest's own prior (what the person said
carries over to where they meant it). The reactions are weighed as the learner weighs them now:
faded with time, and those from before a change of taste as the alarm left them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from notify.core.ranking.features import SOURCE, source_word_feature
from notify.core.ranking.learner import LearnerConfig

MARGIN = 2.0  # nats: the words must be e² ≈ 7 times likelier than the source
WINDOW = 300  # the last reactions to the source that are compared
EVERY_S = 6 * 3600.0  # one test per source in this long (~1 ms at WINDOW reactions)
# A stated keyword narrowed to a source costs a quarter of a source's prior's log-odds (the
# person named the word; where they want it is the one thing left to learn). Measured on the
# first version (reactions at full weight; 100 users, seed 0, in process): a quarter and a half
# gave the same utility on HuffPost (0.695), 0.707 / 0.705 on MIND; a whole one 0.694 / 0.704.
INTEREST_COST = 0.25


def propose(source: str, entries: Sequence[tuple[str, Sequence[str]]],
            config: LearnerConfig) -> dict[str, float]:
    """``entries``: (label, lead words) of the reactions to items of ``source`` (``src:X``).
    Returns the ``sw:`` atoms to believe, with their evidence; {} to keep the source."""
    plain: Mapping[str, tuple[float, float]] = config.plain_reading()
    as_source = math.log(config.p_source)  # the source liked: every item wanted
    as_words = math.log1p(-config.p_source)  # not liked: only items with a chosen word
    liked_words = {w for label, words in entries if label == "like" for w in words}
    # what believing the word would add, so far; in a fixed order, as ``max`` below takes the
    # first of equal gains (in the set's order, which changes with each process' string hashes,
    # the same reactions were split in one run and not in the next)
    gain = dict.fromkeys(sorted(liked_words), 0.0)
    llr: list[float] = []  # per entry: log P(reaction | wanted) / P(reaction | not wanted)
    holding: list[list[str]] = []  # per entry: its liked words
    for label, words in entries:
        pw, pn = plain[label]
        ratio = math.log(pw / pn)
        llr.append(ratio)
        as_source += math.log(pw)
        as_words += math.log(pn)
        mine = [w for w in words if w in gain]
        holding.append(mine)
        for w in mine:
            gain[w] += ratio
    cost = -math.log(config.p_source_word)
    evidence = dict(gain)  # a chosen word's evidence: all the reactions to items that have it
    wanted = [False] * len(entries)
    chosen: dict[str, float] = {}
    while gain:
        best_word = max(gain, key=gain.__getitem__)
        best = gain.pop(best_word)
        if best <= cost:
            break
        chosen[best_word] = evidence[best_word]
        as_words += best - cost
        for i, mine in enumerate(holding):
            if best_word in mine and not wanted[i]:
                wanted[i] = True
                for w in mine:
                    if w in gain:
                        gain[w] -= llr[i]
    if not chosen or as_words < as_source + MARGIN:
        return {}
    name = source.removeprefix(SOURCE)
    return {source_word_feature(name, w): evidence for w, evidence in chosen.items()}


def propose_interest(word: str, entries: Sequence[tuple[str, str, float]],
                     config: LearnerConfig, p_interest: float) -> dict[str, float]:
    """A stated keyword interest the model is sure of, whose items the person dismisses in some
    sources: ``entries`` are (label, source feature, weight) of the reactions to items with
    ``word``, each weighted as the learner weighs it now (faded with time; what came before a
    change of taste counts as the alarm left it). Compares "the keyword, wherever it is" (every
    such item wanted; ``p_interest``, the interest's prior now) with "the keyword within a few
    sources" (``sw:`` atoms, chosen greedily among the sources of the liked items). Returns the
    ``sw:`` atoms to believe, with the evidence of the reactions to the word's items in their
    source; {} to keep the interest as it is."""
    plain: Mapping[str, tuple[float, float]] = config.plain_reading()
    as_everywhere = math.log(p_interest)
    as_within = math.log1p(-p_interest)
    evidence: dict[str, float] = {}
    for label, source, weight in entries:
        pw, pn = plain[label]
        as_everywhere += weight * math.log(pw)
        as_within += weight * math.log(pn)
        if label == "like":
            evidence.setdefault(source, 0.0)
    for label, source, weight in entries:
        if source in evidence:
            pw, pn = plain[label]
            evidence[source] += weight * math.log(pw / pn)
    cost = -math.log(config.p_source) * INTEREST_COST
    chosen: dict[str, float] = {}
    for source, value in sorted(evidence.items(), key=lambda kv: -kv[1]):
        if value <= cost:
            break
        chosen[source] = value
        as_within += value - cost
    if not chosen or as_within < as_everywhere + MARGIN:
        return {}
    return {source_word_feature(source.removeprefix(SOURCE), word): value
            for source, value in chosen.items()}
