"""The words of a bubble as the notification server gets them: the title (summary) and body."""

from __future__ import annotations

from notify.app.notifier.base import (
    SUMMARY_CHARS,
    notice_parts,
    server_summary,
    summary_text,
)
from notify.app.untrusted_text import FSI, PDI
from notify.core.events import NotificationPlanned


def titled(title: str) -> NotificationPlanned:
    return NotificationPlanned(1, "single", title, "Some source", "why", (1,))


def test_a_right_to_left_title_is_isolated_for_the_server() -> None:
    """dunst showed "(A) إصدار جديد من لغة rust للمطورين" in a left-to-right line: the Arabic
    words on either side of "rust" swapped places. Isolated, the title keeps its own order."""
    arabic = "إصدار جديد من لغة rust للمطورين"
    assert server_summary(titled(arabic)) == f"{FSI}{arabic}{PDI}"
    # a feed's own bidi controls are gone; only ours remain, balanced
    assert server_summary(titled("\u202eevil\u2066 עברית")) == f"{FSI}evil עברית{PDI}"


def test_a_left_to_right_title_reaches_the_server_without_isolates() -> None:
    """Every title was isolated: dunst's action menu (its dmenu) listed "#Like (⁨Rust borrow
    checker explained⁩) [3,like]", so typing "Like (Rust" there matched nothing, and the
    history kept the two invisible characters. Only a right-to-left title needs them."""
    assert server_summary(titled("Rust borrow checker explained")) == (
        "Rust borrow checker explained")
    assert server_summary(titled("\u202eevil\u2066 title")) == "evil title"


def test_a_long_title_is_cut_at_a_word_end() -> None:
    """A 200-character title filled five bold lines of a dunst bubble and was cut mid-word
    ("…a very long story about drivers, m…")."""
    title = ("Rust in the kernel: a very long story about drivers, memory safety, maintainers, "
             "reviews and the long road to mainline acceptance over many releases") * 2
    shown = summary_text(titled(title))
    assert len(shown) <= SUMMARY_CHARS <= 120
    assert shown.endswith("…")
    kept = shown.removesuffix("…")
    assert title.startswith(kept) and title[len(kept)] in " ,"
    # a script without spaces is still cut, where it must be
    cjk = summary_text(titled("漢" * 300))
    assert len(cjk) == SUMMARY_CHARS and cjk.endswith("…")


def test_a_title_that_fits_is_whole_and_an_empty_one_says_so() -> None:
    assert summary_text(titled("Tom & Jerry <3\n  again")) == "Tom & Jerry <3 again"
    assert summary_text(titled("  ")) == "(no title)"


def test_the_cores_isolates_around_right_to_left_names_reach_the_bubble() -> None:
    """The core isolates a Hebrew or Arabic source name inside its own sentences ("6 new stories
    from ⁨הארץ⁩, LWN …", "also in: ⁨الجزيرة⁩"); the bubble dropped every bidi control, so the
    names and the comma between them swapped places around the English."""
    from notify.app.notifier.base import body_text
    from notify.core.bidi import isolate

    hebrew, arabic = "חדשות הארץ", "الجزيرة نت"
    title = f"6 new stories from {isolate(hebrew)}, {isolate(arabic)} and 3 other sources"
    assert summary_text(titled(title)) == title
    note = NotificationPlanned(1, "single", "A title", f"body from {isolate(arabic)}",
                               f"also in: {isolate(hebrew)}", (1,))
    assert body_text(note, markup=False) == (
        f"body from {FSI}{arabic}{PDI}\nWhy: also in: {FSI}{hebrew}{PDI}")
    # a title cut inside an isolate is closed again, so nothing after it is reordered
    cut = summary_text(titled("x " * 50 + isolate(hebrew * 5)))
    assert cut.count(FSI) == cut.count(PDI) == 1


def test_a_notice_is_a_headline_and_a_body() -> None:
    """A live session: "Beta News failed 3 times in a row: 127.0.0.1 has nothing at this
    address (HTTP 404 Not Found). Check the address; …" went out whole as the summary, five
    bold lines in dunst; the specification's summary is a single line overview."""
    text = ("Beta News failed 3 times in a row: 127.0.0.1 has nothing at this address (HTTP "
            "404 Not Found). Check the address; the feed may have moved.")
    assert notice_parts(text, markup=False) == (
        "Beta News failed 3 times in a row",
        "127.0.0.1 has nothing at this address (HTTP 404 Not Found). Check the address; the "
        "feed may have moved.")
    assert notice_parts("Poll now failed: the disk <is> full & more", markup=True) == (
        "Poll now failed", "The disk &lt;is&gt; full &amp; more")
    # no headline: the notice is the summary alone
    sentence = "The desktop session bus went away; notifications are shown in Notify's window."
    assert notice_parts(sentence, markup=True) == (sentence, "")
    long_head = "x" * 100 + ": y"
    assert notice_parts(long_head, markup=False) == (long_head, "")


def test_a_notices_bubble_keeps_only_the_isolates_right_to_left_names_need() -> None:
    """dunst's history had "⁨Local Daily⁩ failed 2 times in a row": the footer's words, each
    name isolated, as the bubble's title. A Hebrew name keeps its isolates."""
    said = f"{FSI}Local Daily{PDI} failed 2 times in a row: the site is down."
    assert notice_parts(said, markup=False) == (
        "Local Daily failed 2 times in a row", "The site is down.")
    several = (f"2 sources keep failing: {FSI}Alpha{PDI} and {FSI}חדשות{PDI}. "
               f"{FSI}Alpha{PDI}: gone.")
    head, body = notice_parts(several, markup=False)
    assert head == "2 sources keep failing"
    assert body == f"Alpha and {FSI}חדשות{PDI}. Alpha: gone."
