"""Every command's ``--help`` says what it does and shows it used.

A command registered without a description gets its one-line help as one (``notify status
--help`` said nothing but its options); one registered without an epilog gets its examples from
``EXAMPLES`` below, lined up as ``notify --help``'s are. A command that writes its own (``sources
add``) keeps them. ``tests/commands/test_help_examples.py`` checks that every command has both
and that every example is a command line the parser takes.
"""

from __future__ import annotations

import argparse

from notify.cli import EpilogAsWritten

# The examples of each command (its words after ``notify``): the command line, then what it
# does when that is not plain from the line itself.
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "sources list": (("notify sources list", "id, status, name [group] (kind, last ok …)"),
                     ("notify sources list --failing", "only those failing or disabled"),
                     ("notify sources list --group News", "one group's sources"),
                     ("notify sources list --json", "every source with its health")),
    "sources show": (("notify sources show 3", "address, health, interval, settings"),
                     ("notify sources show 3 --json", "")),
    "sources edit": (("notify sources edit 3 --title 'LWN' --group News", ""),
                     ("notify sources edit 3 --interval default", "back to the kind's default"),
                     ("notify sources edit 3 --url https://lwn.net/headlines/rss", "")),
    "sources remove": (("notify sources remove 3", "asks first, on a terminal"),
                       ("notify sources remove 3 --yes", "")),
    "sources enable": (("notify sources enable 3", "polled again"),),
    "sources disable": (("notify sources disable 3", "not polled; its items stay"),),
    "sources import": (("notify sources import subscriptions.opml", "folders become groups"),),
    "sources export": (("notify sources export subs.opml", ""),
                       ("notify sources export > subs.opml", "to standard output")),
    "sources kinds": (("notify sources kinds", "every kind, its address and settings"),
                      ("notify sources kinds --json", "")),
    "sources preview": (("notify sources preview https://lwn.net/headlines/rss", ""),
                        ("notify sources preview --kind hackernews -o list=best --limit 5", "")),
    "sources mute": (("notify sources mute 3", "its items reach the inbox, never a notification"),),
    "sources unmute": (("notify sources unmute 3", ""),),
    "poll": (("notify poll", "what is due, progress on a terminal, then a summary"),
             ("notify poll --source 3 --source 7", "these two, due or not"),
             ("notify poll --all --json", "every enabled source, for a script")),
    "items": (("notify items --new --limit 20", "unread, newest first"),
              ("notify items --skip 20", "the next 20 (a page further)"),
              ("notify items --source 3 --json", "one source's items, for a script"),
              ("notify items --saved", "kept for later ('notify save')")),
    "status": (("notify status", "sources, last and next poll, pause, what needs attention"),
               ("notify status --json", "")),
    "repair": (("notify repair", "check the database; list its backups"),
               ("notify repair --restore-backup", "a damaged one: the newest backup back"),
               ("notify repair --start-fresh", "a damaged one: moved aside, start empty")),
    "feedback": (("notify feedback 42 like", "more like it"),
                 ("notify feedback 42 dismiss", "less like it (the whole story)")),
    "explain": (("notify explain 42", "what decided, then each feature's push"),
                ("notify explain 42 --json", "")),
    "notified": (("notify notified", "the last 20 notified, with score and reason"),
                 ("notify notified --would --limit 50", "also what would be, best first")),
    "save": (("notify save 42", "kept past retention; 'notify items --saved'"),),
    "unsave": (("notify unsave 42", ""),),
    "profile show": (("notify profile show", "what it learned: more of, less of, pins"),
                     ("notify profile show --limit 5 --json", "")),
    "profile export": (("notify profile export profile.json", ""),),
    "profile import": (("notify profile import profile.json", "says what changed"),),
    "profile reset": (("notify profile reset", "says what it forgets, asks on a terminal"),
                      ("notify profile reset --yes", "")),
    "profile pin": (("notify profile pin keyword:rust", "always notify it (an alert)"),
                    ("notify profile pin 'author:Jane Doe' --never", "never notify (a block)")),
    "profile unpin": (("notify profile unpin keyword:rust", ""),),
    "profile forget": (("notify profile forget 'source:Hacker News'", ""),),
    "profile less": (("notify profile less keyword:crypto", "a step down, not a block"),),
    "profile interests": (("notify profile interests", "list them"),
                          ("notify profile interests add rust 'source:LWN'", ""),
                          ("notify profile interests --add golang --remove rust", "")),
    "profile undo": (("notify profile undo", "your last reaction"),
                     ("notify profile undo 3", "the last three")),
    "settings show": (("notify settings show", "every setting, its value and default"),
                      ("notify settings show --json", "")),
    "settings set": (("notify settings set daily_budget 5", ""),
                     ("notify settings set quiet_enabled yes quiet_start 22:30", "together")),
    "settings reset": (("notify settings reset daily_budget sensitivity", "back to defaults"),),
    "pause": (("notify pause", "for an hour"),
              ("notify pause 2h", ""),
              ("notify pause tomorrow", "until 07:00 tomorrow"),
              ("notify pause until-resumed", "until 'notify resume'")),
    "resume": (("notify resume", ""),),
    "rank": (("notify rank --jsonl < requests.jsonl", "one JSON reply per request line"),),
    "desktop install": (("notify desktop install", "Notify in the application menu"),
                        ("notify --data-dir ~/notify-work desktop install", "on that folder")),
    "desktop uninstall": (("notify desktop uninstall", ""),),
    "app": (("notify app", "the tray icon only"),
            ("notify app --show inbox", "with the inbox open")),
}


HELP_WIDTH = 79  # an 80-column terminal (argparse wraps the rest of a help to it)


def examples_text(rows: tuple[tuple[str, str], ...]) -> str:
    """``examples:`` and the rows, their comments lined up (``EpilogAsWritten`` keeps them). A
    comment that would pass ``HELP_WIDTH`` goes under its line, at the comments' column (or
    four spaces in when that is too far right)."""
    width = max(len(line) for line, _what in rows)
    at = 2 + width + 3
    out = ["examples:"]
    for line, what in rows:
        if not what or at + len(what) <= HELP_WIDTH:
            out.append(f"  {line:<{width}}   {what}".rstrip())
            continue
        out += [f"  {line}", f"{' ' * (at if at + len(what) <= HELP_WIDTH else 4)}{what}"]
    return "\n".join(out)


def complete(parser: argparse.ArgumentParser) -> None:
    """Give each command and group below ``parser`` its description (its help, when it has
    none), and each command its examples (``EXAMPLES``, when it has no epilog of its own)."""
    for name, child, help_text in commands(parser):
        if not child.description and help_text:
            child.description = f"{help_text[0].upper()}{help_text[1:]}."
        if child._subparsers is not None:  # a group (``sources``): its actions list it all
            complete(child)
            continue
        rows = EXAMPLES.get(name)
        if rows and not child.epilog:
            child.epilog = examples_text(rows)
            child.formatter_class = EpilogAsWritten


def commands(parser: argparse.ArgumentParser
             ) -> list[tuple[str, argparse.ArgumentParser, str | None]]:
    """The commands right below ``parser``: their names after ``notify`` (``sources add``),
    their parsers and their one-line help."""
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            prefix = parser.prog.removeprefix("notify").strip()
            for name, child in action.choices.items():
                out.append((f"{prefix} {name}".strip(), child, helps.get(name)))
    return out
