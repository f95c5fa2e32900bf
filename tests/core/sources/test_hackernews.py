"""Hacker News against recorded Firebase responses replayed by a real local server."""

from __future__ import annotations

import json
import threading
import time

import pytest

from notify.core.errors import SourceConfigError
from notify.core.fetch.outcomes import FailureKind, Updated
from notify.core.sources.hackernews import ITEM_CONCURRENCY, KIND, RECHECK_S
from tests.support.replay_server import (
    APIS,
    Keyring,
    ReplayServer,
    Response,
    Seen,
    next_state,
    poll_kind,
    replay,
    require_corpus,
)

__all__ = ["replay"]

RECORDED = ["41247023", "41247275", "41244423", "41245073", "41247211", "39382092"]


def _serve(server: ReplayServer, listing: str = "topstories_2024-08-14T1645Z") -> list[int]:
    require_corpus()
    server.replay("/v0/topstories.json", f"hackernews/{listing}")
    for path in (APIS / "hackernews").glob("item_*.headers.json"):
        ident = path.name.split("_")[1]
        server.replay(f"/v0/item/{ident}.json", f"hackernews/{path.name[:-len('.headers.json')]}")
    ids: list[int] = json.loads((APIS / "hackernews" / f"{listing}.body.json").read_bytes())
    return ids


def test_top_stories_mapping_and_items_never_fetched_twice(replay: ReplayServer) -> None:
    ids = _serve(replay)
    url = replay.url("/v0/topstories.json")
    result, source = poll_kind(KIND, url, {"max_items": 16})
    assert source.settings["list"] == "top"
    assert isinstance(result.outcome, Updated)
    fetched = [r.path for r in replay.requests if r.path.startswith("/v0/item/")]
    assert sorted(fetched) == sorted(f"/v0/item/{i}.json" for i in ids[:16])
    by_key = {i.key: i for i in result.items}
    # the 5 recorded items among the first 16 map; the other 11 answer 404: deleted on Hacker
    # News, which is normal there, so they are skipped without a word and never asked again
    assert set(by_key) == {"hn:41247023", "hn:41247275", "hn:41244423", "hn:41245073",
                           "hn:41247211"}
    assert result.warnings == ()
    assert set(result.cursor["seen"]) == set(ids[:16])
    show = by_key["hn:41244423"]
    assert show.title.startswith("Show HN:")
    assert show.link == "https://github.com/zuplo/rate-my-openapi"
    assert show.authors == ("martyndavies",)
    assert show.published == 1723629812.0
    assert "show-hn" in show.tags and "story" in show.tags
    assert "<p>" in show.summary_html and "&#x27;" not in show.summary_text
    assert "55 points" in show.summary_text
    # a link story's item links to its site: its discussion is linked from the summary
    assert show.summary_html.startswith('<p><a href="https://news.ycombinator.com/item?id='
                                        '41244423">13 comments on Hacker News</a></p>Hey, ')
    launch = by_key["hn:41247211"]  # a text post links to the discussion itself
    assert launch.link == "https://news.ycombinator.com/item?id=41247211"
    assert "on Hacker News</a>" not in launch.summary_html
    job = by_key["hn:41245073"]
    assert job.tags == ("job",)
    assert job.summary_html == ('<p><a href="https://news.ycombinator.com/item?id=41245073">'
                                "Discussion on Hacker News</a></p>")
    # second poll: neither the items already read nor the deleted ones are fetched again
    replay.requests.clear()
    again, _ = poll_kind(KIND, source.url, source.settings, state=next_state(None, result))
    assert [r.path for r in replay.requests] == ["/v0/topstories.json"]
    assert again.items == ()


