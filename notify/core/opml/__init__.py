"""OPML import and export (pure functions over bytes and strings).

    import_opml(data: bytes) -> OpmlImport          raises OpmlError only
    export_opml(sources, title=..., include_secrets=False) -> str
    plan_import(existing_urls, opml_import) -> ImportPlan

See docs/opml.md for the rules (groups, names, duplicates, repairs, secrets).
"""

from __future__ import annotations

from notify.core.opml.export import EXPORTED_KINDS, export_opml, exported_count, left_out
from notify.core.opml.importer import import_opml
from notify.core.opml.model import OpmlDuplicate, OpmlEntry, OpmlImport, OpmlSkipped
from notify.core.opml.plan import ImportPlan, import_summary, needs_secret_note, plan_import

__all__ = [
    "EXPORTED_KINDS",
    "ImportPlan",
    "OpmlDuplicate",
    "OpmlEntry",
    "OpmlImport",
    "OpmlSkipped",
    "export_opml",
    "exported_count",
    "import_opml",
    "import_summary",
    "left_out",
    "needs_secret_note",
    "plan_import",
]
