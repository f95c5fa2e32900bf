"""``notify rank --jsonl``: the ranking-evaluation process contract (eval PROTOCOL.md §6).

One JSON request per line on stdin, one reply per line on stdout, strictly in order; logs go to
stderr. It drives the real code path: the SQLite profile in ``--data-dir``, the real features
and learner (``RankingService``), and the real policy's choice of what to notify (``notify`` in
the reply: one entry per story, the policy's daily budget set from ``hello``).

Time: each ``rank`` request is one day of the stream. The process keeps a clock that starts at
``EPOCH`` and moves one day per ``rank``, so forgetting and exploration see days pass as they
would in the app.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any, TextIO

from notify.core.errors import NotifyError

log = logging.getLogger(__name__)

EPOCH = 1_700_000_000.0
DAY = 86400.0
OPS = ("hello", "onboard", "rank", "feedback", "explain", "profile", "close")


class BadRequest(ValueError):
    """A request that is not what the contract takes (not JSON, no object, a field missing):
    its error reply says what was wrong, in words, and the log has no traceback for it."""


def field(req: dict[str, Any], key: str) -> Any:
    """``req[key]``, or ``BadRequest`` naming the request and the field it lacks."""
    if key not in req:
        raise BadRequest(f"{req.get('op')!r} needs {key!r} (docs/ranking.md, the outside "
                         "protocol)")
    return req[key]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rank", help="rank items from stdin (JSON Lines; the evaluation contract)",
        description="Speak the ranking evaluation's contract: one JSON request a line on "
        "standard input (hello, onboard, rank, feedback, explain, profile, close), one JSON "
        "reply a line on standard output, on the real profile in the data folder "
        "(docs/cli.md, docs/ranking.md).")
    parser.add_argument("--jsonl", action="store_true", required=True,
                        help="speak the JSON Lines request/reply contract on stdin/stdout")
    parser.set_defaults(func=cmd_rank)


def cmd_rank(args: argparse.Namespace) -> int:
    from notify.core import paths

    # A data folder that cannot be one (a file in the way, no access) is the caller's mistake,
    # said once at the start (status 2), not as an error reply to every request.
    paths.resolve(args.data_dir).check()
    return serve(args.data_dir, sys.stdin, sys.stdout)


class Session:
    """One evaluation session over one data dir (one simulated person)."""

    def __init__(self, data_dir: str | None) -> None:
        from notify import __version__
        from notify.core import paths
        from notify.core.store import db

        self.paths = paths.resolve(data_dir).ensure()
        self.conn = db.connect(self.paths.db)
        self.version = __version__
        self.now = EPOCH
        self.service: Any = None

    def hello(self, req: dict[str, Any]) -> dict[str, Any]:
        from notify.core import policy
        from notify.core.ranking.service import RankingService
        from notify.core.store import settings as settings_store
        from notify.core.store.sources import transaction

        with transaction(self.conn):
            settings_store.write(self.conn, "notify.daily_budget", int(req.get("budget", 10)))
        self.service = RankingService(self.conn)
        self.now = EPOCH + self.service.profile.meta.get("rounds", 0) * DAY
        with transaction(self.conn):
            self.service.profile.meta.setdefault("seed", int(req.get("seed", 0)))
            self.service.profile.save_meta()
        theta = policy.threshold(self.service.settings.sensitivity)
        return {"ok": True, "name": f"notify {self.version}", "threshold": round(theta, 4)}

    def onboard(self, req: dict[str, Any]) -> dict[str, Any]:
        from notify.core.errors import UserInputError
        from notify.core.ranking.profile import Term, parse_term

        terms: list[Term] = []
        for entry in req.get("interests") or []:
            try:
                terms.append(parse_term(f"{entry['kind']}:{entry['value']}"))
            except (KeyError, TypeError, UserInputError) as err:
                log.warning("onboarding: skipped interest %r (%s)", entry, err)
        self.service.onboard(terms, self.now)
        return {"ok": True}

    def rank(self, req: dict[str, Any]) -> dict[str, Any]:
        from notify.core.models import Decision
        from notify.core.store import db
        from notify.core.store.sources import transaction

        self.now += DAY
        texts = [to_text(it) for it in req.get("items") or []]
        with transaction(self.conn):
            ranked = self.service.rank_texts(texts, self.now)
        db.checkpoint(self.conn)  # after the round, as the engine does (``db.checkpoint``)
        budget = int(req.get("budget", 10))
        chosen = [i for i, r in enumerate(ranked) if r.choice.decision is Decision.NOTIFY
                  and r.choice.lead is None]
        return {"scores": [round(r.p, 6) for r in ranked], "notify": chosen[:budget]}

    def feedback(self, req: dict[str, Any]) -> dict[str, Any]:
        from notify.core.store.sources import transaction

        with transaction(self.conn):
            self.service.learn_text(to_text(field(req, "item")), str(field(req, "label")),
                                    self.now)
        return {"ok": True}

    def explain(self, req: dict[str, Any]) -> dict[str, Any]:
        exp = self.service.explain_text(to_text(field(req, "item")), self.now)
        return {"features": [[n, c] for n, c in exp.features], "summary": exp.summary()}

    def profile(self, req: dict[str, Any]) -> dict[str, Any]:
        return {"bytes": self.service.profile.size_bytes()}

    def close(self) -> None:
        self.conn.close()


def request(line: str) -> dict[str, Any]:
    """One request line: a JSON object with its ``op``; anything else is a ``BadRequest``."""
    try:
        req = json.loads(line)
    except json.JSONDecodeError as err:
        raise BadRequest(f"not JSON ({err.msg} at column {err.colno}): each line is one "
                         'request, a JSON object such as {"op": "hello"}') from err
    if not isinstance(req, dict) or not isinstance(req.get("op"), str):
        raise BadRequest('each line is one request, a JSON object with its "op": one of '
                         f"{', '.join(OPS)}")
    return req


def to_text(item: dict[str, Any]) -> Any:
    from notify.core.ranking.features import ItemText

    if not isinstance(item, dict):
        raise BadRequest(f"an item is a JSON object (title, summary, source, group, authors, "
                         f"tags, link), not {json.dumps(item)[:40]}")
    return ItemText(
        title=str(item.get("title") or ""),
        summary=str(item.get("summary") or ""),
        source=str(item.get("source") or ""),
        group=str(item.get("group") or ""),
        authors=tuple(str(a) for a in item.get("authors") or ()),
        tags=tuple(str(t) for t in item.get("tags") or ()),
        link=item.get("link") or None,
    )


def serve(data_dir: str | None, stdin: TextIO, stdout: TextIO) -> int:
    session: Session | None = None
    for line in stdin:
        line = line.rstrip("\r\n")  # as logged too: one log line a request, not its line end
        if not line.strip():
            continue
        try:
            req = request(line)
            op: str = req["op"]
            if session is None:
                session = Session(data_dir)
                if op != "hello":
                    session.hello({})
            if op == "close":
                stdout.write(json.dumps({"ok": True}) + "\n")
                stdout.flush()
                session.close()
                return 0
            handler = {"hello": session.hello, "onboard": session.onboard,
                       "rank": session.rank, "feedback": session.feedback,
                       "explain": session.explain, "profile": session.profile}.get(op)
            if handler is None:
                reply: dict[str, Any] = {"error": f"unknown op {op!r}"}
            else:
                reply = handler(req)
        except BadRequest as err:  # the caller's mistake, said in its reply: no traceback
            log.warning("rank --jsonl: request refused: %.200s: %s", line, err)
            reply = {"error": str(err)}
        except NotifyError as err:  # a user-facing message: no traceback to add to it
            log.error("rank --jsonl: request failed: %.200s: %s", line, err)
            reply = {"error": f"{type(err).__name__}: {err}"}
        except Exception as err:  # every failure becomes an error reply, logged with context
            log.exception("rank --jsonl: request failed: %.200s", line)
            reply = {"error": f"{type(err).__name__}: {err}"}
        stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        stdout.flush()
    if session is not None:
        session.close()
    return 0
