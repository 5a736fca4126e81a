"""MS-OVBA 2.4.1 compression and decompression (the "CompressedContainer" format).

Written from the specification because ms-ovba-compression 1.0.1 computes the
maximum copy length with the wrong operator precedence and corrupts long runs
(see TECH-NOTES B). Any valid token sequence decompresses correctly, so the
compressor only has to be valid and deterministic, not byte-identical to Office.
"""

from __future__ import annotations

CHUNK_SIZE = 4096
_SIGNATURE = 0x01
_CHUNK_SIGNATURE = 0x3000  # bits 12-14 of every chunk header are 0b011
_COMPRESSED_FLAG = 0x8000
_MAX_CHUNK_DATA = 4096  # CompressedChunkSize - 2 can be at most 4096
_MAX_CANDIDATES = 512  # bounds the matcher on pathological input; output stays valid


class DecompressionError(ValueError):
    """The byte string is not a valid MS-OVBA CompressedContainer."""


def _copy_token_layout(difference: int) -> tuple[int, int]:
    """Return (bit_count, maximum_length) for a position `difference` bytes into a chunk (2.4.1.3.19.1)."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _match_length(data: bytes, candidate: int, current: int, limit: int) -> int:
    """Length of the common run at candidate/current; overlapping copies are legal in LZ77."""
    length = 0
    # Compare in slices first (fast path), then finish byte by byte.
    step = 64
    while (
        length + step <= limit
        and data[candidate + length : candidate + length + step]
        == data[current + length : current + length + step]
    ):
        length += step
    while length < limit and data[candidate + length] == data[current + length]:
        length += 1
    return length


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """Compress data[start:end] (at most 4096 bytes) into CompressedChunkData tokens."""
    out = bytearray()
    positions: dict[bytes, list[int]] = {}
    current = start
    while current < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if current >= end:
                break
            offset, length = _find_match(data, start, current, end, positions)
            if length:
                bit_count, _ = _copy_token_layout(current - start)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
            else:
                out.append(data[current])
                length = 1
            for pos in range(current, current + length):
                _remember(data, pos, end, positions)
            current += length
        out[flag_index] = flags
    return bytes(out)


def _remember(data: bytes, pos: int, end: int, positions: dict[bytes, list[int]]) -> None:
    if pos + 3 <= end:
        positions.setdefault(data[pos : pos + 3], []).append(pos)


def _find_match(
    data: bytes, start: int, current: int, end: int, positions: dict[bytes, list[int]]
) -> tuple[int, int]:
    """Longest earlier match in the chunk; nearest candidate wins ties, like 2.4.1.3.19.4."""
    if current + 3 > end:
        return 0, 0
    candidates = positions.get(data[current : current + 3])
    if not candidates:
        return 0, 0
    _, max_length = _copy_token_layout(current - start)
    limit = min(max_length, end - current)
    best_length, best_pos = 0, 0
    for candidate in reversed(candidates[-_MAX_CANDIDATES:]):
        length = _match_length(data, candidate, current, limit)
        if length > best_length:
            best_length, best_pos = length, candidate
            if length == limit:
                break
    if best_length < 3:
        return 0, 0
    return current - best_pos, best_length


def _chunk_header(data_size: int, compressed: bool) -> bytes:
    header = (data_size + 2 - 3) | _CHUNK_SIGNATURE | (_COMPRESSED_FLAG if compressed else 0)
    return header.to_bytes(2, "little")


def _encode_chunk(data: bytes, start: int, end: int) -> bytes:
    tokens = _compress_chunk(data, start, end)
    if len(tokens) <= _MAX_CHUNK_DATA:
        return _chunk_header(len(tokens), True) + tokens
    if end - start == CHUNK_SIZE:
        # Incompressible full chunk: store it raw (CompressedChunkFlag 0, exactly 4096 bytes).
        return _chunk_header(CHUNK_SIZE, False) + data[start:end]
    # A short final chunk that does not fit: the spec would pad a raw chunk with zeros,
    # which changes the data, so split it. The spec's decompressor starts a new window at
    # every chunk header, so two short compressed chunks decode exactly. Text never gets here.
    middle = start + (end - start) // 2
    return _encode_chunk(data, start, middle) + _encode_chunk(data, middle, end)


def compress(data: bytes) -> bytes:
    """Compress `data` into an MS-OVBA CompressedContainer."""
    data = bytes(data)
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _encode_chunk(data, start, min(start + CHUNK_SIZE, len(data)))
    return bytes(out)


def _decode_tokens(chunk: bytes, out: bytearray) -> None:
    chunk_start = len(out)
    pos = 0
    while pos < len(chunk):
        flags = chunk[pos]
        pos += 1
        for bit in range(8):
            if pos >= len(chunk):
                break
            if not flags & (1 << bit):
                out.append(chunk[pos])
                pos += 1
                continue
            if pos + 2 > len(chunk):
                raise DecompressionError("truncated copy token")
            token = int.from_bytes(chunk[pos : pos + 2], "little")
            pos += 2
            difference = len(out) - chunk_start
            if difference == 0:
                raise DecompressionError("copy token at the start of a chunk")
            bit_count, _ = _copy_token_layout(difference)
            offset = (token >> (16 - bit_count)) + 1
            length = (token & (0xFFFF >> bit_count)) + 3
            if offset > difference:
                raise DecompressionError("copy token points before the chunk")
            source = len(out) - offset
            for i in range(length):  # byte by byte: the source may overlap the output
                out.append(out[source + i])


def decompress(container: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer (2.4.1.3.1)."""
    container = bytes(container)
    if not container or container[0] != _SIGNATURE:
        raise DecompressionError("missing signature byte 0x01")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise DecompressionError("truncated chunk header")
        header = int.from_bytes(container[pos : pos + 2], "little")
        if header & 0x7000 != _CHUNK_SIGNATURE:
            raise DecompressionError(f"bad chunk signature at offset {pos}")
        size = (header & 0x0FFF) + 3
        body = container[pos + 2 : pos + size]
        if header & _COMPRESSED_FLAG:
            _decode_tokens(body, out)
        else:
            out += body
        pos += size
    return bytes(out)
