"""``Fetcher``: the only code in Notify that opens sockets.

    async with Fetcher(FetchConfig()) as fetcher:
        outcome = await fetcher.get(Request(url, etag=..., last_modified=...))

``get`` never raises for network or HTTP problems: it returns ``Updated``, ``NotModified`` or
``Failed`` (``outcomes.py``). It follows redirects itself (counting hops, detecting loops,
noting whether every hop was permanent), holds a per-host and a global slot while it talks to a
server, bounds each request by a total deadline, and caps the body on the wire and after
decompression while streaming. No cookie is ever read or sent (there is no cookie jar).
See docs/fetching.md.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import certifi
import httpx

from notify.core.fetch import failures, network
from notify.core.fetch.body import BodyTooLarge, CorruptEncoding, UnsupportedEncoding, read_bounded
from notify.core.fetch.config import FetchConfig
from notify.core.fetch.limits import Limiter
from notify.core.fetch.outcomes import Failed, FailureKind, NotModified, Outcome, Request, Updated
from notify.core.fetch.pools import PerOriginTransport
from notify.core.logs import redact, register_secret
from notify.core.urls import login_may_follow

log = logging.getLogger("notify.fetch")

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_CROSS_ORIGIN_DROP = ("authorization", "cookie", "proxy-authorization")
# A redirect's or an error's body up to this size is read (and dropped) so that its connection
# goes back to the pool: httpcore keeps a connection only when its response was read to the end.
_DRAIN_MAX = 64 * 1024
_EMPTY = httpx.ByteStream(b"")  # a GET's body (stateless: shared by every request)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Verified TLS with certifi's CA bundle (as httpx does), built once: it costs ~0.1 s."""
    return ssl.create_default_context(cafile=certifi.where())


