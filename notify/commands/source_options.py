"""What the command line says of a source's settings: ``--option KEY=VALUE`` for the settings
its kind declares (``sources/base.py`` ``Setting``), ``--interval`` in minutes, and a stand-in
for each token until ``--token-stdin`` has read it. Used by ``sources add``, ``sources edit``
and ``sources preview``.
"""

from __future__ import annotations

import argparse
import logging
import math
from typing import Any

from notify.core.errors import NotifyError, UserInputError
from notify.core.sources import registry
from notify.core.sources.base import Setting, SettingType, SourceKind

log = logging.getLogger(__name__)


def minutes(text: str) -> float:
    """``--interval``: a positive number of minutes (the core checks it against the minimum)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"give a number of minutes (got {text!r})")
    return value


def interval_help(kind_id: str = "feed") -> str:
    """``--interval``'s help: defaults and minimums are each kind's (read from the registry)."""
    kind = registry.get(kind_id)
    return (f"minutes between polls; without it, the kind's default. Each kind has its own "
            f"default and minimum ({kind.id}: {kind.default_interval_s / 60:g}, at least "
            f"{kind.min_interval_s / 60:g}; the others: 'notify sources kinds')")


class Interval(argparse.Action):
    """``--interval MIN`` (stored as given, ``type`` converting it), whose help quotes the feed
    kind's numbers (``interval_help``) and is written only when it is shown: every command of
    the ``sources`` group builds ``add``'s and ``edit``'s parsers, and ``sources list`` has no
    use for the feed kind's module. ``after`` is added to the help."""

    def __init__(self, *args: Any, after: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after = after

    @property
    def help(self) -> str:
        return interval_help() + self.after

    @help.setter
    def help(self, _value: str | None) -> None:  # ``Action.__init__`` sets it: written above
        pass

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)


# where a token goes, said where one is refused as a setting
TOKEN_WORDS = "give the token with --token-stdin, which reads it into the system keyring"


def _convert(setting: Setting, raw: str) -> Any:
    if setting.type is SettingType.INT:
        try:
            return int(raw)
        except ValueError as err:
            raise UserInputError(f"--option {setting.key}: {raw!r} is not a whole number.") from err
    if setting.type is SettingType.BOOL:
        low = raw.strip().lower()
        if low not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise UserInputError(f"--option {setting.key}: use yes or no (got {raw!r}).")
        return low in ("1", "true", "yes", "on")
    if setting.type is SettingType.CHOICE and setting.choices and raw not in setting.choices:
        raise UserInputError(
            f"--option {setting.key}: choose one of {', '.join(setting.choices)} (got {raw!r})."
        )
    if setting.type is SettingType.SECRET:
        raise UserInputError(f"--option {setting.key}: secrets are never given on the command "
                             f"line: {TOKEN_WORDS}.")
    return raw


def no_such_setting(kind: SourceKind, given: str, address: str = "URL") -> UserInputError:
    """The refusal of ``given`` (``--option 'x=1'``, ``--unset x``), a setting ``kind`` does not
    have: the settings ``--option`` accepts (never a token: it is refused as an option, and
    where it goes is said instead), or, for a kind without any (feed, youtube), plainly that,
    and what such a source does have (``address``: how its address is given, ``--url`` when
    editing)."""
    keys = [s.key for s in kind.settings if s.type is not SettingType.SECRET]
    token = any(s.type is SettingType.SECRET for s in kind.settings)
    token_words = f". A token is no setting: {TOKEN_WORDS}" if token else ""
    if not keys:
        besides = " besides their token" if token else ""
        return UserInputError(
            f"{given}: {kind.id} sources have no settings{besides}. What a {kind.id} source "
            f"has is its address ({address}), its name (--title), its folder (--group) and "
            f"its interval (--interval){token_words}.")
    known = f"its one setting is {keys[0]}" if len(keys) == 1 else (
        f"its settings are {', '.join(keys)}")
    return UserInputError(f"{given}: the {kind.id} kind has no such setting; {known}{token_words}.")


def parse_options(kind_id: str, options: list[str], address: str = "URL") -> dict[str, Any]:
    """``KEY=VALUE`` strings into the kind's settings (``MAPPING`` keys: ``KEY.sub=VALUE``);
    ``address``: how the command gives a source's address (said when a kind has no settings)."""
    kind = registry.get(kind_id)
    declared = {s.key: s for s in kind.settings}
    out: dict[str, Any] = {}
    for option in options:
        key, sep, value = option.partition("=")
        key = key.strip()
        base, _, sub = key.partition(".")
        setting = declared.get(base)
        if setting is None:
            raise no_such_setting(kind, f"--option {option!r}", address)
        if not sep:
            raise UserInputError(f"--option {option!r}: expected KEY=VALUE, e.g. {key}=….")
        if setting.type is SettingType.MAPPING:
            if not sub:
                raise UserInputError(f"--option {key}: give {key}.NAME=VALUE for this mapping.")
            out.setdefault(base, {})[sub] = value
        else:
            out[key] = _convert(setting, value)
    return out


# -- tokens ------------------------------------------------------------------------------


def placeholder_secrets(kind: SourceKind) -> dict[str, str]:
    """A stand-in for each token reference of ``kind``: checking an address or settings before
    the token is read must not fail on a token the kind requires."""
    from notify.commands.kinds import PREVIEW_REF

    return {s.key: PREVIEW_REF for s in kind.settings if s.type is SettingType.SECRET}


def forget_token(ref: str, what: str) -> None:
    """Delete a token just stored in the keyring for a change that did not happen (``what``:
    "source 5 was not changed"); best effort, logged when it fails."""
    from notify.core import secrets

    try:
        secrets.delete(ref)
    except NotifyError as err:
        log.warning("%s, but the token given for it stays in the keyring under %s: %s", what,
                    ref, err)
