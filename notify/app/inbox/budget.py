"""Today's notification budget, as the person sees it: once the daily budget
(``notify.daily_budget``, stories a local day) is used and the policy left more stories silent
"over today's budget", the inbox's footer says so with the way to them (Show → Over today's
budget) and to a larger budget (Settings → Notifications), and the tray's tooltip says it too.
When the day turns, it goes.

``BudgetWatch`` reads the state on the inbox's reader thread (one look at today's items through
the ``first_seen`` index) when asked: at the start, after each round, when the settings changed,
when the person comes to Notify; and once at midnight while something is said, never on a timer
of its own otherwise (an idle Notify stays idle).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit
from notify.core import policy
from notify.core.policy_state import policy_settings
from notify.core.store import notifications as n_store

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("Budget", text)


@dataclass(frozen=True)
class Budget:
    """Today's budget: ``budget`` stories a day, ``used`` notified today, ``held`` more that
    today's policy left silent because the budget was used; ``day_ends``: the next local
    midnight (0: not read yet)."""

    budget: int = 0
    used: int = 0
    held: int = 0
    day_ends: float = 0.0

    @property
    def spent(self) -> bool:
        """The budget is used and stories were left out for it: what the person must see."""
        return self.held > 0 and self.used >= self.budget


def next_midnight(now: float) -> float:
    day = dt.datetime.fromtimestamp(now).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time()).timestamp()


def budget_state(conn: sqlite3.Connection, now: float | None = None) -> Budget:
    """Today's budget as stored: the setting, the stories notified since midnight (as the
    policy counts them) and the stories left silent over it."""
    now = time.time() if now is None else now
    settings = policy_settings(conn)
    start = policy.day_start(now, settings.utc_offset_s)
    used = n_store.stories_since(conn, start)
    held = conn.execute(
        "SELECT COUNT(DISTINCT COALESCE(i.group_key, 'item:' || i.id)) FROM items i "
        f"WHERE {query.OVER_BUDGET_TODAY}", query.over_budget_params(now)).fetchone()[0]
    return Budget(settings.daily_budget, used, int(held), next_midnight(now))


def used_words(state: Budget) -> str:
    """"Today's 10 notifications are used: 3 more stories you may like were not notified"."""
    used = (tr("Today's 1 notification is used") if state.budget == 1
            else tr("Today's {0} notifications are used").format(state.budget)
            if state.budget else tr("Your daily budget is 0 notifications"))
    more = (tr("1 more story you may like was not notified") if state.held == 1
            else tr("{0} more stories you may like were not notified").format(state.held))
    return f"{used}: {more}"


def footer_text(state: Budget) -> str:
    """The footer's line (rich text): the fact, then the two ways on."""
    return tr("{0} · <a href=\"over-budget\">Show them</a> · "
              "<a href=\"budget\">Raise the budget</a>").format(used_words(state))


def tray_text(state: Budget) -> str:
    return tr("{0} (the inbox's Show → Over today's budget lists them)").format(
        used_words(state))


class BudgetWatch(QObject):
    """Reads today's budget when asked (``read``); ``changed`` gives the new ``Budget``."""

    changed = Signal(object)

    def __init__(self, reader: Reader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.state = Budget()
        self._midnight = QTimer(self)  # while the line shows: it goes when the day turns
        self._midnight.setSingleShot(True)
        self._midnight.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._midnight.timeout.connect(self.read)

    def read(self) -> None:
        self.reader.submit(budget_state, self._got,
                           lambda message: log.warning("today's budget unknown: %s", message),
                           owner=self)

    def _got(self, state: Budget) -> None:
        self._midnight.stop()
        if state.spent:
            left_ms = (state.day_ends - time.time()) * 1000 + 1000
            self._midnight.start(int(min(max(left_ms, 1000), 2**31 - 1)))
        if state != self.state:
            self.state = state
            emit(self.changed, state)
