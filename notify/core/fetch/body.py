"""Reading a response body with bounded memory.

The fetcher asks for ``Accept-Encoding: gzip, deflate`` and decodes the body itself, chunk by
chunk, with ``zlib``'s ``max_length``: no single chunk of a compression bomb can inflate past
the cap, and reading stops as soon as the wire bytes or the decoded bytes pass their caps.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Iterable, Iterator

_DECODE_STEP = 256 * 1024  # most bytes one decompress() call may produce


class BodyTooLarge(Exception):
    """The body passed a cap. ``decoded`` tells which one (after decompression or on the wire)."""

    def __init__(self, cap: int, *, decoded: bool, wire: int = 0) -> None:
        where = "decoded" if decoded else "on the wire"
        super().__init__(f"body larger than {cap} bytes ({where})")
        self.cap = cap
        self.decoded = decoded
        self.wire = wire  # the bytes sent that a passed decoded cap came from (0: not counted)


class UnsupportedEncoding(Exception):
    """A Content-Encoding Notify cannot decode (it only ever asks for gzip or deflate)."""


class CorruptEncoding(Exception):
    """The compressed body is damaged."""


class _Decoder:
    """gzip (possibly several members) or zlib/raw deflate, decoded in bounded steps."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(self._wbits)
        self._first = True
        self.consumed = 0  # the compressed bytes decoded so far (a chunk's rest is not)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of at most ``_DECODE_STEP`` bytes each, produced lazily: the caller
        checks its cap after each piece and stops pulling, so a bomb never inflates further."""
        while data:
            try:
                chunk = self._obj.decompress(data, _DECODE_STEP)
            except zlib.error as err:
                if self._first and self.encoding == "deflate" and self._wbits > 0:
                    # Servers disagree on "deflate": zlib-wrapped (RFC 9110) or raw. Retry raw.
                    self._wbits = -zlib.MAX_WBITS
                    self._obj = zlib.decompressobj(self._wbits)
                    continue
                raise CorruptEncoding(str(err)) from err
            self._first = False
            rest = self._obj.unused_data if self._obj.eof else b""
            self.consumed += len(data) - len(self._obj.unconsumed_tail) - len(rest)
            if chunk:
                yield chunk
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                if rest and self.encoding == "gzip" and rest.strip(b"\0"):
                    self._obj = zlib.decompressobj(self._wbits)  # the next gzip member
                    data = rest
                else:
                    data = b""

    def flush(self) -> bytes:
        try:
            return self._obj.flush()
        except zlib.error as err:
            raise CorruptEncoding(str(err)) from err


def make_decoder(content_encoding: str | None) -> _Decoder | None:
    """None for identity; raises UnsupportedEncoding for anything but one gzip/deflate layer."""
    value = (content_encoding or "").strip().lower()
    if value in ("", "identity"):
        return None
    if value in ("gzip", "x-gzip"):
        return _Decoder("gzip")
    if value == "deflate":
        return _Decoder("deflate")
    raise UnsupportedEncoding(value)


async def read_bounded(
    raw_chunks: AsyncIterable[bytes],
    *,
    content_encoding: str | None,
    wire_cap: int,
    decoded_cap: int,
) -> bytes:
    """Read and decode a body; raise BodyTooLarge the moment a cap is passed."""
    decoder = make_decoder(content_encoding)
    parts: list[bytes] = []
    wire = 0
    size = 0
    async for raw in raw_chunks:
        wire += len(raw)
        if wire > wire_cap:
            raise BodyTooLarge(wire_cap, decoded=False)
        pieces: Iterable[bytes] = (raw,) if decoder is None else decoder.feed(raw)
        for piece in pieces:
            size += len(piece)
            if size > decoded_cap:
                raise BodyTooLarge(decoded_cap, decoded=decoder is not None,
                                   wire=wire if decoder is None else decoder.consumed)
            parts.append(piece)
    if decoder is not None:
        tail = decoder.flush()
        size += len(tail)
        if size > decoded_cap:
            raise BodyTooLarge(decoded_cap, decoded=True, wire=decoder.consumed)
        parts.append(tail)
    return b"".join(parts)
