"""Hostile sources at scale: one round of ``notify poll --all`` over N sources (default 1,000)
where a tenth are hostile (slow-drip, huge, gzip bomb, billion laughs, redirect loop, 429, 500,
reset, wrong type, malformed), next to a clean round of the same size. Prints wall time and the
child's max RSS for both rounds and lists every source that did not end as it should.

    .venv/bin/python bench/hostile.py [--sources 1000] [--hosts 50]

Exit status 1 if a source misbehaved, the round did not finish, or the hostile round's max RSS
is more than 50 MB above the clean round's. Everything runs on 127.0.0.x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.durability.hostile_round import compare

RSS_LIMIT_MB = 50.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=0, help="default: sources/20, 4..50")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="notify-hostile-") as tmp:
        result = compare(Path(tmp), sources=args.sources, hosts=args.hosts)
    for line in result.lines():
        print(line)
    problems = result.clean.problems() + result.hostile.problems()
    for line in problems[:30]:
        print("  " + line)
    ok = (not problems and result.rss_delta_mb <= RSS_LIMIT_MB
          and result.hostile.exit_code in (0, 1) and result.clean.exit_code == 0)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
