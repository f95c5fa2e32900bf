"""The gates themselves, on a plain asyncio loop (the real-server measurements are in
test_client_limits.py)."""

from __future__ import annotations

import asyncio

from notify.core.fetch.limits import Gate, Limiter


def test_gate_admits_up_to_limit_then_fifo() -> None:
    async def main() -> list[int]:
        gate = Gate()
        order: list[int] = []

        async def worker(i: int) -> None:
            await gate.acquire(2)
            order.append(i)
            await asyncio.sleep(0.01)
            gate.release()

        await asyncio.gather(*(worker(i) for i in range(6)))
        assert gate.idle
        return order

    assert asyncio.run(main()) == [0, 1, 2, 3, 4, 5]


def test_cancelled_waiter_gives_up_its_place() -> None:
    async def main() -> None:
        gate = Gate()
        await gate.acquire(1)
        waiter = asyncio.create_task(gate.acquire(1))
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        gate.release()
        assert gate.idle  # nobody holds or waits
        await asyncio.wait_for(gate.acquire(1), 0.1)  # and the slot is free again

    asyncio.run(main())


def test_cancel_right_after_handover_releases() -> None:
    async def main() -> None:
        gate = Gate()
        await gate.acquire(1)
        waiter = asyncio.create_task(gate.acquire(1))
        await asyncio.sleep(0)
        gate.release()  # hands the slot to the waiter…
        waiter.cancel()  # …which is cancelled before it runs
        await asyncio.gather(waiter, return_exceptions=True)
        assert gate.active == 0

    asyncio.run(main())


def test_limiter_counts_and_forgets_idle_hosts() -> None:
    async def main() -> None:
        limiter = Limiter(global_limit=3, per_host_limit=1)
        peak = 0
        per_host: dict[str, int] = {}
        host_peak: dict[str, int] = {}

        async def use(host: str) -> None:
            nonlocal peak
            async with limiter.slot(host):
                per_host[host] = per_host.get(host, 0) + 1
                host_peak[host] = max(host_peak.get(host, 0), per_host[host])
                peak = max(peak, limiter.in_flight)
                await asyncio.sleep(0.01)
                per_host[host] -= 1

        await asyncio.gather(*(use(h) for h in "abcdabcdabcd"))
        assert peak == 3
        assert max(host_peak.values()) == 1
        assert limiter.in_flight == 0
        assert limiter.hosts_tracked() == 0

    asyncio.run(main())


def test_slot_released_when_body_raises() -> None:
    async def main() -> None:
        limiter = Limiter(global_limit=1, per_host_limit=1)
        try:
            async with limiter.slot("h"):
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert limiter.in_flight == 0
        async with limiter.slot("h"):
            assert limiter.in_flight == 1

    asyncio.run(main())
