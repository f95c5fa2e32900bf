"""The contract of a source kind: a few functions and a declaration of its settings.

A kind never touches SQLite or the UI. It is handed a ``PollContext`` (the fetcher, the
secret store, a way to run CPU work off the event loop) and returns a ``PollResult``.
Settings are declared once (``Setting``), and so are the words that say what address the kind
takes (``AddressDoc``); the CLI, the settings window and the docs read them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from notify.core.errors import Advice, Remedy, SourceConfigError
from notify.core.fetch.outcomes import Failed, NotModified, Outcome, Request, Updated
from notify.core.models import ItemDraft, Source, SourceState
from notify.core.urls import login_of

T = TypeVar("T")


class SettingType(StrEnum):
    TEXT = "text"
    URL = "url"
    INT = "int"
    BOOL = "bool"
    CHOICE = "choice"
    SECRET = "secret"  # the value lives in the keyring; settings keep only a reference id
    MAPPING = "mapping"  # str -> str (e.g. JSONPath per field, extra headers)


@dataclass(frozen=True)
class Setting:
    """One setting of a kind. ``applies_when``: it applies only while another setting (by key)
    has one of these values (Mastodon's hashtag: only for the tag timeline), ``("timeline",
    ("tag",))``; the settings window disables its field otherwise and sends no value for it,
    ``notify sources kinds`` says so (``applies_text``)."""

    key: str
    label: str
    type: SettingType = SettingType.TEXT
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    help: str = ""
    applies_when: tuple[str, tuple[Any, ...]] | None = None

    def applies(self, values: Mapping[str, Any]) -> bool:
        """Whether this setting applies when the kind's settings are ``values`` (the one it
        depends on not given: it does not apply)."""
        if self.applies_when is None:
            return True
        key, wanted = self.applies_when
        return values.get(key) in wanted

    @property
    def applies_text(self) -> str:
        """"only when timeline is tag" ("" for a setting that always applies)."""
        if self.applies_when is None:
            return ""
        key, wanted = self.applies_when
        return f"only when {key} is {' or '.join(str(v) for v in wanted)}"


@dataclass(frozen=True)
class AddressDoc:
    """What a kind's address is, in a person's words: Settings → Sources' "Add a source" shows
    them at its address field, ``notify sources kinds`` beside the kind. Whether an address may
    be empty is the kind's ``normalise``'s own answer (``address.takes``), never declared here.

    ``made_from_settings``: the kind takes no address at all (Hacker News: its list is a
    setting); ``example`` then says so, and there is no field to type in."""

    placeholder: str = ""  # the empty field's text: what to type there
    example: str = ""  # "e.g. …", under the field and in ``notify sources kinds``
    what: str = ""  # what to give, in a sentence: "Type {what} first."
    made_from_settings: bool = False


class Fetch(Protocol):
    async def __call__(self, request: Request) -> Outcome: ...


class NeedsPageLookup(SourceConfigError):
    """``normalise`` cannot turn the address into the kind's own without reading a web page
    (a YouTube handle). The caller that may use the network (``subscriptions.look_up``, when a
    source is added) fetches ``page_url`` and asks ``find(body)`` for the address; ``str()`` is
    the advice for a caller that may not."""

    def __init__(
        self, message: str, page_url: str, find: Callable[[bytes], str | None], what: str
    ) -> None:
        super().__init__(message)
        self.page_url = page_url
        self.find = find
        self.what = what  # "the channel's ID": what the page is searched for, in the error


class SecretLookup(Protocol):
    def __call__(self, ref: str) -> str: ...  # raises SecretStoreError


@dataclass(frozen=True)
class PollContext:
    fetch: Fetch
    secret: SecretLookup
    run_cpu: Callable[..., Awaitable[Any]]  # await run_cpu(fn, *args) off the event loop
    now: float


@dataclass(frozen=True)
class PollResult:
    """What one poll of one source produced.

    ``outcome`` is the primary request's (its validators are stored for the next conditional
    GET). ``items`` are drafts in the source's order (newest first when known). ``cursor`` is the
    kind's own state for the next poll. ``min_interval_s`` is the server's or document's demand
    (``<ttl>``, ``sy:updatePeriod``, ``Cache-Control: max-age``, ``X-Poll-Interval``, a spent
    rate limit's wait until its reset: ``apihelpers.server_interval``…); 0 when the server says
    it demands nothing now (a 304 otherwise keeps the last poll's demand). ``server_wait_s`` is
    a wait the server imposes after this poll that not even a round the user forces may cut
    short (GitHub's ``X-Poll-Interval``): stored as ``SourceState.server_retry_at``, the way a
    failure's ``Retry-After`` is.
    """

    outcome: Updated | NotModified | Failed
    items: tuple[ItemDraft, ...] = ()
    cursor: Mapping[str, Any] | None = None  # None: keep the old cursor
    min_interval_s: int | None = None
    title: str | None = None  # the source's own name, to fill an empty title
    html_url: str | None = None
    warnings: tuple[str, ...] = ()
    server_wait_s: int | None = None


SERVER_NAME = "The server"  # ``SourceKind.server_name`` of a kind whose servers are anyone's


class SourceKind(Protocol):
    """One kind of source. Implementations are modules' singletons listed in ``registry``; each
    kind's class subclasses this one, so that it has the defaults declared here
    (``server_name``) and mypy checks it against the whole contract."""

    id: str  # stable, stored in the database; never rename
    label: str
    description: str
    settings: tuple[Setting, ...]
    address: AddressDoc | None  # None: no words, a plain "Address" (``address.doc_of``)
    default_interval_s: int
    min_interval_s: int
    host_limit: int | None  # per-host concurrency, None: the fetcher's default
    server_name: str = SERVER_NAME
    """Who asks Notify to wait between polls (``PollResult.server_wait_s``), as a sentence
    starts with it: "GitHub asks Notify to wait 60 s between polls" (a round the user forces
    says so for the source it skips). A kind whose servers are anyone's keeps the default, "The
    server"; one of a single service names it ("GitHub")."""

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """Validate user input; return the canonical URL and settings. Raises SourceConfigError."""
        ...

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str: ...

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult: ...

    def set_option(self, key: str, value: str = "") -> Advice:
        """The advice to give this kind's setting ``key`` (a mapping's entry: ``fields.id``)
        ``value`` (an example; "a|b": one of these; "": any), for its errors: each front end
        says it in its words (``--option key=value``; the app: the field's label)."""
        return Advice(Remedy.SET_OPTION, kind=self.id, setting=key, value=value)

    def type_token(self) -> Advice:
        """The advice to give this kind's token (``--token-stdin``; the app: its field)."""
        return Advice(Remedy.TYPE_TOKEN, kind=self.id)


async def run_sync(ctx: PollContext, fn: Callable[..., T], *args: Any) -> T:
    result: T = await ctx.run_cpu(fn, *args)
    return result


def conditional(source: Source, state: SourceState, **kw: Any) -> Request:
    """A conditional GET of the source's URL using the stored validators (with the login its
    address carries: ``with_login``)."""
    return with_login(Request(url=source.url, etag=state.etag, last_modified=state.last_modified,
                              **kw))


def with_login(request: Request) -> Request:
    """``request`` with the login its address carries (``user:password@``) as HTTP Basic
    authentication, unless it sends an ``Authorization`` of its own (a kind's token); the
    fetcher drops it at a redirect to another host and redacts it everywhere."""
    login = login_of(request.url)
    if login is None or any(k.lower() == "authorization" for k in request.headers):
        return request
    return replace(request, headers={**request.headers, "Authorization": login.header},
                   secret_values=(*request.secret_values, *login.secrets))


__all__ = [
    "SERVER_NAME",
    "AddressDoc",
    "Failed",
    "NotModified",
    "PollContext",
    "PollResult",
    "Request",
    "Setting",
    "SettingType",
    "SourceKind",
    "Updated",
    "conditional",
    "field",
    "with_login",
]
