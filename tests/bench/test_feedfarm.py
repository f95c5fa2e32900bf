"""The feed farm serves corpus feeds on loopback hosts, with validators, 304s and latency."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.bench.benchmods import load, skip_without_corpus

skip_without_corpus()
ff = load("feedfarm", "feedfarm.py")


@pytest.fixture(scope="module")
def farm():  # type: ignore[no-untyped-def]
    with ff.running_farm(addresses=ff.farm_addresses(3), latency_s=0.0) as running:
        yield running


def _client() -> httpx.Client:
    return httpx.Client(trust_env=False, timeout=5)


def test_subscription_lists_have_the_documented_sizes() -> None:
    small = ff.subscription_set("76")
    large = ff.subscription_set("670")
    assert len(small) == 76
    assert len(large) == 670
    assert all(u.startswith(("http://", "https://")) for u in small + large)


def test_rewrite_keeps_one_address_per_original_host() -> None:
    addresses = ff.farm_addresses(8)
    a = ff.rewrite("https://Example.org/a/feed.xml?x=1", 5000, addresses)
    b = ff.rewrite("http://example.org/other", 5000, addresses)
    assert a.startswith("http://127.0.0.") and ":5000/example.org/a/feed.xml?x=1" in a
    assert a.split(":5000")[0] == b.split(":5000")[0]
    hosts = {ff.rewrite(f"http://h{i}.test/", 1, addresses).split(":1/")[0] for i in range(50)}
    assert len(hosts) == 8


def test_serves_the_mapped_corpus_feed_with_validators(farm) -> None:  # type: ignore[no-untyped-def]
    url = farm.url_for("https://blog.example.com/feed/")
    path = url.split(f":{farm.port}", 1)[1]
    expected = ff.pick_feed(path, farm.farm.real, farm.farm.cases)
    with _client() as client:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == expected.body
    assert response.headers["content-type"] == expected.content_type
    assert response.headers["etag"].startswith('"')
    assert response.headers["last-modified"].endswith("GMT")


def test_answers_304_to_matching_validators_and_200_after_a_change(farm) -> None:  # type: ignore[no-untyped-def]
    url = farm.url_for("http://news.example.net/rss")
    with _client() as client:
        first = client.get(url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
        farm.touch(url.split(f":{farm.port}", 1)[1])  # done on the farm's loop, soon
        for _ in range(500):  # until the change is served (10 s at most), not a fixed 50 ms
            changed = client.get(url, headers={"If-None-Match": etag})
            if changed.status_code != 304:
                break
            time.sleep(0.02)
        assert changed.status_code == 200
        assert changed.headers["etag"] != etag
        assert changed.content != first.content
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200


def test_counts_requests_and_listens_on_every_address(farm) -> None:  # type: ignore[no-untyped-def]
    farm.reset_stats()
    with _client() as client:
        for i, address in enumerate(farm.addresses):
            assert client.get(f"http://{address}:{farm.port}/h{i}.test/feed").status_code == 200
        etag = client.get(farm.url_for("http://h.test/f")).headers["etag"]
        client.get(farm.url_for("http://h.test/f"), headers={"If-None-Match": etag})
    stats = farm.stats()
    assert stats["requests"] == len(farm.addresses) + 2
    assert stats["not_modified"] == 1
    assert set(stats["by_address"]) == set(farm.addresses)
    assert stats["bytes_sent"] > 0


def test_waits_the_configured_latency() -> None:
    with ff.running_farm(addresses=ff.farm_addresses(1), latency_s=0.1) as slow, _client() as c:
        started = time.perf_counter()
        assert c.get(slow.url_for("http://slow.test/feed")).status_code == 200
        assert time.perf_counter() - started >= 0.1


def test_farm_process_serves_from_its_own_process() -> None:
    with ff.FarmProcess(addresses=2, latency_s=0.0) as farm, _client() as client:
        response = client.get(farm.url_for("http://proc.test/feed.xml"))
        assert response.status_code == 200
        assert farm.stats()["requests"] == 1


def test_gzip_for_clients_that_accept_it_with_a_weak_etag() -> None:
    with ff.running_farm(addresses=ff.farm_addresses(1), latency_s=0.0, gzip=True) as farm:
        url = farm.url_for("http://gz.test/feed")
        path = url.split(f":{farm.port}", 1)[1]
        expected = ff.pick_feed(path, farm.farm.real, farm.farm.cases).body
        with _client() as client:
            packed = client.get(url, headers={"Accept-Encoding": "gzip"})
            plain = client.get(url, headers={"Accept-Encoding": "identity"})
            again = client.get(url, headers={"Accept-Encoding": "gzip",
                                             "If-None-Match": packed.headers["etag"]})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.content == expected  # httpx decoded it
    assert packed.headers["etag"] == "W/" + plain.headers["etag"]
    assert "content-encoding" not in plain.headers and plain.content == expected
    assert again.status_code == 304
