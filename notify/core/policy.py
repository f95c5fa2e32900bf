"""The notification policy: per ranked item, notify now, hold for the digest, or stay silent,
and why. Pure functions over values; the ranking service feeds them and records the result.

The rule, in order (the first that applies decides):

1. backlog of a newly added source, already notified, source muted, a "never" pin → silent;
2. wanted enough? A "always" pin (keyword alert) is; otherwise the *expected value* of a
   notification must be positive: a wanted one is worth +1, an unwanted one costs
   ``FALSE_ALARM_COST`` (0.5), so notify when p − (1 − p)·0.5 > 0, i.e. p > 1/3. The
   ``notify.sensitivity`` setting shifts that threshold (0.5 = 1/3; 1 → 1/6; 0 → 2/3);
3. the same story as one notified earlier (``dedupe``) → silent, "… already notified";
4. notifications paused (snooze) → silent; quiet hours → held for the digest;
5. the daily budget: the best stories first; the rest → silent "over today's budget". An
   alert is notified past it (the person asked for it always; it still uses up the budget).
   Together with 2 this is the adaptive threshold: the bar is the EV threshold while the budget
   lasts and rises to the budget's last slot on a busy day, never merely "the top N".

Then the plan: the items of one story (``dedupe``) become one notification, led by the best of
them ("Source — also in: Other"; each item's reason names the story's other sources, and the
others say "the same story as …, in the same notification"), and a burst of more than ``BURST``
stories in one round becomes one grouped notification. Reasons are phrases that complete
"notified — …" / "not notified — …" (``notify explain``). A source's name or an item's title
inside one of these sentences is isolated when it is right-to-left (``bidi.isolate``), so that
it does not reorder the sentence where it is shown (the CLI prints them ``bidi.plain``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from notify.core.bidi import isolate
from notify.core.dedupe import Story, assign_groups, key_for
from notify.core.models import OVER_BUDGET, Decision
from notify.core.policy_times import PolicySettings as PolicySettings
from notify.core.policy_times import day_start as day_start
from notify.core.policy_times import in_quiet_hours as in_quiet_hours
from notify.core.policy_times import local_minutes as local_minutes
from notify.core.policy_times import paused as paused
from notify.core.ranking.explain import UNLIKELY, likely, percent

FALSE_ALARM_COST = 0.5
BURST = 3
BACKLOG = ("it was already there when you added its source (the items a newly added source "
           "starts with go to the inbox, without notifications)")
QUIET = "quiet hours: "  # the start of the reason of an item held for the digest
PAUSED = "notifications paused"  # the reason of an item not notified during a pause
ALSO_IN = "; also in: "  # how a reason names the story's other sources in its notification


def threshold(sensitivity: float) -> float:
    """The probability above which a notification's expected value is positive."""
    base = FALSE_ALARM_COST / (1.0 + FALSE_ALARM_COST)  # 1/3
    s = min(max(sensitivity, 0.0), 1.0)
    return float(base * 2.0 ** ((0.5 - s) * 2.0))


@dataclass(frozen=True)
class Candidate:
    item_id: int
    title: str
    source_title: str = ""
    link: str | None = None
    p: float = 0.0  # posterior-mean probability that the item is wanted
    value: float | None = None  # the policy's draw (exploration); None: p
    pin: str | None = None  # "always" | "never"
    pin_term: str = ""  # the pinned term in words: “rust”, source “LWN” (Term.words)
    muted: bool = False
    backlog: bool = False
    notified: bool = False
    exploring: str = ""  # why it is tested ("exploring"); "": not an exploration


@dataclass(frozen=True)
class Choice:
    """One candidate's decision. ``why`` is the deciding rule in words; ``reason`` (recorded on
    the item and shown by ``notify explain`` / ``notify notified``) adds the other sources that
    told the same story in the same notification. An item shown in another item's notification
    (the same story) names that item in ``lead``; the notification counts once."""

    item_id: int
    decision: Decision
    why: str
    group_key: str | None = None
    score: float = 0.0
    lead: int | None = None
    also_in: tuple[str, ...] = ()  # the story's other sources in the notification

    @property
    def reason(self) -> str:
        return self.why + (ALSO_IN + source_names(self.also_in) if self.also_in else "")


