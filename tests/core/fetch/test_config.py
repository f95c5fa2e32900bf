from __future__ import annotations

import pytest

import notify
from notify.core.fetch.config import MB, FetchConfig


def test_defaults() -> None:
    c = FetchConfig()
    assert c.user_agent == f"Notify/{notify.__version__} (+desktop feed notifier)"
    assert (c.deadline_s, c.max_body_bytes) == (30, 10 * MB)
    assert (c.global_limit, c.per_host_limit) == (32, 2)
    assert c.max_redirects == 5
    assert c.decoded_cap == c.max_body_bytes


def test_from_settings() -> None:
    c = FetchConfig.from_settings(
        {"fetch.max_body_mb": 3, "fetch.per_host_limit": 4, "fetch.global_limit": 9, "x": 1},
        deadline_s=5,
    )
    assert (c.max_body_bytes, c.per_host_limit, c.global_limit, c.deadline_s) == (3 * MB, 4, 9, 5)


@pytest.mark.parametrize(
    "kw", [{"deadline_s": 0}, {"global_limit": 0}, {"max_redirects": -1}, {"max_body_bytes": 0}]
)
def test_rejects_nonsense(kw: dict[str, float]) -> None:
    (field,) = kw
    with pytest.raises(ValueError, match=f"FetchConfig.{field} "):
        FetchConfig(**kw)  # type: ignore[arg-type]
