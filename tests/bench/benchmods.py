"""Loading the benchmark scripts (bench/ is not a package) for their tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def skip_without_corpus() -> None:
    """Skip the calling test module when ../shared (the read-only corpus) is not beside the repo."""
    if not (SHARED / "corpus" / "feeds").is_dir():
        pytest.skip(f"the shared corpus is absent ({SHARED}); the farm serves its feeds",
                    allow_module_level=True)


def load(module_name: str, filename: str) -> ModuleType:
    """Import ``bench/<filename>`` as ``module_name`` (once)."""
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, REPO / "bench" / filename)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
