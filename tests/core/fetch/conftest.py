from __future__ import annotations

from tests.support.fixtures import hostile_server, hostile_server_2

__all__ = ["hostile_server", "hostile_server_2"]
