"""Turning what went wrong into a ``Failed`` outcome with a message a person can act on.

Every message names the server (host), says what failed and what Notify or the user will do.
Messages pass through ``notify.core.logs.redact`` (query secrets, registered secret values).
"""

from __future__ import annotations

import errno
import re
import socket
import ssl
from collections.abc import Iterator, Mapping
from http import HTTPStatus

import httpx

from notify.core.clock_words import clock_time
from notify.core.fetch.outcomes import Failed, FailureKind
from notify.core.fetch.retry_after import retry_at_from_headers
from notify.core.logs import redact

MB = 1024 * 1024


def host_of(url: str) -> str:
    try:
        return httpx.URL(url).host or url
    except (httpx.InvalidURL, TypeError, ValueError):
        return url


def failed(
    kind: FailureKind,
    message: str,
    url: str,
    *,
    status: int | None = None,
    retry_at: float | None = None,
    permanent: bool = False,
    headers: Mapping[str, str] | None = None,
) -> Failed:
    return Failed(
        kind=kind,
        message=redact(message),
        url=url,
        status=status,
        retry_at=retry_at,
        permanent=permanent,
        headers=dict(headers or {}),
    )


def _reason(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def from_status(status: int, url: str, headers: Mapping[str, str], now: float) -> Failed:
    """A non-success final status (not 2xx, not 304, not a followed redirect)."""
    host = host_of(url)
    reason = _reason(status)
    if status in (429, 503):
        retry_at = retry_at_from_headers(headers, now)
        what = "asked Notify to slow down" if status == 429 else "is temporarily unavailable"
        # what the server asked, not a time of Notify's: the schedule's next try (its backoff,
        # the source's interval) may come later, and is said next to this message
        then = (f" It asked Notify to wait until {clock_time(retry_at, now)}."
                if retry_at is not None else " Notify will try again later.")
        return failed(
            FailureKind.RATE_LIMITED,
            f"{host} {what} ({reason}).{then}",
            url, status=status, retry_at=retry_at, headers=headers,
        )
    if status == 410:
        return failed(
            FailureKind.GONE,
            f"The publisher removed this feed ({reason} from {host}), so Notify disabled the "
            "source. Remove it, or re-enable it if the feed comes back.",
            url, status=status, permanent=True, headers=headers,
        )
    if status in (401, 403):
        return failed(
            FailureKind.AUTH,
            f"{host} refused access ({reason}). Check the token or credentials for this source "
            "in Settings.",
            url, status=status, headers=headers,
        )
    if status == 404:
        return failed(
            FailureKind.NOT_FOUND,
            f"{host} has nothing at this address ({reason}). Check the address; the feed may "
            "have moved.",
            url, status=status, headers=headers,
        )
    if 500 <= status <= 599:
        return failed(
            FailureKind.SERVER,
            f"{host} had a server error ({reason}). Notify will try again later.",
            url, status=status, headers=headers,
        )
    return failed(
        FailureKind.HTTP,
        f"{host} answered {reason} instead of the content. Check the source's address.",
        url, status=status, headers=headers,
    )


BOMB_RATIO = 100
"""Unpacked bytes per byte sent beyond which a body is a compression bomb: feeds and web APIs
compress by 3 to 20 times; a bomb by a thousand."""


def too_large(url: str, cap: int, *, decoded: bool, sent: int = 0) -> Failed:
    size = f"{cap / MB:g} MB"
    if decoded and 0 < sent * BOMB_RATIO < cap:
        # raising the cap would only let it fill more memory: not the advice to give
        return failed(
            FailureKind.TOO_LARGE,
            f"The response from {host_of(url)} unpacks to more than {size} from only "
            f"{_amount(sent)} sent, which no feed does: it is most likely a compression bomb "
            "(a broken or hostile server), so Notify stopped reading it. Notify will try again "
            "later; remove the source if it keeps doing this.",
            url,
        )
    what = "unpacks to more than" if decoded else "is larger than"
    return failed(
        FailureKind.TOO_LARGE,
        f"The response from {host_of(url)} {what} {size}, so Notify stopped reading it. If this "
        "source really is that large, raise 'Largest response' in Settings (fetch.max_body_mb).",
        url,
    )


def _amount(n: int) -> str:
    """Bytes in a person's unit: '512 bytes', '40 KB', '1.5 MB'."""
    if n < 1024:
        return f"{n} bytes"
    if n < MB:
        return f"{n / 1024:.0f} KB"
    return f"{n / MB:.1f} MB"


def invalid_url(url: str, detail: str = "") -> Failed:
    extra = f" ({detail})" if detail else ""
    return failed(
        FailureKind.INVALID_URL,
        f"'{url}' is not a web address Notify can fetch{extra}. Use an http:// or https:// "
        "address.",
        url,
    )


def _chain(err: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = err
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


# Why a connection failed, in words, by the OS's error number ("[Errno 111] Connect call failed
# ('127.0.0.1', 9)" said nothing to a person).
_CONNECT_REASONS = {
    errno.ECONNREFUSED: "the connection was refused (the site is down, or nothing answers at "
                        "that address and port)",
    errno.ENETUNREACH: "the network is unreachable (check your internet connection)",
    errno.EHOSTUNREACH: "the server cannot be reached (check your internet connection)",
    errno.ECONNRESET: "the server closed the connection at once",
    errno.ECONNABORTED: "the connection was aborted",
    errno.EADDRNOTAVAIL: "this computer cannot connect to that address",
    errno.EACCES: "a firewall or this system's settings forbid the connection",
    errno.EPERM: "a firewall or this system's settings forbid the connection",
}
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\]")


def _connect_reason(err: BaseException, detail: str) -> str:
    """The reason a connection failed in a person's words; the error's own text when its
    number is not one of the known ones."""
    for e in _chain(err):
        number = e.errno if isinstance(e, OSError) else None
        if number is None:
            match = _ERRNO_TEXT.search(str(e))
            number = int(match.group(1)) if match else None
        if number in _CONNECT_REASONS:
            return _CONNECT_REASONS[number]
    return detail


def _cert_detail(err: BaseException) -> str | None:
    for e in _chain(err):
        if isinstance(e, ssl.SSLCertVerificationError):
            return e.verify_message or "certificate verification failed"
        if isinstance(e, ssl.SSLError):
            return e.reason or str(e)
    return None


# OpenSSL's reasons when what came back was no TLS at all: the server at an https:// address
# (a scheme-less address typed becomes one) speaks plain HTTP
_PLAIN_ANSWER = frozenset({"WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "PACKET_LENGTH_TOO_LONG"})


def _plain_answer(err: BaseException) -> bool:
    return any(isinstance(e, ssl.SSLError) and not isinstance(e, ssl.SSLCertVerificationError)
               and e.reason in _PLAIN_ANSWER for e in _chain(err))


def _tls_failure(err: BaseException, url: str, host: str, detail: str) -> Failed:
    """A secure connection that failed, said for what it was: a certificate Notify cannot
    verify (it never fetches over such a connection), a server answering in plain HTTP (the
    address to give instead), or a handshake that failed otherwise (OpenSSL's reason)."""
    if _plain_answer(err):
        plain = "http://" + url.split("://", 1)[-1]
        return failed(
            FailureKind.TLS,
            f"The server at {host} answered in plain HTTP, not over a secure connection "
            f"(HTTPS). If the site has no secure address, give the address {plain} instead; "
            "otherwise check the address.",
            url,
        )
    if any(isinstance(e, ssl.SSLCertVerificationError) for e in _chain(err)):
        return failed(
            FailureKind.TLS,
            f"The secure connection to {host} failed: {detail}. Notify does not fetch over an "
            "unverified connection; check the address, or tell the site's owner.",
            url,
        )
    return failed(
        FailureKind.TLS,
        f"The secure connection to {host} failed ({detail}). Check the address, or tell the "
        "site's owner; Notify will try again later.",
        url,
    )


def _is_dns(err: BaseException) -> bool:
    for e in _chain(err):
        if isinstance(e, socket.gaierror):
            return True
        text = str(e)
        if "Name or service not known" in text or "getaddrinfo" in text or "nodename nor" in text:
            return True
    return False


def from_exception(
    err: Exception, url: str, *, connect_timeout_s: float, read_timeout_s: float
) -> Failed:
    """A transport error from httpx (or the OS/ssl error underneath) as a ``Failed``."""
    host = host_of(url)
    detail = redact(str(err).strip()) or type(err).__name__
    tls = _cert_detail(err)
    if isinstance(err, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return invalid_url(url, detail)
    if isinstance(err, httpx.TimeoutException):
        if "TLS handshake" in str(err) and url.startswith("https://"):
            # connected, then no answer to the secure connection's first message: as a server
            # that speaks plain HTTP on that port does (it waits for a request's head)
            plain = "http://" + url.split("://", 1)[-1]
            return failed(
                FailureKind.TIMEOUT,
                f"The server at {host} accepted the connection but did not start a secure "
                f"one (HTTPS) within {connect_timeout_s:g} s. If the site has no secure "
                f"address, give the address {plain} instead; otherwise Notify will try again "
                "later.",
                url,
            )
        connecting = isinstance(err, (httpx.ConnectTimeout, httpx.PoolTimeout))
        step, limit = ("accept a connection", connect_timeout_s) if connecting else (
            "answer", read_timeout_s)
        return failed(
            FailureKind.TIMEOUT,
            f"The server at {host} did not {step} within {limit:g} s. Notify will try again "
            "later.",
            url,
        )
    if tls is not None:
        return _tls_failure(err, url, host, tls)
    if isinstance(err, httpx.ConnectError) or (
        isinstance(err, OSError) and not isinstance(err, ConnectionResetError)
    ):
        if _is_dns(err):
            return failed(
                FailureKind.DNS,
                f"Could not find the server {host} (name lookup failed). Check the address and "
                "your internet connection; Notify will try again later.",
                url,
            )
        return failed(
            FailureKind.CONNECT,
            f"Could not connect to {host}: {_connect_reason(err, detail)}. Notify will try "
            "again later.",
            url,
        )
    broken = _broken_reason(err)
    if broken is not None:
        return failed(FailureKind.PROTOCOL, f"The connection to {host} broke off: {broken}. "
                      "Notify will try again later.", url)
    return failed(
        FailureKind.PROTOCOL,
        f"The connection to {host} broke off or the server sent a malformed response "
        f"({detail}). Notify will try again later.",
        url,
    )


# h11's words for a body cut short: "peer closed connection without sending complete message
# body (received 5 bytes, expected 999)"
_CUT_SHORT_RE = re.compile(r"received (\d+) bytes, expected (\d+)")


def _broken_reason(err: BaseException) -> str | None:
    """Why a connection broke off in the middle of a response, in words, when it is known:
    the server reset it (the OS's "[Errno 104] Connection reset by peer" was shown), or closed
    it before the end of the body it announced; None for anything else."""
    for e in _chain(err):
        number = e.errno if isinstance(e, OSError) else None
        if number is None:
            match = _ERRNO_TEXT.search(str(e))
            number = int(match.group(1)) if match else None
        if number == errno.ECONNRESET:
            return "the server reset it in the middle of its answer"
        cut = _CUT_SHORT_RE.search(str(e))
        if cut is not None:
            got, announced = (int(n) for n in cut.groups())
            return (f"the server closed it after sending {got} of the {announced} bytes it "
                    "announced")
    return None


def deadline(url: str, deadline_s: float) -> Failed:
    return failed(
        FailureKind.TIMEOUT,
        f"The server at {host_of(url)} did not finish sending within {deadline_s:g} s. Notify "
        "will try again later.",
        url,
    )


def redirects(url: str, detail: str) -> Failed:
    return failed(
        FailureKind.REDIRECTS,
        f"{host_of(url)} {detail}. Check the source's address (open it in a browser to see "
        "where it ends up).",
        url,
    )