@functools.cache
def _no_tls_context() -> ssl.SSLContext:
    """The context handed to the pool of a plain ``http://`` origin, which never makes a TLS
    connection (httpcore uses a pool's context only for ``https`` origins; a redirect to https is
    another origin, with its own pool): verifying, like any client context, but with no CA
    certificate loaded, so it could only refuse. It spares an all-http round the CA bundle
    (~20 ms of CPU)."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class _Hop:
    """One response on the redirect chain, kept open while its body may be read."""

    __slots__ = ("response", "url")

    def __init__(self, url: str, response: httpx.Response) -> None:
        self.url = url
        self.response = response


class Fetcher:
    """Async HTTP GETs with politeness limits and typed outcomes. Use as an async context
    manager, or call ``aclose()`` when done. ``fetcher(request)`` is ``fetcher.get(request)``."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config or FetchConfig()
        self._given_transport = transport
        self._transport: httpx.AsyncBaseTransport | None = None
        self._limiter = Limiter(self.config.global_limit, self.config.per_host_limit)
        self._pools: PerOriginTransport | None = None
        cfg = self.config
        self._base_headers = (
            ("User-Agent", cfg.user_agent), ("Accept", cfg.accept),
            ("Accept-Encoding", "gzip, deflate"), ("Connection", "keep-alive"),
        )
        self._extensions = {"timeout": {
            "connect": cfg.connect_timeout_s, "read": cfg.read_timeout_s,
            "write": cfg.read_timeout_s, "pool": cfg.deadline_s,
        }}

    # -- lifecycle ---------------------------------------------------------------------------

    def _make_pool(self, scheme: bytes = b"https") -> httpx.AsyncHTTPTransport:
        """One origin's connection pool (``pools.PerOriginTransport`` holds one per origin);
        only an https origin's loads the CA bundle."""
        cfg = self.config
        transport = httpx.AsyncHTTPTransport(
            verify=_tls_context() if scheme != b"http" else _no_tls_context(),
            http1=True,
            http2=False,
            trust_env=False,
            limits=httpx.Limits(
                max_connections=cfg.global_limit,
                max_keepalive_connections=cfg.global_limit,
                keepalive_expiry=cfg.keepalive_expiry_s,
            ),
        )
        network.install(transport)  # plain asyncio sockets under httpcore, not anyio's
        return transport

    def _make_transport(self) -> httpx.AsyncBaseTransport:
        transport = self._given_transport
        if transport is None:
            # Built now (the engine makes it off the loop), not at the first request: httpcore,
            # which httpx imports at its first transport. The TLS context is ``warm_tls()``.
            import httpcore  # noqa: F401
            self._pools = PerOriginTransport(self._make_pool, max_pools=self.config.global_limit)
            transport = self._pools
        return transport

    @property
    def transport(self) -> httpx.AsyncBaseTransport:
        """Where requests go: one connection pool per origin (``pools.py``), or the transport
        given to the constructor (tests). Requests are sent to it directly, without an
        ``httpx.AsyncClient``: the fetcher does its own redirects, timeouts and headers, and
        a client's per-request layers (cookie jar, auth and redirect hooks, header merging)
        cost ~1 ms of CPU per request and are not needed: no cookie is ever read or sent."""
        if self._transport is None:
            self._transport = self._make_transport()
        return self._transport

    def warm_tls(self) -> None:
        """Build the TLS context now (~0.1 s; the engine calls it off the loop before a round
        with https sources), not when the first https connection is made."""
        if self._given_transport is None:
            _tls_context()

    async def __aenter__(self) -> Fetcher:
        _ = self.transport
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._transport is not None:
            transport, self._transport = self._transport, None
            self._pools = None
            await transport.aclose()

    async def release_idle(self) -> None:
        """Close the kept-alive connections no request is using (after a round: nothing should
        hold sockets open until the next one)."""
        if self._pools is not None:
            await self._pools.release_idle()

    @property
    def in_flight(self) -> int:
        """Requests holding a slot right now."""
        return self._limiter.in_flight

    # -- the one public operation ------------------------------------------------------------

    async def __call__(self, request: Request) -> Outcome:
        return await self.get(request)

    async def get(self, request: Request) -> Outcome:
        """One GET (conditional when the request carries validators). Never raises for network
        or HTTP problems; cancellation propagates."""
        for value in request.secret_values:
            register_secret(value)
        started = time.monotonic()
        network.enter_asyncio()
        try:
            outcome = await self._get(request, started)
        except Exception as err:  # a bug, not a network problem: log it, fail this source only
            log.exception("Unexpected error while fetching %s", redact(request.url))
            outcome = failures.failed(
                FailureKind.PROTOCOL,
                f"Fetching from {failures.host_of(request.url)} failed unexpectedly "
                f"({type(err).__name__}: {err}). Notify will try again later; if this repeats, "
                "please report it.",
                request.url,
            )
        finally:
            network.exit_asyncio()
        self._log(request, outcome, time.monotonic() - started)
        return outcome

    # -- internals ---------------------------------------------------------------------------

    def _log(self, request: Request, outcome: Outcome, elapsed: float) -> None:
        """DEBUG only, failures too: who asked says a failure in its own words (a source kind
        knows what a 401 means for it), and the poll logs it then, once
        (``failure_log.log_failure``)."""
        if not log.isEnabledFor(logging.DEBUG):
            return
        if isinstance(outcome, Failed):
            log.debug("GET %s failed (%s) in %.3f s: %s", redact(request.url),
                      outcome.kind.value, elapsed, outcome.message)
        else:
            status = outcome.status if isinstance(outcome, Updated) else 304
            log.debug("GET %s -> %s in %.3f s", redact(request.url), status, elapsed)

    def _validate(self, url: str) -> httpx.URL | Failed:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as err:
            return failures.invalid_url(url, str(err))
        if parsed.scheme not in ("http", "https"):
            return failures.invalid_url(url, "only http:// and https:// are supported")
        if not parsed.host:
            return failures.invalid_url(url, "it has no host name")
        return parsed

    def _headers(self, request: Request) -> list[tuple[str, str]]:
        """The request's headers over the fetcher's defaults (names compared without case),
        then the validators unless the kind set them itself."""
        given = request.headers
        if not given:
            headers = list(self._base_headers)
            lowered: set[str] = set()
        else:
            lowered = {k.lower() for k in given}
            headers = [(k, v) for k, v in self._base_headers if k.lower() not in lowered]
            headers.extend(given.items())
        if request.etag and "if-none-match" not in lowered:
            headers.append(("If-None-Match", request.etag))
        if request.last_modified and "if-modified-since" not in lowered:
            headers.append(("If-Modified-Since", request.last_modified))
        return headers

    def _build(self, url: httpx.URL, headers: list[tuple[str, str]]) -> httpx.Request:
        """A GET with no body (``stream=``: httpx adds no headers of its own but ``Host``)."""
        return httpx.Request(
            "GET", url, headers=[("Host", url.netloc.decode("ascii")), *headers],
            stream=_EMPTY, extensions=self._extensions,
        )

    async def _get(self, request: Request, started: float) -> Outcome:
        cfg = self.config
        first = self._validate(request.url)
        if isinstance(first, Failed):
            return first
        wire_cap = request.max_bytes or cfg.max_body_bytes
        decoded_cap = request.max_bytes or cfg.decoded_cap
        headers = self._headers(request)
        loop = asyncio.get_running_loop()
        url = first
        visited = {str(url)}
        permanent = True
        hops = 0
        deadline_set = False
        try:
            async with asyncio.timeout(None) as deadline:
                while True:
                    async with self._limiter.slot(url.host, request.host_limit):
                        if not deadline_set:  # the deadline counts from the first slot
                            deadline.reschedule(loop.time() + cfg.deadline_s)
                            deadline_set = True
                        try:
                            sent = self._build(url, headers)
                            response = await self.transport.handle_async_request(sent)
                            response.request = sent
                        except (httpx.HTTPError, OSError) as err:
                            return failures.from_exception(
                                err, str(url), connect_timeout_s=cfg.connect_timeout_s,
                                read_timeout_s=cfg.read_timeout_s,
                            )
                        try:
                            status = response.status_code
                            location = response.headers.get("location")
                            if status not in _REDIRECTS or not location:
                                return await self._finish(
                                    request, response, str(url), wire_cap, decoded_cap,
                                    permanent_redirect=str(url) if hops and permanent else None,
                                    started=started,
                                )
                        finally:
                            await _release(response)
                    # a redirect: decide where to go next, outside the slot
                    try:
                        target = url.join(location)
                    except (httpx.InvalidURL, ValueError) as err:
                        return failures.invalid_url(location, f"redirected there: {err}")
                    if target.scheme not in ("http", "https") or not target.host:
                        return failures.invalid_url(str(target), "a redirect led there")
                    hops += 1
                    permanent = permanent and status in _PERMANENT
                    if str(target) in visited:
                        return failures.redirects(
                            request.url, f"redirects in a loop (back to {redact(str(target))})"
                        )
                    if hops > cfg.max_redirects:
                        return failures.redirects(
                            request.url, f"redirected more than {cfg.max_redirects} times"
                        )
                    visited.add(str(target))
                    headers = _headers_after_redirect(headers, url, target)
                    url = target
        except TimeoutError:
            return failures.deadline(str(url), cfg.deadline_s)

    async def _finish(
        self,
        request: Request,
        response: httpx.Response,
        url: str,
        wire_cap: int,
        decoded_cap: int,
        *,
        permanent_redirect: str | None,
        started: float,
    ) -> Outcome:
        status = response.status_code
        headers = {k.lower(): v for k, v in response.headers.items()}
        cfg = self.config
        if status == 304:
            return NotModified(
                url=url,
                headers=headers,
                etag=headers.get("etag") or request.etag,
                last_modified=headers.get("last-modified") or request.last_modified,
                permanent_redirect=permanent_redirect,
                elapsed_s=time.monotonic() - started,
            )
        if not 200 <= status <= 299:
            return failures.from_status(status, url, headers, time.time())
        declared = headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > wire_cap:
            return failures.too_large(url, wire_cap, decoded=False)
        try:
            body = await read_bounded(
                response.aiter_raw(),
                content_encoding=headers.get("content-encoding"),
                wire_cap=wire_cap,
                decoded_cap=decoded_cap,
            )
        except BodyTooLarge as err:
            return failures.too_large(url, err.cap, decoded=err.decoded, sent=err.wire)
        except UnsupportedEncoding as err:
            return failures.failed(
                FailureKind.PROTOCOL,
                f"{failures.host_of(url)} sent the content compressed as '{err}', which Notify "
                "did not ask for and cannot read. Notify will try again later.",
                url, status=status, headers=headers,
            )
        except CorruptEncoding as err:
            return failures.failed(
                FailureKind.PROTOCOL,
                f"{failures.host_of(url)} sent damaged compressed content ({err}). Notify will "
                "try again later.",
                url, status=status, headers=headers,
            )
        except (httpx.HTTPError, OSError) as err:
            return failures.from_exception(
                err, url, connect_timeout_s=cfg.connect_timeout_s, read_timeout_s=cfg.read_timeout_s
            )
        return Updated(
            url=url,
            status=status,
            headers=headers,
            body=body,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            permanent_redirect=permanent_redirect,
            elapsed_s=time.monotonic() - started,
        )


