"""URL facts in one place: normalising what a user typed, dropping tracking parameters,
comparing feed URLs for duplicates, the login an address carries."""

from __future__ import annotations

import base64
import contextlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from notify.core.errors import UserInputError

# Query parameters that only track the reader. Exact names, or prefixes ending in "_".
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_", "oly_", "vero_", "__hs", "_hs")
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ncid", "sr_share",
    "spm", "scid", "si", "mkt_tok", "trk", "trkcampaign", "__twitter_impression", "_openstat",
    "rss", "at_medium", "at_campaign", "wt_mc", "wt.mc_id", "ocid", "feature",
})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# ``mailto:x``, ``news:comp.lang``, ``javascript:…``: a scheme without ``//``, not a host and
# its port (``intranet:8080/feed``; a name with a dot, ``example.org:abc``, is a host too) nor
# a user's name and password (``me:pw@example.org``)
_OTHER_SCHEME_RE = re.compile(
    r"^([a-zA-Z][a-zA-Z0-9+-]*):(?!//)(?!\d+(?:[/?#]|\Z))(?![^/?#]*@)")
# An absolute http(s) URL that ``urljoin`` returns unchanged whatever the base: lower-case
# scheme, a host part, printable ASCII only (nothing ``urlsplit`` strips or checks); ``join``
# also rules out the empty query, fragment and path parameters ``urlunparse`` would drop.
_PLAIN_ABSOLUTE_RE = re.compile(r"https?://(?:(?![/?#\[\]])[!-~])+[!-~]*\Z")


def join(base: str, url: str) -> str:
    """``urljoin(base, url)``, without its cost for an already absolute plain http(s) URL
    (most links in feeds). May raise ``ValueError`` as ``urljoin`` does."""
    if (
        url.startswith(("http://", "https://"))
        and _PLAIN_ABSOLUTE_RE.match(url)
        and not url.endswith(("?", "#", ";"))
        and "?#" not in url
        and ";?" not in url
        and ";#" not in url
    ):
        return url
    return urljoin(base, url)


def is_tracking_param(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """``url`` without tracking query parameters (``utm_*``, ``fbclid``…); otherwise unchanged."""
    if "?" not in url:  # no query (the common case): nothing to strip
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not is_tracking_param(k)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, quote_via=quote, safe="/:@!$'()*,;")))


def normalise_user_url(text: str, *, default_scheme: str = "https") -> tuple[str, bool]:
    """Turn what a user typed (or an OPML file held) into an absolute http(s) URL.

    Returns ``(url, added_scheme)``. ``feed://`` becomes ``https://``; a scheme-less
    ``example.com/feed`` gets ``default_scheme``. Raises ``UserInputError`` for anything that is
    not a web address.
    """
    raw = text.strip()
    if not raw:
        raise UserInputError("The URL is empty. Give the address of a feed or a web page.")
    added = False
    low = raw.lower()
    if low.startswith("feed://"):
        raw = "https://" + raw[len("feed://"):]
    elif low.startswith("feed:"):
        raw = raw[len("feed:"):]
    other = other_scheme(raw)
    if other:
        raise _unfetchable(text, _scheme_words(other))
    if raw.startswith("//"):
        raw = f"{default_scheme}:{raw}"
        added = True
    elif not _SCHEME_RE.match(raw):
        raw = f"{default_scheme}://{raw}"
        added = True
    try:
        parts = urlsplit(raw)
    except ValueError as err:  # an unclosed or invalid IPv6 host
        raise _unfetchable(text, host_words(err)) from err
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _unfetchable(text, _scheme_words(parts.scheme))
    try:
        port = parts.port
    except ValueError as err:
        given = parts.netloc.rpartition("@")[2].rpartition("]")[2].partition(":")[2]
        raise _unfetchable(text, f"its port {given!r} is no port number (1 to 65535)") from err
    host = (parts.hostname or "").rstrip(".")
    if not host or " " in host or (added and "." not in host and host != "localhost"):
        raise UserInputError(f"{text.strip()!r} is not a valid web address (no host name).")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    netloc = host
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password is not None:
            userinfo += f":{parts.password}"
        netloc = f"{userinfo}@{netloc}"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, parts.query, "")), added


def other_scheme(text: str) -> str | None:
    """The scheme of an address that names one without ``//`` (``mailto:x``, ``news:comp.lang``,
    ``javascript:…``: no web address), None for anything else (``intranet:8080/feed`` is a host
    and its port)."""
    match = _OTHER_SCHEME_RE.match(text.strip())
    return match.group(1).lower() if match else None