def test_items_that_fail_are_tried_again_and_counted_in_words(replay: ReplayServer) -> None:
    replay.route("/v0/newstories.json", body="[7, 8, 9]")
    replay.route("/v0/item/7.json", status=500, body="oops")
    replay.route("/v0/item/8.json", status=503, body="busy")
    replay.route("/v0/item/9.json", status=404, body="gone")
    result, source = poll_kind(KIND, replay.url("/v0/newstories.json"), {})
    (warning,) = result.warnings
    assert warning.startswith("Hacker News: 2 stories could not be read and will be tried again")
    assert "stor(ies)" not in warning and "feed may have moved" not in warning
    # the first failure to come back is named (the two are fetched in parallel), then "…"
    assert warning.endswith(("(item 7: HTTP 500, …).", "(item 8: HTTP 503, …).")), warning
    assert result.cursor["seen"] == [9]  # the deleted one only
    replay.requests.clear()
    poll_kind(KIND, source.url, source.settings, state=next_state(None, result))
    assert {r.path for r in replay.requests} == {
        "/v0/newstories.json", "/v0/item/7.json", "/v0/item/8.json"}
    replay.route("/v0/item/8.json", body='{"id": 8, "type": "story", "title": "Back"}')
    again, _ = poll_kind(KIND, source.url, source.settings, state=next_state(None, result))
    assert again.warnings == ("Hacker News: 1 story could not be read and will be tried again "
                              "next poll (item 7: HTTP 500).",)


def test_new_ids_in_a_later_list_are_the_only_ones_fetched(replay: ReplayServer) -> None:
    _serve(replay, "topstories_2024-08-14T1514Z")
    first, source = poll_kind(KIND, replay.url("/v0/topstories.json"), {"max_items": 30})
    _serve(replay, "topstories_2024-08-14T1645Z")
    replay.requests.clear()
    state = next_state(None, first)
    # pretend every id of the first list was read
    earlier = json.loads((APIS / "hackernews/topstories_2024-08-14T1514Z.body.json").read_bytes())
    state = type(state)(source_id=1, cursor={"seen": earlier, "low": {}})
    poll_kind(KIND, source.url, source.settings, state=state)
    later = json.loads((APIS / "hackernews/topstories_2024-08-14T1645Z.body.json").read_bytes())
    expected = {i for i in later[:30] if i not in set(earlier)}
    fetched = {int(r.path.split("/")[-1].split(".")[0]) for r in replay.requests
               if r.path.startswith("/v0/item/")}
    assert fetched == expected
    assert 0 < len(fetched) < 30


def test_minimum_score_holds_back_and_rechecks_later(replay: ReplayServer) -> None:
    _serve(replay)
    url = replay.url("/v0/topstories.json")
    result, source = poll_kind(KIND, url, {"max_items": 16, "min_score": 50})
    scores = {i.key: i for i in result.items}
    assert "hn:41244423" in scores  # 55 points
    assert "hn:41247275" not in scores  # a story with fewer points
    assert "hn:41245073" in scores  # jobs have no score to speak of: kept
    assert "41247275" in result.cursor["low"]
    replay.requests.clear()
    poll_kind(KIND, source.url, source.settings, state=next_state(None, result))
    assert "/v0/item/41247275.json" not in {r.path for r in replay.requests}
    replay.requests.clear()
    poll_kind(KIND, source.url, source.settings, state=next_state(None, result),
              now=time.time() + RECHECK_S + 1)
    assert "/v0/item/41247275.json" in {r.path for r in replay.requests}


