"""``notify repair``: the command-line way out of a damaged database (the app has a dialog).

``notify repair`` checks the database (every page) and lists the backups; ``--restore-backup
[FILE]`` puts the newest backup (or FILE) back, ``--start-fresh`` starts with an empty database.
Both move the damaged file aside as ``notify.sqlite3.damaged-<time>``; nothing is deleted.
They act only on a damaged database: a locked one is in use, a newer one belongs to a newer
Notify, and a healthy one needs no repair.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from notify.commands.output import paths_of, say
from notify.core.errors import DatabaseCorruptError, StoreError, UserInputError
from notify.core.store import recovery


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "repair", help="check the database; restore a backup or start fresh if it is damaged",
        description="Check the database and list its backups. On a damaged database, "
        "--restore-backup or --start-fresh moves the damaged file aside (never deletes it).")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--restore-backup", nargs="?", const="", default=None, metavar="FILE",
                        help="put the newest backup (or FILE) in place of the damaged database")
    action.add_argument("--start-fresh", action="store_true",
                        help="move the damaged database aside and start with an empty one")
    parser.set_defaults(func=cmd_repair)


def cmd_repair(args: argparse.Namespace) -> int:
    paths = paths_of(args)
    db = paths.db
    if not paths.check().has_db():  # a file where the folder should be: said, not "no database"
        say(f"No database at {db} yet; nothing to repair.")
        return 0
    problem = recovery.diagnose(db, thorough=True)
    acting = args.start_fresh or args.restore_backup is not None
    if problem is None:
        if acting:
            raise UserInputError(
                f"The database {db} is not damaged; nothing was changed. To go back anyway, "
                "quit Notify and move the file away yourself.")
        say(f"The database {db} is fine; nothing to repair.")
        return 0
    if not isinstance(problem, DatabaseCorruptError):
        raise problem  # locked, too new, unwritable: the store's sentence says what to do
    backups = recovery.list_backups(db)
    if args.start_fresh:
        aside = recovery.start_fresh(db)
        say(f"Started fresh: {db} is a new, empty database (created on the next start). "
            f"The damaged file is kept as {aside}.")
        return 0
    if args.restore_backup is not None:
        chosen: recovery.Backup | Path
        if args.restore_backup:
            chosen = Path(args.restore_backup).expanduser()
        elif backups:
            chosen = backups[0]
        else:
            raise StoreError(f"The database {db} is damaged and no backup of it exists in "
                             f"{paths.backups}. Run 'notify repair --start-fresh' (the damaged "
                             "file is kept).")
        aside = recovery.restore(db, chosen)
        name = chosen.path if isinstance(chosen, recovery.Backup) else chosen
        say(f"Restored {db} from the backup {name}. The damaged file is kept as {aside}.")
        return 0
    say(str(problem))
    if backups:
        say("Backups, newest first:")
        for b in backups:
            print(f"  {b.label()}  schema v{b.version}  {b.path}")
        say("Run 'notify repair --restore-backup' (the newest) or "
            "'notify repair --restore-backup FILE', or 'notify repair --start-fresh'.")
    else:
        say("No backup exists. Run 'notify repair --start-fresh' (the damaged file is kept).")
    return 2
