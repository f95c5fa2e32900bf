"""The engine's settings calls, and the settings as the engine last saw them.

Another process may change the settings while the engine runs (``notify pause`` while the app
is open): what the engine last read is kept here (``_settings_seen``), so that a look now says
which keys changed (``SettingsChanged``). ``EngineRounds`` (``engine_rounds``) looks when a
round starts; ``Engine`` reads them first when it starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notify.core.engine_resources import EngineResources, locked
from notify.core.errors import UserInputError
from notify.core.events import SettingsChanged
from notify.core.settings import check_together, coerce
from notify.core.store import settings as settings_repo
from notify.core.store.sources import transaction


class EngineSettings(EngineResources):
    # the settings as this engine last saw them (``check_settings``); None: not read yet (an
    # instance's own value replaces this default at its first read)
    _settings_seen: dict[str, Any] | None = None

    def wake(self) -> None:
        """Re-plan what depends on the settings and sources now (after a resume from suspend,
        network up, settings). Nothing here: ``EngineRounds`` re-plans its schedule."""

    @locked
    def setting(self, key: str) -> Any:
        return settings_repo.read(self.conn, key)

    @locked
    def quiet_hours(self) -> Any:
        """``policy_state.QuietHours`` now: on or not, until when, when that changes next."""
        from notify.core import policy_state

        return policy_state.quiet_hours(self._clock(), policy_state.policy_settings(self.conn))

    def set_setting(self, key: str, value: Any) -> Any:
        return self.set_settings({key: value})[key]

    def set_settings(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and store settings together (rules across options, e.g. quiet hours that
        would start when they end, see the result of all of them); returns the stored values.
        Raises ``UserInputError`` and stores none when one is refused."""
        with self._db_lock:
            elsewhere = self._settings_changed()  # by another process since the last look
            values = dict(self._settings_seen or {})
            try:
                clean = {key: coerce(key, value) for key, value in changes.items()}
                check_together({**values, **clean}, clean)
            except ValueError as err:
                raise UserInputError(str(err)) from err
            with transaction(self.conn):
                stored = {key: settings_repo.write(self.conn, key, value)
                          for key, value in clean.items()}
            self._settings_seen = {**values, **stored}
            here = tuple(k for k, v in stored.items() if values.get(k) != v)
            changed = tuple(dict.fromkeys(elsewhere + here))
        self.wake()
        if changed:
            self.emit(SettingsChanged(changed))
        return stored

    def check_settings(self) -> tuple[str, ...]:
        """Have the settings changed since this engine last read them (another process:
        ``notify pause`` while the app runs)? Then ``SettingsChanged`` says which, and the
        schedule is planned again (a resumed pause may let a held digest out). A round asks
        too, when it starts; the app asks when its menu or inbox is opened. No timer of its
        own: an idle app stays idle."""
        with self._db_lock:
            changed = self._settings_changed()
        if changed:
            self.wake()
            self.emit(SettingsChanged(changed))
        return changed

    def _read_settings(self) -> None:
        """Read the settings that later looks are compared with (``Engine.start``)."""
        with self._db_lock:
            self._settings_seen = settings_repo.read_all(self.conn)

    def _settings_changed_since_start(self) -> tuple[str, ...]:
        """The keys another process changed, for a running engine (``start``: the app); a
        one-off round (``notify poll``) has no one to tell. Call with the lock held."""
        return self._settings_changed() if self._settings_seen is not None else ()

    def _settings_changed(self) -> tuple[str, ...]:
        """The keys whose values differ from the last read (none at the first read, which
        only sets what later reads are compared with)."""
        now = settings_repo.read_all(self.conn)
        seen, self._settings_seen = self._settings_seen, now
        if seen is None:
            return ()
        return tuple(k for k, v in now.items() if seen.get(k) != v)
