"""Notify's exceptions, in one tree.

    NotifyError                      root: every error Notify raises on purpose
    ├── UserInputError               a bad argument from the user (URL, file, id); one clear line
    │   ├── UnknownSourceError       no source with that id
    │   └── UnknownItemError         no item with that id
    ├── SourceConfigError            a source's settings are invalid (names the setting and the fix)
    ├── StoreError                   the database cannot be used
    │   ├── DatabaseTooNewError      written by a newer Notify; refused, never downgraded
    │   ├── DatabaseLockedError      another process holds the write lock
    │   └── DatabaseCorruptError     integrity check failed / not a database
    ├── SecretStoreError             the OS keyring is missing, locked or does not answer
    ├── OpmlError                    an OPML file could not be read at all
    └── ProfileFileError             a profile file does not validate (lists what is wrong)

Fetch failures are *not* exceptions: the fetcher returns typed outcomes
(``notify.core.fetch.outcomes``) so that one broken source never aborts a round.
Every message is written for the user: what failed, for which source, what to do.
"""

from __future__ import annotations


class NotifyError(Exception):
    """Root of Notify's own errors. ``str(err)`` is a user-facing sentence."""


class UserInputError(NotifyError):
    """The user gave something Notify cannot use (bad URL, unreadable file, unknown id)."""


class UnknownSourceError(UserInputError):
    def __init__(self, source_id: object) -> None:
        super().__init__(
            f"No source with id {source_id!s}. Run 'notify sources list' to see the ids."
        )


class UnknownItemError(UserInputError):
    def __init__(self, item_id: object) -> None:
        super().__init__(f"No item with id {item_id!s}. Run 'notify items' to see the ids.")


class SourceConfigError(NotifyError):
    """A source's settings are invalid."""


class StoreError(NotifyError):
    """The database cannot be opened or used."""


class DatabaseTooNewError(StoreError):
    pass


class DatabaseLockedError(StoreError):
    pass


class DatabaseCorruptError(StoreError):
    pass


class SecretStoreError(NotifyError):
    """The OS keyring is unavailable, locked, or did not answer in time."""


class OpmlError(NotifyError):
    pass


class ProfileFileError(NotifyError):
    """A profile file failed validation; ``problems`` lists each issue in words."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        detail = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(message + detail)
