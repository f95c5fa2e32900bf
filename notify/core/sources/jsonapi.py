"""Any JSON API: JMESPath expressions pick the list of items and each field.

    notify sources add --kind json https://lobste.rs/newest.json \\
        --option items=@ --option fields.id=short_id --option fields.link=url \\
        --option fields.author=submitter_user.username --option fields.published=created_at

Settings: ``items`` (the list, default ``@``: the whole answer), ``fields`` (one expression per
field: id, title, link, summary, author, published, tags), ``headers`` (extra request headers,
never a token), and ``token_ref`` with ``token_header``/``token_prefix`` for a keyring token.
Conditional GET with the stored validators; ``x-ratelimit-remaining``/``-reset`` on any answer are
obeyed (``apihelpers.server_interval``); ``notify sources preview`` shows what a mapping yields
before saving.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import jmespath
import jmespath.exceptions

from notify.core.errors import Advised, SourceConfigError
from notify.core.fetch.outcomes import Failed, NotModified, Request
from notify.core.logs import redact
from notify.core.models import ItemDraft, Source, SourceState
from notify.core.sources import apihelpers as api
from notify.core.sources.address import split_address
from notify.core.sources.base import (
    AddressDoc,
    PollContext,
    PollResult,
    Setting,
    SettingType,
    SourceKind,
    with_login,
)
from notify.core.sources.htmltext import clean_html, html_to_text

log = logging.getLogger(__name__)
FIELDS = ("id", "title", "link", "summary", "author", "published", "tags")
EXAMPLE = "https://lobste.rs/newest.json"  # an address to give, in the words about it
DEFAULT_FIELDS: dict[str, str] = {
    "id": "id || guid || uuid",
    "title": "title || name || headline",
    "link": "url || link || html_url || permalink",
    "summary": "summary || description || content_html || content || content_text || body",
    "author": "author || authors || by || user",
    "published": "published || published_at || date_published || created_at || date || time",
    "tags": "tags || categories || labels",
}
_FORBIDDEN_HEADERS = {
    "authorization", "cookie", "proxy-authorization", "x-api-key", "private-token"
}
MAX_ITEMS = 200


def _compile(expression: str, what: str) -> Any:
    try:
        return jmespath.compile(expression)
    except jmespath.exceptions.JMESPathError as err:
        raise SourceConfigError(
            f"The JMESPath expression for {what} ({expression!r}) is not valid: {err}. See "
            "https://jmespath.org for the syntax."
        ) from err


class JsonApi(SourceKind):
    id = "json"
    label = "JSON API"
    description = (
        "Any web API answering JSON: JMESPath expressions pick the list of items and each "
        "field (id, title, link, summary, author, published, tags)."
    )
    settings = (
        Setting("items", "Items (JMESPath)", SettingType.TEXT, default="@",
                help="expression for the list of items, e.g. 'features' or 'data.children[].data'"),
        Setting("fields", "Fields (JMESPath per field)", SettingType.MAPPING, default={},
                help="keys: " + ", ".join(FIELDS) + "; unset fields use common names"),
        Setting("headers", "Extra request headers", SettingType.MAPPING, default={},
                help="e.g. Accept; never a token (use the token setting)"),
        Setting("token_ref", "Token", SettingType.SECRET, help="kept in the system keyring"),
        Setting("token_header", "Token header", SettingType.TEXT, default="Authorization"),
        Setting("token_prefix", "Token prefix", SettingType.TEXT, default="Bearer ",
                help="text before the token in its header ('Bearer ', 'token ', or empty)"),
    )
    address = AddressDoc(
        placeholder="Address of the JSON API",
        example=f"e.g. {EXAMPLE}; the settings below say where its items and their fields are",
        what="the address of the JSON API",
    )
    default_interval_s = 1800
    min_interval_s = 300
    host_limit: int | None = None

    def normalise(self, url: str, settings: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        text = (url or "").strip()
        parts = split_address(text, f"Give {self.address.what}, e.g. {EXAMPLE}.")
        if not text:
            raise SourceConfigError(f"Give {self.address.what}, e.g. {EXAMPLE}.")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceConfigError(
                f"{text!r} is not an http(s) address of a JSON API. Give {self.address.what}, "
                f"e.g. {EXAMPLE}."
            )
        out = dict(settings)
        out["items"] = str(out.get("items") or "@")
        _compile(out["items"], "items")
        fields = _mapping(out, "fields", "title=data.name")
        unknown = sorted(set(fields) - set(FIELDS))
        if unknown:
            raise SourceConfigError(
                f"Unknown JSON field(s) {', '.join(unknown)}; the fields are {', '.join(FIELDS)}."
            )
        for name, expression in fields.items():
            _compile(str(expression), f"field {name}")
        out["fields"] = {k: str(v) for k, v in fields.items()}
        headers = {str(k): str(v)
                   for k, v in _mapping(out, "headers", "Accept=application/json").items()}
        bad = sorted(h for h in headers if h.lower() in _FORBIDDEN_HEADERS)
        if bad:
            raise SourceConfigError(
                f"Header {bad[0]} carries a credential;", self.type_token(),
                self.set_option("token_header"),
                form="{0} {1} instead (and {2} if it is not Authorization), so it stays in the "
                "keyring.")
        out["headers"] = headers
        out.setdefault("token_header", "Authorization")
        out.setdefault("token_prefix", "Bearer ")
        return text, out

    def default_title(self, url: str, settings: Mapping[str, Any]) -> str:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]  # never the login an address may hold
        return f"{host}{parts.path}".rstrip("/")

    async def poll(self, ctx: PollContext, source: Source, state: SourceState) -> PollResult:
        what = "JSON API"
        token = api.token_for(ctx, source, what)
        if isinstance(token, Failed):
            return PollResult(outcome=token)
        headers = {"Accept": "application/json", **dict(source.settings.get("headers") or {})}
        if token:
            header = str(source.settings.get("token_header") or "Authorization")
            headers[header] = f"{source.settings.get('token_prefix', 'Bearer ')}{token}"
        # an address' user:password@ is sent too (HTTP Basic), unless the token is the
        # Authorization
        outcome = await ctx.fetch(with_login(Request(
            url=source.url, headers=headers, etag=state.etag, last_modified=state.last_modified,
            secret_values=(token,) if token else ())))
        if isinstance(outcome, Failed):
            return PollResult(outcome=explain(api.with_rate_limit(outcome, ctx.now), what, source,
                                              token=bool(token)))
        wait = api.server_interval(outcome.headers, ctx.now)
        if isinstance(outcome, NotModified):
            return PollResult(outcome=outcome, min_interval_s=wait)
        data = api.decode_json(outcome, what)
        if isinstance(data, Failed):
            return PollResult(outcome=data)
        try:
            drafts, warnings = map_items(data, source.settings, base_url=outcome.url)
        except SourceConfigError as err:
            return PollResult(outcome=api.parse_failed(outcome, what, str(err)))
        return PollResult(outcome=outcome, items=drafts, warnings=tuple(warnings),
                          min_interval_s=wait)


def map_items(
    data: Any, settings: Mapping[str, Any], *, base_url: str = ""
) -> tuple[tuple[ItemDraft, ...], list[str]]:
    """Apply the mapping to a decoded answer. Raises SourceConfigError if no list is found."""
    expression = str(settings.get("items") or "@")
    rows = _compile(expression, "items").search(data)
    if rows is None:
        raise SourceConfigError(f"the items expression {expression!r} found nothing")
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list):
        raise SourceConfigError(
            f"the items expression {expression!r} gave a {type(rows).__name__}, not a list"
        )
    fields = {**DEFAULT_FIELDS, **dict(settings.get("fields") or {})}
    compiled = {name: _compile(expr, f"field {name}") for name, expr in fields.items()}
    drafts: list[ItemDraft] = []
    skipped = 0
    for row in rows[:MAX_ITEMS]:
        draft = _draft(row, compiled, base_url)
        if draft is None:
            skipped += 1
        else:
            drafts.append(draft)
    warnings = []
    if skipped:
        warnings.append(f"{skipped} of {len(rows)} items had neither a title nor a link; skipped.")
    if len(rows) > MAX_ITEMS:
        warnings.append(f"the answer held {len(rows)} items; only the first {MAX_ITEMS} are read.")
    return tuple(drafts), warnings


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def _mapping(settings: Mapping[str, Any], key: str, example: str) -> dict[str, Any]:
    """A ``MAPPING`` setting as a dict, or a ``SourceConfigError`` saying how to give it."""
    value = settings.get(key) or {}
    if not isinstance(value, Mapping):
        name, _, example_value = example.partition("=")
        raise SourceConfigError(
            f"JSON API setting {key} must be names with values, not {type(value).__name__} "
            f"{redact(str(value))[:80]!r}: give each as",
            KIND.set_option(f"{key}.{name}", example_value))
    return dict(value)


def _draft(row: Any, compiled: Mapping[str, Any], base_url: str) -> ItemDraft | None:
    got = {name: expr.search(row) for name, expr in compiled.items()}
    title = html.unescape(_scalar(got["title"]))
    link = _scalar(got["link"])
    if link:
        try:
            link = urljoin(base_url, link) if base_url else link
            if urlsplit(link).scheme not in ("http", "https"):
                link = ""
        except ValueError:  # ``http://[::1``: no link, but the item is read all the same
            log.debug("JSON API %s: an item's link %r is no address; left out",
                      redact(base_url), redact(link)[:200])
            link = ""
    if not title and not link:
        return None
    summary = got["summary"]
    summary_html = clean_html(summary) if isinstance(summary, str) else ""
    when = got["published"]
    published = None if isinstance(when, dict | list) else api.parse_time(when)
    ident = _scalar(got["id"]) or link
    if not ident:
        ident = "h:" + hashlib.sha256(f"{title}\n{published}".encode()).hexdigest()[:24]
    return ItemDraft(
        key=ident,
        title=title or link,
        link=link or None,
        summary_html=summary_html,
        summary_text=html_to_text(summary_html),
        authors=api.text_list(got["author"]),
        tags=api.text_list(got["tags"]),
        published=published,
    )


KIND = JsonApi()


def explain(failed: Failed, what: str, source: Source, *, token: bool) -> Failed:
    """A refusal (401/403) of a JSON API with what to do, for a source with a token or without
    one; other failures as the fetcher said them."""
    if not api.is_refusal(failed):
        return failed
    header = str(source.settings.get("token_header") or "Authorization")
    prefix = str(source.settings.get("token_prefix", "Bearer "))
    sent = f"sent as “{header}: {prefix}…”; the token header and prefix settings change that"
    if token:
        return api.refused(failed, what, Advised.of(
            f"The API refused the token ({sent}): it may be expired or revoked; ",
            api.give_token_again(source.id), "."))
    return api.refused(failed, what, Advised.of(
        f"The API may need a token ({sent}): ", api.give_token(source.id), "."))