@dataclass(frozen=True)
class Bubble:
    """One notification to show: ``item_ids[0]`` leads; ``kind`` single | group | digest."""

    kind: str
    title: str
    body: str
    why: str
    item_ids: tuple[int, ...]
    links: tuple[str, ...] = field(default_factory=tuple)


def source_names(values: Sequence[str]) -> str:
    """Sources' names in a sentence, each isolated when right-to-left: "LWN, ⁨חדשות⁩"."""
    return ", ".join(map(isolate, values))


def quoted(title: str, limit: int = 60) -> str:
    """A title inside a sentence: quoted, cut at ``limit`` characters, isolated when it is
    right-to-left."""
    title = " ".join(title.split())
    return f'"{isolate(title if len(title) <= limit else title[:limit - 1].rstrip() + "…")}"'


LINE_TITLE_CHARS = 90  # a title on a line of a group or digest: one or two lines of a bubble


def line_title(title: str, limit: int = LINE_TITLE_CHARS) -> str:
    """A title on one line of a list of stories (or a bubble's own title, with its limit), cut
    at a word's end before ``limit`` characters (a 300-character title filled a digest
    bubble)."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:  # a script without spaces is cut where it must be
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _same_story_as(title: str) -> str:
    return f"the same story as {quoted(title)}" if title.strip() else "the same story"


def decide(
    cands: Sequence[Candidate],
    s: PolicySettings,
    *,
    now: float,
    sent_today: int = 0,
    earlier: Sequence[Story] = (),
) -> list[Choice]:
    """One choice per candidate (same order). ``earlier``: stories notified recently."""
    theta = threshold(s.sensitivity)
    groups = assign_groups(
        [Story(c.item_id, c.title, c.link) for c in cands], earlier
    )
    told: dict[str, str] = {}  # group key -> the title that told the story
    for e in earlier:
        told.setdefault(e.group_key or key_for(e), e.title)
    out: dict[int, Choice] = {}
    wanted: list[Candidate] = []
    for c in cands:
        g = groups[c.item_id]
        reason = ""
        if c.backlog:
            reason = BACKLOG
        elif c.notified:
            reason = "it was already notified"
        elif c.muted:
            reason = f"its source, {isolate(c.source_title)}, is muted"
        elif c.pin == "never":
            reason = f"you blocked {isolate(c.pin_term)}"
        elif c.pin != "always" and not c.exploring and (
                c.value if c.value is not None else c.p) < theta:
            reason = (f"{UNLIKELY}: {percent(c.p)} "
                      f"(at least {percent(theta)} needed)")
        elif g in told:
            reason = _same_story_as(told[g]) + ", already notified"
        if reason:
            out[c.item_id] = Choice(c.item_id, Decision.SILENT, reason, g, c.p)
        else:
            wanted.append(c)

    def rank(c: Candidate) -> tuple[int, float]:
        tier = 0 if c.pin == "always" else (2 if c.exploring else 1)
        return (tier, -(c.value if c.value is not None else c.p))

    wanted.sort(key=rank)
    left = max(0, s.daily_budget - sent_today)
    stories: dict[str, list[Candidate]] = {}  # notified this round: the lead, then the others
    for c in wanted:
        g = groups[c.item_id]
        if g in stories:  # the same story as one chosen this round: in its notification
            stories[g].append(c)
            continue
        p = likely(c.p)
        why = (f"your alert for {isolate(c.pin_term)}" if c.pin == "always"
               else f"{c.exploring}: {p}" if c.exploring else p)
        if paused(now, s):
            out[c.item_id] = Choice(c.item_id, Decision.SILENT, PAUSED, g, c.p)
        elif in_quiet_hours(now, s):
            out[c.item_id] = Choice(c.item_id, Decision.DIGEST, QUIET + why, g, c.p)
        elif len(stories) >= left and c.pin != "always":  # an alert is told past it
            out[c.item_id] = Choice(
                c.item_id, Decision.SILENT, f"{OVER_BUDGET} of {s.daily_budget}", g, c.p)
        else:
            stories[g] = [c]
            out[c.item_id] = Choice(c.item_id, Decision.NOTIFY, why, g, c.p)
    for g, (lead, *others) in stories.items():
        if not others:
            continue
        sources = list(dict.fromkeys(c.source_title for c in (lead, *others) if c.source_title))
        out[lead.item_id] = replace(
            out[lead.item_id], also_in=_other(sources, lead.source_title))
        for c in others:
            out[c.item_id] = Choice(
                c.item_id, Decision.NOTIFY,
                _same_story_as(lead.title) + ", in the same notification", g, c.p,
                lead=lead.item_id, also_in=_other(sources, c.source_title))
    return [out[c.item_id] for c in cands]


def _other(sources: Sequence[str], own: str) -> tuple[str, ...]:
    return tuple(src for src in sources if src != own)


def plan(
    choices: Sequence[Choice], cands: Sequence[Candidate], s: PolicySettings
) -> list[Bubble]:
    """Turn the NOTIFY choices into bubbles: one per story (led by its best item, its other
    sources in the body), or one group for a burst."""
    by_id = {c.item_id: c for c in cands}
    stories: dict[str, list[Choice]] = {}
    for ch in sorted((ch for ch in choices if ch.decision is Decision.NOTIFY),
                     key=lambda ch: ch.lead is not None):
        stories.setdefault(ch.group_key or f"item:{ch.item_id}", []).append(ch)
    bubbles: list[Bubble] = []
    also_ins: list[str] = []  # each bubble's "also in: …", or ""
    for members in stories.values():
        head = members[0]
        lead = by_id[head.item_id]
        also_ins.append(f"also in: {source_names(head.also_in)}" if head.also_in else "")
        body = isolate(lead.source_title) + (f" — {also_ins[-1]}" if also_ins[-1] else "")
        bubbles.append(Bubble(
            "single", lead.title, body, head.why,
            tuple(m.item_id for m in members),
            tuple(by_id[m.item_id].link or "" for m in members),
        ))
    if s.grouping and len(bubbles) > BURST:
        ids = tuple(i for b in bubbles for i in b.item_ids)
        # every item's source, not only the stories' leads': "4 new stories from LWN" was
        # the title of a burst one of whose stories Ars and Phoronix told too
        sources = [by_id[i].source_title for i in ids]
        # one source: the title names it ("6 new stories from LWN"); its lines do not repeat it
        one_source = len({src for src in sources if src.strip()}) == 1 and all(sources)
        # every story from the same sources (a wire story carried by six feeds): the title
        # names them; each line repeating "(Gamma — also in: Beta, Delta, …)" pushed the
        # stories out of the daemon's bubble
        same_sources = len({b.body for b in bubbles}) == 1 and all(sources)
        lines = "\n".join(
            f"• {isolate(line_title(b.title))}"
            + ("" if same_sources and not one_source
               else (f" ({also})" if also else "") if one_source else f" ({b.body})")
            for b, also in zip(bubbles, also_ins, strict=True))
        n = len(bubbles)
        told = f" ({len(ids)} items)" if len(ids) > n else ""  # as ``notify poll`` says them
        return [Bubble("group", f"{n} new stories{told} {_from_sources(sources)}", lines,
                       f"they came in at once: one notification instead of {n}", ids,
                       tuple(lnk for b in bubbles for lnk in b.links))]
    return bubbles


def _from_sources(sources: Sequence[str], named: int = 2) -> str:
    """Where a burst came from, for its title: "from LWN", "from LWN and Phoronix", "from LWN,
    Phoronix and 3 other sources" ("for you" when no source has a name). ``sources``: each
    item's; those that brought the most items are named first."""
    counted = Counter(src for src in sources if src.strip())
    names = sorted(counted, key=lambda name: -counted[name])  # (stable: first seen first)
    if not names:
        return "for you"
    shown = [isolate(name) for name in names]
    if len(shown) <= named + 1:
        return "from " + (shown[0] if len(shown) == 1
                          else f"{', '.join(shown[:-1])} and {shown[-1]}")
    return f"from {', '.join(shown[:named])} and {len(shown) - named} other sources"