def test_item_fetches_use_a_small_concurrency_limit(replay: ReplayServer) -> None:
    ids = list(range(1000, 1012))
    replay.route("/v0/newstories.json", body=json.dumps(ids),
                 headers={"Content-Type": "application/json"})
    lock = threading.Lock()
    active = [0, 0]

    def slow(seen: Seen) -> Response:
        with lock:
            active[0] += 1
            active[1] = max(active[1], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        ident = seen.path.split("/")[-1].split(".")[0]
        body = json.dumps({"id": int(ident), "title": f"story {ident}", "type": "story",
                           "score": 1, "time": 1723629812, "by": "x"}).encode()
        return Response(200, (("Content-Type", "application/json"),), body)

    for i in ids:
        replay.handler(f"/v0/item/{i}.json", slow)
    result, _ = poll_kind(KIND, replay.url("/v0/newstories.json"), {"max_items": 12})
    assert len(result.items) == 12
    assert 1 < active[1] <= ITEM_CONCURRENCY  # in parallel, but never more than the kind's limit


def test_malformed_list_and_deleted_items(replay: ReplayServer) -> None:
    replay.route("/v0/beststories.json", body="[1, 2,",
                 headers={"Content-Type": "application/json"})
    result, _ = poll_kind(KIND, replay.url("/v0/beststories.json"), {})
    assert result.outcome.kind == FailureKind.PARSE
    replay.route("/v0/beststories.json", body="[7, 8]")
    replay.route("/v0/item/7.json", body='{"id": 7, "deleted": true, "type": "story"}')
    replay.route("/v0/item/8.json", body="null")
    result, _ = poll_kind(KIND, replay.url("/v0/beststories.json"), {})
    assert result.items == ()
    assert set(result.cursor["seen"]) == {7, 8}  # gone: never asked again


def test_huge_list_is_cut(replay: ReplayServer) -> None:
    replay.route("/v0/topstories.json", body=b"[" + b"1," * (5 * 1024 * 1024) + b"1]")
    result, _ = poll_kind(KIND, replay.url("/v0/topstories.json"), {})
    assert result.outcome.kind == FailureKind.TOO_LARGE


def test_normalise() -> None:
    url, settings = KIND.normalise("", {"list": "best", "max_items": "500"})
    assert url == "https://hacker-news.firebaseio.com/v0/beststories.json"
    assert settings["max_items"] == 100
    assert KIND.normalise("https://news.ycombinator.com/", {})[0].endswith("/topstories.json")
    with pytest.raises(SourceConfigError):
        KIND.normalise("", {"list": "worst"})
    with pytest.raises(SourceConfigError):
        KIND.normalise("https://example.com/", {})


@pytest.mark.parametrize(("pasted", "listed"), [
    ("https://news.ycombinator.com/best", "best"),
    ("https://news.ycombinator.com/newest", "new"),
    ("news.ycombinator.com/ask", "ask"),
    ("https://news.ycombinator.com/show/", "show"),
    ("https://news.ycombinator.com/jobs", "job"),
    ("https://news.ycombinator.com/news", "top"),
])
def test_a_page_pasted_follows_its_list(pasted: str, listed: str) -> None:
    """Regression: every news.ycombinator.com page followed the top list (…/best gave "Hacker
    News: top")."""
    url, settings = KIND.normalise(pasted, {})
    assert settings["list"] == listed
    assert url == f"https://hacker-news.firebaseio.com/v0/{listed}stories.json"
    assert KIND.default_title(url, settings) == f"Hacker News: {listed}"
    assert KIND.normalise(url, settings) == (url, settings)


def test_a_page_that_is_no_list_says_which_are() -> None:
    with pytest.raises(SourceConfigError, match=r"'https://news.ycombinator.com/item\?id=1' is a "
                       r"Hacker News page that is no list Notify can follow; give a list's page "
                       r"\(https://news.ycombinator.com/best, …/newest"):
        KIND.normalise("https://news.ycombinator.com/item?id=1", {})
    with pytest.raises(SourceConfigError,
                       match="'best' is not Hacker News; leave the address empty"):
        KIND.normalise("best", {})
    assert KIND.normalise("", {"list": "best"})[1]["list"] == "best"


def test_a_refused_list_is_not_told_to_check_a_token(replay: ReplayServer) -> None:
    """Regression: Hacker News takes no token, yet a refusal said "Check the token or
    credentials for this source in Settings."."""
    replay.route("/v0/topstories.json", status=401, body='{"error": "Permission denied"}')
    outcome = poll_kind(KIND, replay.url("/v0/topstories.json"), {})[0].outcome
    assert outcome.kind == FailureKind.AUTH
    assert outcome.message.startswith(
        "Hacker News: 127.0.0.1 refused access (HTTP 401 Unauthorized). Hacker News takes no "
        "token")
    assert "credentials" not in outcome.message


def test_counts_are_said_in_words_and_a_job_has_no_points() -> None:
    """Regression: a job (its score is always 1) read "1 points" in the inbox."""
    from notify.core.sources.hackernews import story_draft

    job = json.loads((require_corpus() / "hackernews/item_41245073_job.body.json").read_text())
    assert job["type"] == "job" and job["score"] == 1
    assert "point" not in story_draft(job).summary_text
    one = story_draft({"id": 1, "title": "A story", "score": 1, "descendants": 1})
    assert one.summary_text == "1 point · 1 comment"
    none = story_draft({"id": 2, "title": "New", "score": 0, "descendants": 0})
    assert none.summary_text == "0 points · 0 comments"


def test_a_setting_that_is_no_number_says_what_to_give() -> None:
    with pytest.raises(SourceConfigError) as caught:
        KIND.normalise("", {"max_items": "lots"})
    assert str(caught.value) == ("Hacker News setting max_items must be a whole number (1-100; "
                                 "got 'lots'), e.g. --option max_items=30.")
    with pytest.raises(SourceConfigError, match=r"\(0-100,000; got '1e3x'\), e\.g\. --option "
                                                r"min_score=100\.$"):
        KIND.normalise("", {"min_score": "1e3x"})


def test_an_item_whose_score_is_no_number_is_read_as_scoring_nothing(
    replay: ReplayServer,
) -> None:
    """Regression: a score that was no number (``"lots"``, ``[1]``, ``NaN``) raised
    ValueError/TypeError out of the poll: no item of the list was read."""
    replay.route("/v0/newstories.json", body="[1, 2, 3, 4]")
    replay.route("/v0/item/1.json", body='{"id": 1, "title": "Words", "score": "lots"}')
    replay.route("/v0/item/2.json", body='{"id": 2, "title": "List", "score": [1]}')
    replay.route("/v0/item/3.json", body='{"id": 3, "title": "NaN", "score": NaN}')
    replay.route("/v0/item/4.json", body='{"id": 4, "title": "Fine", "score": 70}')
    result, _ = poll_kind(KIND, replay.url("/v0/newstories.json"), {})
    assert isinstance(result.outcome, Updated)
    assert [i.title for i in result.items] == ["Words", "List", "NaN", "Fine"]
    held, _ = poll_kind(KIND, replay.url("/v0/newstories.json"), {"min_score": 50})
    assert [i.title for i in held.items] == ["Fine"]


def test_a_bug_reading_one_item_leaves_no_other_fetch_running(
        replay: ReplayServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: ``asyncio.gather`` raised the first item's error and left the other items'
    fetches running after the source's poll had failed (holding the kind's slots, read for
    nobody, pending when the loop closed)."""
    import asyncio
    from collections.abc import Callable

    from notify.core.fetch.client import Fetcher
    from notify.core.models import Source, SourceState
    from notify.core.sources import apihelpers
    from notify.core.sources.base import PollContext

    replay.route("/v0/newstories.json", body="[1, 2, 3]",
                 headers={"Content-Type": "application/json"})
    replay.route("/v0/item/1.json", body='{"id": 1}', headers={"Content-Type": "application/json"})

    def slow(seen: Seen) -> Response:
        time.sleep(1.0)
        return Response(200, (("Content-Type", "application/json"),), b'{"id": 2}')

    replay.handler("/v0/item/2.json", slow)
    replay.handler("/v0/item/3.json", slow)
    decode = apihelpers.decode_json

    def broken(outcome: Updated, what: str) -> object:
        if what.endswith("item 1"):
            raise RuntimeError("a reader's bug")
        return decode(outcome, what)

    monkeypatch.setattr(apihelpers, "decode_json", broken)
    url, settings = KIND.normalise(replay.url("/v0/newstories.json"), {})
    source = Source(id=1, kind=KIND.id, url=url, title="HN", settings=settings)

    async def main() -> list[asyncio.Task[object]]:
        async with Fetcher(None) as fetcher:
            async def run_cpu(fn: Callable[..., object], *args: object) -> object:
                return await asyncio.to_thread(fn, *args)

            ctx = PollContext(fetch=fetcher.get, secret=Keyring(), run_cpu=run_cpu,
                              now=time.time())
            with pytest.raises(RuntimeError, match="a reader's bug"):
                await KIND.poll(ctx, source, SourceState(source_id=1))
            return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    assert asyncio.run(main()) == []
