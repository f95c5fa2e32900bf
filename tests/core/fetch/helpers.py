"""Small helpers for the fetcher's tests: run one or several GETs with a fresh Fetcher."""

from __future__ import annotations

import asyncio
from typing import Any

from notify.core.fetch.client import Fetcher
from notify.core.fetch.config import FetchConfig
from notify.core.fetch.outcomes import Outcome, Request


def fetch(url: str | Request, config: FetchConfig | None = None, **kw: Any) -> Outcome:
    request = url if isinstance(url, Request) else Request(url=url, **kw)

    async def main() -> Outcome:
        async with Fetcher(config) as fetcher:
            return await fetcher.get(request)

    return asyncio.run(main())


def fetch_all(requests: list[Request], config: FetchConfig | None = None) -> list[Outcome]:
    async def main() -> list[Outcome]:
        async with Fetcher(config) as fetcher:
            return list(await asyncio.gather(*(fetcher.get(r) for r in requests)))

    return asyncio.run(main())
