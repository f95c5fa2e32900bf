"""The line under Settings → Sources' list: how many sources it shows of how many, how many
are failing or disabled ("12 of 40 sources shown · 2 failing · 1 disabled").

Each source's status word is kept, tallied by word, as its row is shown or dropped: the line
is said again from the tallies, never by counting the rows (1,000 of them)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from notify.app.settings.source_health import disabled_word, failing_word


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


class StatusTally:
    """Each source's status word (``source_health.status_word``), and how many have each."""

    def __init__(self) -> None:
        self._status: dict[int, str] = {}  # source id -> status word
        self._tally: dict[str, int] = {}  # status word -> how many sources have it

    def set(self, source_id: int, status: str | None) -> None:
        """The source's status word now (None: it is gone)."""
        old = self._status.pop(source_id, None)
        if old is not None:
            self._tally[old] -= 1
        if status is not None:
            self._status[source_id] = status
            self._tally[status] = self._tally.get(status, 0) + 1

    def of(self, source_id: int) -> str | None:
        return self._status.get(source_id)

    def line(self, total: int, shown: int) -> str:
        """The count line, for ``shown`` of ``total`` sources shown."""
        number = QLocale().toString
        failing = self._tally.get(failing_word(), 0)
        disabled = self._tally.get(disabled_word(), 0)
        head = (tr("{0} of {1} sources shown").format(number(shown), number(total))
                if shown != total else
                tr("1 source") if total == 1 else tr("{0} sources").format(number(total)))
        parts = [head]
        if failing:
            parts.append(tr("{0} failing").format(number(failing)))
        if disabled:
            parts.append(tr("{0} disabled").format(number(disabled)))
        return " · ".join(parts)
