"""Bounded body reading and decoding, fed in-memory chunks."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import pytest

from notify.core.fetch.body import (
    BodyTooLarge,
    CorruptEncoding,
    UnsupportedEncoding,
    read_bounded,
)
from tests.support.hostile_server import gzip_bomb

TEXT = b"<rss>" + b"hello world " * 5000 + b"</rss>"


async def _chunks(data: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]


def read(data: bytes, encoding: str | None, wire: int = 10**7, decoded: int = 10**7) -> bytes:
    return asyncio.run(
        read_bounded(_chunks(data), content_encoding=encoding, wire_cap=wire, decoded_cap=decoded)
    )


@pytest.mark.parametrize("encoding", [None, "identity", "IDENTITY"])
def test_identity(encoding: str | None) -> None:
    assert read(TEXT, encoding) == TEXT


def test_gzip_and_x_gzip() -> None:
    assert read(gzip.compress(TEXT), "gzip") == TEXT
    assert read(gzip.compress(TEXT), "x-gzip") == TEXT


def test_multi_member_gzip() -> None:
    assert read(gzip.compress(TEXT) + gzip.compress(b"more"), "gzip") == TEXT + b"more"


def test_deflate_zlib_wrapped_and_raw() -> None:
    assert read(zlib.compress(TEXT), "deflate") == TEXT
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert read(raw.compress(TEXT) + raw.flush(), "deflate") == TEXT


def test_wire_cap() -> None:
    with pytest.raises(BodyTooLarge) as info:
        read(TEXT, None, wire=1000)
    assert not info.value.decoded


def test_decoded_cap_on_a_bomb() -> None:
    bomb = gzip_bomb(64 * 1024 * 1024)
    with pytest.raises(BodyTooLarge) as info:
        read(bomb, "gzip", decoded=1024 * 1024)
    assert info.value.decoded and info.value.cap == 1024 * 1024


def test_bomb_builder_is_valid_gzip() -> None:
    assert gzip.decompress(gzip_bomb(3 * 1024 * 1024 + 5)) == bytes(3 * 1024 * 1024 + 5)


def test_corrupt_gzip() -> None:
    with pytest.raises(CorruptEncoding):
        read(b"\x1f\x8b\x08\x00garbage-garbage-garbage", "gzip")


def test_unsupported_encoding() -> None:
    with pytest.raises(UnsupportedEncoding):
        read(TEXT, "br")
    with pytest.raises(UnsupportedEncoding):
        read(TEXT, "gzip, gzip")
