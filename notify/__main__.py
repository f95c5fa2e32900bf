from __future__ import annotations

import sys

from notify.cli import main

sys.exit(main())