def _unfetchable(text: str, why: str) -> UserInputError:
    return UserInputError(f"{text.strip()!r} is not a web address Notify can fetch: {why}.")


def _scheme_words(scheme: str) -> str:
    return f"Notify reads only http:// and https:// addresses, not {scheme.lower()}: ones"


def host_words(err: ValueError) -> str:
    """What ``urlsplit`` found wrong with a host in brackets (an IPv6 address's), in words."""
    if str(err) == "Invalid IPv6 URL":
        return "a bracket of its host is not closed (an IPv6 address is written [::1])"
    if "IPv6" in str(err):  # "'zz' does not appear to be an IPv4 or IPv6 address"
        return "its host in brackets is no IPv6 address (one is written such as [::1])"
    return f"its host cannot be read ({err})"


def dedupe_key(url: str) -> str:
    """A key under which two spellings of the same feed URL compare equal: scheme, ``www.``,
    trailing slash, default port, fragment and case of the host are ignored."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip().lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:
        port = None
    port_s = f":{port}" if port and port not in (80, 443) else ""
    path = parts.path.rstrip("/") or ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port_s}{path}{query}"


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@dataclass(frozen=True)
class Login:
    """The ``user:password@`` part of an address (a feed behind a login), sent as HTTP Basic
    authentication as curl and browsers send it: the fetcher talks to its transport itself, so
    an address' user part alone reached no server (docs/privacy.md: kept in ``sources.url``)."""

    user: str
    password: str

    @property
    def header(self) -> str:
        """The ``Authorization`` header's value."""
        pair = f"{self.user}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    @property
    def secrets(self) -> tuple[str, ...]:
        """What no message or log line may show: the password, the header's encoded pair, and
        the user name when it is the secret (a token given as the user, no password)."""
        encoded = self.header.removeprefix("Basic ")
        return tuple(v for v in (self.password or self.user, encoded) if v)


Origin = tuple[str, str, "int | None"]
"""(scheme, host, port) of an address; the port None when it is the scheme's default."""


def origin_of(url: str) -> Origin | None:
    """``url``'s (scheme, host, port), the port None when it is the scheme's default; None for
    an address without a host or with a port that is no number."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), _port_or_none(scheme, port)


def _port_or_none(scheme: str, port: int | None) -> int | None:
    return None if port == _DEFAULT_PORTS.get(scheme) else port


def login_may_follow(old: Origin, new: Origin) -> bool:
    """Whether a login (``Authorization``, an address' ``user:password@``) sent to ``old`` may
    be sent on to ``new``, where ``old`` redirected or moved: the same origin (scheme, host and
    port), or the same host's upgrade from ``http`` on its default port to ``https`` on its
    default port, as ``requests`` allows (a site moving to HTTPS; the login then travels
    encrypted). Never to another host, another port, nor from https down to http: curl and
    httpx keep it only within the origin, and a site that answers ``http://USER:PASSWORD@host``
    with a redirect to ``https://host`` then asked for a login it had been given."""
    (old_scheme, old_host, old_port), (new_scheme, new_host, new_port) = old, new
    if old_host != new_host:
        return False
    if (old_scheme, old_port) == (new_scheme, new_port):
        return True
    return (old_scheme, old_port, new_scheme, new_port) == ("http", None, "https", None)


def keep_login(old: str, new: str) -> str:
    """``new`` (where ``old`` moved) with ``old``'s ``user:password@`` part when it has none of
    its own and the login may follow it there (``login_may_follow``: the same origin, or the
    same host's upgrade to https): a feed behind a login that moves within its site still
    needs the login (its next poll said 401), and a login is never carried to another host,
    another port, or from https to http."""
    try:
        was, now = urlsplit(old), urlsplit(new)
    except ValueError:
        return new
    if "@" not in was.netloc or "@" in now.netloc or not now.hostname:
        return new
    old_origin, new_origin = origin_of(old), origin_of(new)
    if old_origin is None or new_origin is None or not login_may_follow(old_origin, new_origin):
        return new
    userinfo = was.netloc.rsplit("@", 1)[0]
    return urlunsplit(now._replace(netloc=f"{userinfo}@{now.netloc}"))


def login_of(url: str) -> Login | None:
    """The login ``url`` carries in its ``user:password@`` part (or ``token@``), None without."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.username is None and parts.password is None:
        return None
    return Login(unquote(parts.username or ""), unquote(parts.password or ""))
