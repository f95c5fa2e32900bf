"""The headless command line. ``notify`` alone starts the desktop app.

Each command group lives in ``notify/commands/<group>.py`` and exposes
``register(subparsers) -> None``; it sets ``func(args) -> int`` on its parsers. Every command
takes ``--data-dir`` (or ``NOTIFY_DATA_DIR``). A ``NotifyError`` becomes one clear message on
stderr (wrapped on a terminal: ``notify.commands.output.wrapped``) and exit status 2; never a
traceback. Output cut short by its reader (``notify … | head``)
ends the command quietly with status 141, as a process killed by SIGPIPE would.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from notify import __version__
from notify.core.errors import NotifyError
from notify.core.logs import redact

# Command group modules, in the order ``notify --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "notify.commands.sources",
    "notify.commands.kinds",  # adds kinds/preview/--token-stdin to the sources group
    "notify.commands.source_mute",  # adds mute/unmute to the sources group
    "notify.commands.poll",
    "notify.commands.items",
    "notify.commands.status",
    "notify.commands.repair",
    "notify.commands.feedback",
    "notify.commands.saved",
    "notify.commands.profile",
    "notify.commands.settings",
    "notify.commands.pause",
    "notify.commands.rank",
    "notify.commands.desktop",
    "notify.commands.app",
)

# The top-level commands, and the modules that add them (tests/core/test_cli_commands.py checks
# this against the modules): a command line that names one builds its parser from those modules
# only; the others' imports and parsers cost ~8 ms of CPU at every start. Anything else (no
# command, --help, --version, an abbreviated option, a typo) gets the full parser.
COMMANDS: dict[str, tuple[str, ...]] = {
    "sources": ("notify.commands.sources", "notify.commands.kinds",
                "notify.commands.source_mute"),
    "poll": ("notify.commands.poll",),
    "items": ("notify.commands.items",),
    "status": ("notify.commands.status",),
    "repair": ("notify.commands.repair",),
    "feedback": ("notify.commands.feedback",),
    "explain": ("notify.commands.feedback",),
    "notified": ("notify.commands.feedback",),
    "save": ("notify.commands.saved",),
    "unsave": ("notify.commands.saved",),
    "profile": ("notify.commands.profile",),
    "settings": ("notify.commands.settings",),
    "pause": ("notify.commands.pause",),
    "resume": ("notify.commands.pause",),
    "rank": ("notify.commands.rank",),
    "desktop": ("notify.commands.desktop",),
    "app": ("notify.commands.app",),
}

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 128 + 2  # 128 + SIGINT: Ctrl-C
EXIT_BROKEN_PIPE = 128 + 13  # 128 + SIGPIPE: what a shell reports for ``yes | head``
# A command is one short process that allocates much and frees most of it at its end: Python's
# cyclic collector, run every 700 net allocations by default, took ~5% of a 76-feed first
# round's CPU (191 collections); every 20,000 it runs a handful of times. The app keeps the
# default (a long-lived process).
COMMAND_GC_THRESHOLD = 20_000


class CommandParser(argparse.ArgumentParser):
    """argparse's parser, with the mistakes a person makes answered by the command they typed:
    an unknown option is refused by that command (its usage, ``notify sources list: error:``,
    not the top level's ``notify: error:``), and an unknown option or command that is close to
    a real one says which (``did you mean --json?``). Every parser below ``notify`` is one
    (``add_subparsers`` makes its parsers of the parent's class)."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras and self._subparsers is None:  # a command's own parser: refuse them here
            self.error(f"unrecognized arguments: {' '.join(extras)}{self._hint(extras)}")
        if extras and self.prog == "notify":  # before the command (``notify --jsn status``)
            names = ["command", *sorted(n for n in vars(parsed) if n.endswith("_command"))]
            command = " ".join(getattr(parsed, n) for n in names
                               if isinstance(getattr(parsed, n, None), str)) or "COMMAND"
            self.error(f"unrecognized arguments: {' '.join(extras)}{self._hint(extras)}"
                       f"{self._after_the_command(extras, command)}")
        return parsed, extras

    def _after_the_command(self, extras: Sequence[str], command: str) -> str:
        """A command's option given before the command: say where it goes."""
        from difflib import get_close_matches  # a mistake's hint only (~2 ms at every start)

        own = {s for action in self._actions for s in action.option_strings}
        theirs = {s for parser in self._commands() for action in parser._actions
                  for s in action.option_strings} - own
        names = [e.split("=", 1)[0] for e in extras if e.startswith("-")]
        close = [get_close_matches(n, sorted(theirs), n=1, cutoff=0.75) for n in names]
        found = next((c[0] for c in close if c), None)
        if found is None:
            return ""
        return f" (a command's options go after it: notify {command} {found}" \
               f"{'' if found in names else '; did you mean ' + found + '?'})"

    def _commands(self) -> list[argparse.ArgumentParser]:
        """Every command's parser below this one."""
        out: list[argparse.ArgumentParser] = []
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for parser in action.choices.values():
                    out.append(parser)
                    if isinstance(parser, CommandParser):
                        out.extend(parser._commands())
        return out

    def _hint(self, extras: Sequence[str]) -> str:
        from difflib import get_close_matches

        options = [s for action in self._actions for s in action.option_strings]
        for extra in extras:
            if extra.startswith("-"):
                close = get_close_matches(extra.split("=", 1)[0], options, n=1,
                                                  cutoff=0.75)  # not --option for --foo
                if close:
                    return f" (did you mean {close[0]}?)"
        return ""

    def error(self, message: str) -> NoReturn:
        """argparse's refusal (its usage, then ``prog: error: message``), the message wrapped
        as the commands' own errors are."""
        from notify.commands.output import wrapped
        from notify.core.logs import redact

        self.print_usage(sys.stderr)
        # redacted: argparse repeats what was typed, a feed's key typed in the wrong place too
        self.exit(EXIT_USER_ERROR, wrapped(redact(f"{self.prog}: error: {message}")) + "\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is not None and value not in choices and isinstance(value, str):
            from difflib import get_close_matches

            close = get_close_matches(value, [str(c) for c in choices], n=1)
            if close:
                listed = ", ".join(map(repr, choices))
                raise argparse.ArgumentError(
                    action, f"invalid choice: {value!r}; did you mean {close[0]!r}? (choose "
                    f"from {listed})")
        super()._check_value(action, value)


# ``notify --help`` ends with the first steps, as the README gives them.
EXAMPLES = """examples:
  notify sources add https://example.org/   a feed, or a page announcing one
  notify sources import subs.opml           a feed reader's list (OPML)
  notify poll                               fetch what is due
  notify items --new                        what came in, unread
  notify feedback ITEM like                 like | dismiss | open | ignore
  notify save ITEM                          keep it for later (items --saved)
  notify explain ITEM                       why it was (not) notified
  notify status                             last poll, what needs attention

'notify COMMAND --help' says more; docs/cli.md has every command and --json."""


class EpilogAsWritten(argparse.HelpFormatter):
    """Wraps the description and the arguments' help as argparse does, but keeps the epilog's
    lines as written (its examples line up in columns)."""

    def add_text(self, text: str | None) -> None:
        if text is not None and text.startswith("examples:"):
            self._add_item(lambda: text + "\n", [])
        else:
            super().add_text(text)


def data_dir_arg(text: str) -> str:
    """``--data-dir DIR`` (argparse's ``type``): an empty one (``--data-dir "$DIR"`` with DIR
    unset) is refused; it would have meant the default folder, the person's real data."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "the folder is empty; give one, or leave --data-dir out for the default "
            "($NOTIFY_DATA_DIR, else the platform's user data folder)")
    return text


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=data_dir_arg,
        default=argparse.SUPPRESS,
        help="folder holding Notify's database (default: $NOTIFY_DATA_DIR, else the platform's "
        "user data folder)",
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="log more (repeatable)"
    )


def command_of(argv: Sequence[str]) -> str | None:
    """The command a command line names: its first word after the global options (``--data-dir
    DIR``, ``--data-dir=DIR``, ``-v``…); None when something else comes first."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir":
            i += 2
        elif arg.startswith("--data-dir=") or arg == "--verbose" or (
            len(arg) > 1 and arg[0] == "-" and set(arg[1:]) == {"v"}
        ):
            i += 1
        else:
            return None if arg.startswith("-") else arg
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command`` alone (see ``COMMANDS``)."""
    only = COMMANDS.get(command) if command is not None else None
    parser = CommandParser(
        prog="notify",
        description="Notify: your feeds and web APIs, ranked on your machine, only what you care "
        "about as desktop notifications. Without a command, starts the desktop app.",
        epilog=EXAMPLES,
        formatter_class=EpilogAsWritten,
    )
    parser.add_argument("--version", action="version", version=f"notify {__version__}")
    _add_common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if only is not None and name not in only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:  # a command group not written yet in this checkout
                continue
            raise
        module.register(sub)
    for action in sub.choices.values():
        _add_common(action)
        for nested in action._subparsers._group_actions if action._subparsers else ():
            for child in getattr(nested, "choices", {}).values():
                _add_common(child)
    from notify.commands.help_examples import complete

    complete(parser)  # every command's help: what it does, and examples
    return parser


class _CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of the record (a handler that kept the
    stream of an earlier ``main()`` call would write to a closed file)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def _reported_by_the_command(record: logging.LogRecord) -> bool:
    """False for the fetcher's warnings (a feed gone, a token refused…): every command that
    fetches says what failed in its own words (``sources add``, ``sources preview``, the
    ``poll`` summary), so the warning would say it twice. ``-v`` shows them."""
    return not (record.name == "notify.fetch" and record.levelno < logging.ERROR)


def _setup_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    from notify.core.logs import UPGRADE_LOGGER, RedactingFormatter

    handler = _CurrentStderrHandler()
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    if verbosity == 0:
        handler.addFilter(_reported_by_the_command)
    # an upgrade of the data folder's database is said at every verbosity, as the commands
    # say things ("notify: upgraded the database …"), by its own handler; the root's (and the
    # app's log file) still get the record, the root's stderr handler does not say it again
    handler.addFilter(lambda record: record.name != UPGRADE_LOGGER)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    told = _CurrentStderrHandler()
    told.setFormatter(RedactingFormatter("notify: %(message)s"))
    upgrade = logging.getLogger(UPGRADE_LOGGER)
    upgrade.handlers = [told]
    upgrade.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    default_gc = gc.get_threshold()
    gc.set_threshold(COMMAND_GC_THRESHOLD, *default_gc[1:])
    try:
        code = _main(argv, default_gc)
        sys.stdout.flush()  # a closed pipe shows here, not at exit as "Exception ignored"
        return code
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    finally:
        gc.set_threshold(*default_gc)
        if argv is None:  # the process's own command line: it exits next
            # Its last collection, at interpreter exit, would walk every object still alive
            # (~10 ms of CPU per command) to free what the exit frees anyway.
            gc.freeze()


def _discard_stdout() -> None:
    """Whoever read standard output stopped (``notify sources kinds | head -2``): send what is
    left to /dev/null, so that flushing it at exit raises nothing (the Python documentation's
    recipe, "Note on SIGPIPE")."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests, embedding)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _main(argv: Sequence[str] | None, default_gc: tuple[int, ...]) -> int:
    parser = build_parser(command_of(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    if not hasattr(args, "verbose"):
        args.verbose = 0
    _setup_logging(args.verbose)
    func = getattr(args, "func", None)
    try:
        if func is None:
            if args.command:  # a group given without its subcommand: its help, on stderr
                # SystemExit: argparse's way out after printing the help
                with contextlib.redirect_stdout(sys.stderr), contextlib.suppress(SystemExit):
                    build_parser().parse_args(
                        [*(sys.argv[1:] if argv is None else argv), "--help"])
                return EXIT_USER_ERROR
            from notify.app.main import run_app

            gc.set_threshold(*default_gc)
            return run_app(args)
        if argv is None:
            # The process's own command: what start-up made (modules, classes, the parser) lives
            # until it exits; frozen, the command's collections no longer walk it.
            gc.freeze()
        return int(func(args) or 0)
    except NotifyError as err:
        _say_error(redact(str(err)))  # defence in depth
        return EXIT_USER_ERROR
    except sqlite3.Error as err:  # met after opening: a damaged page, a full disk…
        from notify.core import paths as paths_mod
        from notify.core.store.db import as_store_error

        logging.getLogger("notify.cli").debug("database error", exc_info=True)
        message = as_store_error(err, paths_mod.resolve(args.data_dir).db)
        _say_error(redact(str(message)))
        return EXIT_USER_ERROR
    except KeyboardInterrupt as err:  # a command may say what it kept (``notify poll``)
        kept = str(err)
        _say_error(f"interrupted{'; ' + kept if kept else ''}")
        return EXIT_INTERRUPTED


def _say_error(message: str) -> None:
    """``notify: message`` on stderr, wrapped as the commands' prose is."""
    from notify.commands.output import say

    say(f"notify: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
