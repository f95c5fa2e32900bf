"""The fetcher's configuration: timeouts, size caps, politeness limits.

``FetchConfig.from_settings`` reads the user's settings (``fetch.*`` in
``notify.core.settings``); everything else has a fixed, documented default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import notify

MB = 1024 * 1024


def default_user_agent() -> str:
    return f"Notify/{notify.__version__} (+desktop feed notifier)"


DEFAULT_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)


@dataclass(frozen=True)
class FetchConfig:
    """How the fetcher behaves. Times are seconds, sizes bytes.

    ``deadline_s`` bounds one whole request (every redirect hop and the body) from the moment
    it gets its connection slot; ``max_decoded_bytes`` (None: same as ``max_body_bytes``) caps
    the size after gzip/deflate decoding, so a small compressed bomb cannot fill memory.
    """

    user_agent: str = field(default_factory=default_user_agent)
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    deadline_s: float = 30.0
    max_body_bytes: int = 10 * MB
    max_decoded_bytes: int | None = None
    global_limit: int = 32
    per_host_limit: int = 2
    max_redirects: int = 5
    keepalive_expiry_s: float = 10.0
    accept: str = DEFAULT_ACCEPT

    def __post_init__(self) -> None:
        for name in ("connect_timeout_s", "read_timeout_s", "deadline_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchConfig.{name} must be positive")
        for name in ("max_body_bytes", "global_limit", "per_host_limit"):
            if getattr(self, name) < 1:
                raise ValueError(f"FetchConfig.{name} must be at least 1")
        if self.max_decoded_bytes is not None and self.max_decoded_bytes < 1:
            raise ValueError("FetchConfig.max_decoded_bytes must be at least 1")
        if self.max_redirects < 0:
            raise ValueError("FetchConfig.max_redirects cannot be negative")

    @property
    def decoded_cap(self) -> int:
        return self.max_decoded_bytes if self.max_decoded_bytes is not None else self.max_body_bytes

    @classmethod
    def from_settings(cls, values: Mapping[str, Any], **overrides: Any) -> FetchConfig:
        """A config from the user's settings (``fetch.max_body_mb``, ``fetch.per_host_limit``,
        ``fetch.global_limit``); missing keys keep the defaults."""
        kw: dict[str, Any] = {}
        if "fetch.max_body_mb" in values:
            kw["max_body_bytes"] = int(values["fetch.max_body_mb"]) * MB
        if "fetch.per_host_limit" in values:
            kw["per_host_limit"] = int(values["fetch.per_host_limit"])
        if "fetch.global_limit" in values:
            kw["global_limit"] = int(values["fetch.global_limit"])
        kw.update(overrides)
        return cls(**kw)
