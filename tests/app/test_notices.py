"""The notices' words (``notices.py``): several failing sources in one notice."""

from __future__ import annotations

from notify.app.notices import several_failing
from notify.app.poll_report import SourceFailure

GONE = ("Gone feed is gone: the server says it was removed for good (HTTP 410). Notify stopped "
        "polling it; remove it, or enable it again if the address works once more.")
DNS = ("Could not find the server example.org (name lookup failed). Check the address and your "
       "internet connection; Notify will try again later.")


def test_several_failing_names_a_stopped_source_once() -> None:
    """Regression (s15): "7 sources keep failing: Gone feed, … Gone feed: Gone feed is gone: …":
    the reason of a source Notify stopped polling names it already."""
    text = several_failing([SourceFailure(3, "Gone feed", GONE, disabled=True),
                            SourceFailure(64, "Monitoring", DNS, failures=2)])
    assert text == ("2 sources keep failing: \u2068Gone feed\u2069 and \u2068Monitoring\u2069. "
                    + GONE + " Settings → Sources says each one's error.")
    text = several_failing([SourceFailure(64, "Monitoring", DNS, failures=2),
                            SourceFailure(3, "Gone feed", GONE, disabled=True)])
    assert ". \u2068Monitoring\u2069: Could not find the server example.org" in text