def _headers_after_redirect(
    headers: list[tuple[str, str]], url: httpx.URL, target: httpx.URL
) -> list[tuple[str, str]]:
    """The headers sent on from ``url`` to ``target``, where it redirected: all within the
    origin; the login (``Authorization``) also at the same host's upgrade from http to https
    on the default ports (``urls.login_may_follow``, as ``requests`` does); elsewhere neither
    it nor a cookie or proxy login (never set; dropped all the same)."""
    origin, there = (url.scheme, url.host, url.port), (target.scheme, target.host, target.port)
    if there == origin:
        return headers
    drop: tuple[str, ...] = _CROSS_ORIGIN_DROP
    if login_may_follow(origin, there):  # the login only: no cookie follows an upgrade
        drop = tuple(name for name in drop if name != "authorization")
    return [(k, v) for k, v in headers if k.lower() not in drop]


async def _release(response: httpx.Response) -> None:
    """Close ``response`` so that its connection can be reused: a 304, or a redirect or error
    whose body is small, is read to its end first (else httpcore drops the connection)."""
    try:
        if not response.is_stream_consumed:
            status = response.status_code
            declared = response.headers.get("content-length", "")
            small = declared.isdecimal() and int(declared) <= _DRAIN_MAX
            if status == 304 or (small and not 200 <= status <= 299):
                stream = response.stream  # the transport's own: no chunking layer
                assert isinstance(stream, httpx.AsyncByteStream)
                response.is_stream_consumed = True
                async for _ in stream:
                    pass
    except (httpx.HTTPError, OSError) as err:  # the connection is dropped instead: harmless
        log.debug("reading the rest of %s failed: %s", redact(str(response.url)), err)
    finally:
        await response.aclose()


def fetcher_for_settings(values: Mapping[str, Any], **overrides: Any) -> Fetcher:
    """A fetcher configured from the user's settings (``fetch.*``)."""
    return Fetcher(FetchConfig.from_settings(values, **overrides))
