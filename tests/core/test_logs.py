"""The app's log file: written under the data folder, size-capped, secrets redacted, without
the libraries' chatter; what went to stderr before still goes there, and no more."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from notify.core import logs
from notify.core.logs import RedactingFormatter, log_to_file, register_secret


@pytest.fixture
def stderr() -> Iterator[io.StringIO]:
    """The root logger as the CLI sets it up (a stderr handler, WARNING), put back afterwards;
    yields what that handler wrote."""
    logger = logging.getLogger()
    level, handlers = logger.level, list(logger.handlers)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    logger.handlers = [handler]
    logger.setLevel(logging.WARNING)
    yield stream
    for added in logger.handlers:
        if added is not handler:
            added.close()
    logger.handlers = handlers
    logger.setLevel(level)


def test_the_app_logs_to_a_file_in_the_data_folder_with_secrets_redacted(
        stderr: io.StringIO, tmp_path: Path) -> None:
    folder = tmp_path / "data" / "logs"
    handler = log_to_file(folder)
    assert handler is not None
    register_secret("s3cr3t-value-42")
    log = logging.getLogger("notify.core.poll")
    log.info("engine running")
    log.warning("fetching https://example.org/feed?token=abcdef123 with s3cr3t-value-42")
    try:
        raise RuntimeError("failed at https://user:pw@example.org/x?api_key=zzz")
    except RuntimeError:
        log.exception("round failed")
    logging.getLogger("httpx").info("HTTP Request: GET https://example.org/ 200 OK")
    logging.getLogger("apscheduler.scheduler").info("Running job ...")
    logging.getLogger("apscheduler.scheduler").warning("a library's warning")
    handler.flush()
    text = (folder / logs.LOG_FILE).read_text()
    assert "INFO notify.core.poll: engine running" in text
    assert "abcdef123" not in text and "token=•••" in text
    assert "s3cr3t-value-42" not in text
    assert "pw@" not in text and "zzz" not in text and "Traceback" in text
    assert "HTTP Request" not in text and "Running job" not in text  # the libraries' chatter
    assert "a library's warning" in text
    assert (folder.stat().st_mode & 0o777) == 0o700
    # stderr shows what it showed before: warnings, not the INFO lines the file now gets
    shown = stderr.getvalue()
    assert "engine running" not in shown and "abcdef123" not in shown
    assert "WARNING notify.core.poll: fetching" in shown


def test_the_log_file_is_size_capped(stderr: io.StringIO, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "LOG_MAX_BYTES", 2000)
    handler = log_to_file(tmp_path)
    assert handler is not None
    log = logging.getLogger("notify.test")
    for n in range(500):
        log.info("line %d %s", n, "x" * 80)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["notify.log", "notify.log.1", "notify.log.2", "notify.log.3"]
    assert all((tmp_path / f).stat().st_size <= 2000 for f in files)


def test_verbose_logs_everything(stderr: io.StringIO, tmp_path: Path) -> None:
    handler = log_to_file(tmp_path, logging.DEBUG)
    assert handler is not None
    logging.getLogger("apscheduler.scheduler").debug("Looking for jobs to run")
    handler.flush()
    assert "Looking for jobs to run" in (tmp_path / logs.LOG_FILE).read_text()


def test_a_folder_it_cannot_use_leaves_stderr_only(stderr: io.StringIO,
                                                   tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file in the way")
    assert log_to_file(blocker) is None
    assert "cannot write its log" in stderr.getvalue()


@pytest.mark.parametrize("url", [
    "https://x.example/feed?auth_token=SECRET9",  # read in full before (``token`` alone was)
    "https://x.example/feed?user=7&feed-token=SECRET9",
    "https://x.example/feed?refresh_token=SECRET9&page=2",
    "https://x.example/feed?client_secret=SECRET9",
    "https://x.example/feed?rss_password=SECRET9",
    "https://x.example/feed?api-key=SECRET9",
    "https://x.example/feed?access_key=SECRET9",
    "https://x.example/feed?jwt=SECRET9",
    "https://x.example/feed?API_KEY=SECRET9",
    # read in full before: private trackers' and podcast hosts' keys, short passwords
    "https://tracker.example/rss.php?feed=dl&passkey=SECRET9",
    "https://x.example/feeds.php?feed=web&authkey=SECRET9&torrent_pass=SECRET9",
    "https://x.example/rss?auth_key=SECRET9",
    "https://x.example/rss?rsskey=SECRET9&feed-key=SECRET9",
    "https://x.example/podcast.xml?license_key=SECRET9",
    "https://x.example/feed?user=me&pass=SECRET9",
    "https://x.example/feed?user=me&pw=SECRET9",
])
def test_every_spelling_of_a_feed_key_is_redacted(url: str) -> None:
    shown = logs.redact(url)
    assert "SECRET9" not in shown and "=•••" in shown


def test_a_secret_ends_where_the_sentence_goes_on() -> None:
    """Regression: ``-v`` logged ``source 1 (x?token=•••, http://…?token=•••) failed`` as
    ``source 1 (x?token=••• http://…?token=••• failed``: the comma and the closing parenthesis
    were taken for the secret's."""
    line = ("source 1 (x.org/feed?token=SECRET9, http://x.org/feed?token=SECRET9) failed "
            "(connect): …; see (https://x.org/a?key=SECRET9). Or https://x.org/b?sig=SECRET9.")
    assert logs.redact(line) == (
        "source 1 (x.org/feed?token=•••, http://x.org/feed?token=•••) failed (connect): …; see "
        "(https://x.org/a?key=•••). Or https://x.org/b?sig=•••.")
    # inside the address a comma or parenthesis is still the secret's
    assert logs.redact("https://x.org/f?token=SEC,RET9)x&page=2") == (
        "https://x.org/f?token=•••&page=2")
    assert logs.redact("https://x.org/f?jwt=eyJh.eyJz.SIG9") == "https://x.org/f?jwt=•••"


def test_parameters_that_are_no_secret_are_kept() -> None:
    url = ("https://x.example/feed?keyword=python&page=2&monkey=1&tokens_left=3&sort=new"
           "&hotkey=k&bypass=1&passes=2&keys=3")
    assert logs.redact(url) == url


@pytest.mark.parametrize("url", [
    "https://user:SECRET9@x.example/feed",
    "https://SECRET9@x.example/feed",  # a token as the user name (read in full before)
    "https://SECRET9:@x.example/feed",
    "feed+https://SECRET9@x.example:8443/feed?page=2",
])
def test_every_userinfo_is_redacted(url: str) -> None:
    shown = logs.redact(url)
    assert "SECRET9" not in shown and "://•••@x.example" in shown


@pytest.mark.parametrize("text", [
    "https://mastodon.social/@Gargron",
    "https://x.example/feed?author=me@x.example",
    "https://x.example/#a@b",
    "write to feeds@x.example",
])
def test_an_at_sign_outside_the_userinfo_is_kept(text: str) -> None:
    assert logs.redact(text) == text


@pytest.mark.parametrize("text, shown", [
    ("Authorization: Bearer SeCrEt-1", "Authorization: •••"),
    ('{"Authorization": "token SeCrEt-2", "x": 1}', '{"Authorization": "•••", "x": 1}'),
    ("sent as “Authorization: Bearer SeCrEt-3”; the token header and prefix settings change "
     "that): add it: notify sources edit 1 --token-stdin, or in Settings → Sources.",
     "sent as “Authorization: •••”; the token header and prefix settings change that): add it: "
     "notify sources edit 1 --token-stdin, or in Settings → Sources."),
])
def test_an_authorization_header_s_value_is_redacted_up_to_its_closing_quote(
        text: str, shown: str) -> None:
    """Regression: a JSON API refusal, which says how its token is sent ("sent as
    “Authorization: Bearer …”"), lost the rest of its sentence up to the next comma, what to
    do included: "… (sent as “Authorization: •••, or in Settings → Sources."."""
    assert logs.redact(text) == shown