def held_stories(held: Sequence[Candidate]) -> list[list[Candidate]]:
    """The stories of items held for the digest, as the digest tells them: best first, each
    its items (best first); the same story held from several sources, or from several rounds,
    is one story. ``notify status`` and ``notify poll`` count them so, the digest's way."""
    ranked = sorted(held, key=lambda c: -c.p)
    groups = assign_groups([Story(c.item_id, c.title, c.link) for c in ranked])
    stories: dict[str, list[Candidate]] = {}
    for c in ranked:
        stories.setdefault(groups[c.item_id], []).append(c)
    return list(stories.values())


DIGEST_MAX = 20  # stories a digest shows, the likeliest; the others stay in the inbox


def digest(held: Sequence[Candidate], max_stories: int = DIGEST_MAX) -> Bubble | None:
    """One ranked digest of the items held during quiet hours: one line per story (the same
    story held from several sources, or from several rounds, is one line, led by its best
    item, its other sources after "also in"), the likeliest ``max_stories``; the title counts
    every story held, and a last line the ones left out (they are in the inbox), in stories as
    the title does, with their items when those are more. The bubble's items are the shown
    stories' only: the caller releases the others."""
    if not held:
        return None
    stories = held_stories(held)
    shown, left = stories[:max(1, max_stories)], stories[max(1, max_stories):]
    told = [frozenset(c.source_title for c in story) for story in shown]
    # every story shown told by the same sources (a wire story carried by six feeds): the
    # title names them once, as a burst's does, not every line
    same = len(shown) > 1 and len(set(told)) == 1 and all(s.strip() for s in told[0])
    lines: list[str] = []
    for lead, *others in shown:
        sources = list(dict.fromkeys(c.source_title for c in (lead, *others) if c.source_title))
        also = _other(sources, lead.source_title)
        lines.append(f"• {isolate(line_title(lead.title))}" + ("" if same else (
            f" ({isolate(lead.source_title)}"
            + (f" — also in: {source_names(also)})" if also else ")"))))
    if left:
        k, m = len(left), sum(len(story) for story in left)
        items = f" ({m} items)" if m > k else ""
        lines.append(f"…and {k} more {'story' if k == 1 else 'stories'}{items} in the inbox")
    n = len(stories)
    members = [c for story in shown for c in story]
    whence = f" {_from_sources([c.source_title for c in members])}" if same else ""
    return Bubble("digest",
                  f"While you were away: {n} {'story' if n == 1 else 'stories'}{whence}",
                  "\n".join(lines), "held during quiet hours",
                  tuple(c.item_id for c in members), tuple(c.link or "" for c in members))


