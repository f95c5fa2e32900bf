"""``notify poll`` prints the notifications it planned without the core's bidi isolates: a
terminal shows them as boxes (or nothing) and does not reorder a line anyway."""

from __future__ import annotations

import pytest

from notify.commands.poll import print_planned
from notify.core import policy
from notify.core.events import NotificationPlanned

HEBREW, ARABIC = "חדשות הארץ", "الجزيرة نت"


def test_planned_notifications_print_right_to_left_names_without_isolates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cands = [policy.Candidate(i, f"Story number w{i} about things", src, None, 0.9)
             for i, src in enumerate([HEBREW, ARABIC, "LWN", "Ars"])]
    settings = policy.PolicySettings(utc_offset_s=0)
    [bubble] = policy.plan(policy.decide(cands, settings, now=0.0), cands, settings)
    assert "\u2068" in bubble.title  # the core isolates them, for the app
    print_planned([NotificationPlanned(1, bubble.kind, bubble.title, bubble.body, bubble.why,
                                       bubble.item_ids)])
    out = capsys.readouterr().out
    assert "\u2068" not in out and "\u2069" not in out
    assert f"4 new stories from {HEBREW}, {ARABIC} and 2 other sources" in out
    assert f"• Story number w1 about things ({ARABIC})" in out