def decision_words(
    decision: str | None, reason: str | None, *, notified_at: float | None, backlog: bool,
    when: Callable[[float], str] | None = None, score: float | None = None,
) -> str:
    """What was decided for an item, as a person reads it, the same in ``notify explain``,
    ``notify notified`` and the inbox's Why panel: "notified 5 min ago — exploring: 12% likely
    to interest you", "shown in the digest …", "held for the digest — quiet hours: …", "not
    notified — …". ``when`` words the time it was shown ("5 min ago"); None leaves it out.
    ``score``: the score the decision was made with, which the caller says already (beside
    it, or with what it is now): a reason that only repeats it is left out ("notified 5 min
    ago", "notified 5 min ago — exploring")."""
    reason = reason or ""
    if decision is None:
        if backlog:
            return "not notified — " + BACKLOG
        return ("not ranked — it came in without a decision (the ranking of its poll round "
                "did not run or failed; see the log)")
    if notified_at is not None:
        label = "shown in the digest" if decision == Decision.DIGEST else "notified"
        if when is not None:
            label += " " + when(notified_at)
    elif decision == Decision.NOTIFY:
        label = "to be notified"
    elif decision == Decision.DIGEST:
        label = "held for the digest"
    elif reason.startswith(QUIET):  # held, then left out of a full digest
        return ("not notified — it was held during quiet hours, then left out of the digest, "
                "which shows only the best")
    else:
        label = "not notified"
    if score is not None and reason:
        said = likely(score)
        reason = "" if reason == said else reason.removesuffix(": " + said)
    return f"{label} — {reason}" if reason else label


def score_change(then: float | None, now: float) -> str:
    """"it was 3% when decided; 44% now" when what was learned since changed the item's score
    as a person reads it ("" when it did not, or it was never scored)."""
    if then is None or percent(then) == percent(now):
        return ""
    return f"it was {percent(then)} when decided; {percent(now)} now"
