"""MS-OVBA 2.4.1 compression: spec vectors, exact round trips, agreement with oletools."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from workbook_tools.vba.compression import CHUNK_SIZE, DecompressionError, compress, decompress

# [MS-OVBA] 3.2.1 "No Compression Example" and 3.2.2 "Normal Compression Example".
SPEC_VECTORS = [
    (
        b"abcdefghijklmnopqrstuv.",
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E",
    ),
    (
        b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20"
        " 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C",
    ),
]


def _oletools(container: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(container)))


def _module_source(size: int) -> bytes:
    """VBA-like text with indentation runs, repeated keywords and varying identifiers."""
    rng = random.Random(7)
    lines, total, n = [], 0, 0
    while total < size:
        indent = " " * rng.choice([0, 4, 8, 12, 40])
        line = f"{indent}Dim value{n} As Long: value{n} = {rng.randint(0, 10**6)} ' note {n % 17}\r\n"
        lines.append(line)
        total += len(line)
        n += 1
    return "".join(lines).encode("ascii")


@pytest.mark.parametrize(("plain", "packed"), SPEC_VECTORS)
def test_spec_examples_decompress_and_compress_to_the_published_bytes(plain: bytes, packed: str) -> None:
    container = bytes.fromhex(packed)
    assert decompress(container) == plain
    assert compress(plain) == container


CASES = {
    "empty": b"",
    "one byte": b"A",
    "spaces 100k": b" " * 100_000,
    "zeros 50k": bytes(50_000),
    "exact chunk": b"x" * CHUNK_SIZE,
    "chunk plus one": b"y" * (CHUNK_SIZE + 1),
    "incompressible full chunk": random.Random(1).randbytes(CHUNK_SIZE),
    "incompressible short tail": random.Random(2).randbytes(CHUNK_SIZE + 4000),
    "module over 40 KB": _module_source(45_000),
    "mixed runs": (b"Sub A()\r\n" + b" " * 5000 + b"End Sub\r\n" + bytes(9000)) * 3,
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_round_trip_is_exact_with_ours_and_with_oletools(data: bytes) -> None:
    container = compress(data)
    assert decompress(container) == data
    assert _oletools(container) == data


def test_text_compresses_well() -> None:
    source = _module_source(45_000)
    assert len(compress(source)) < len(source) // 2


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3 * CHUNK_SIZE))
def test_random_bytes_round_trip(data: bytes) -> None:
    container = compress(data)
    assert decompress(container) == data
    assert _oletools(container) == data


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([b" ", b"\x00", b"ab", b"Dim x", b"\r\n", b"zz" * 40]), max_size=3000))
def test_repetitive_bytes_round_trip(parts: list[bytes]) -> None:
    data = b"".join(parts)
    assert decompress(compress(data)) == data
    assert _oletools(compress(data)) == data


def test_compression_is_deterministic() -> None:
    data = _module_source(20_000)
    assert compress(data) == compress(data)


@pytest.mark.parametrize(
    "container",
    [b"", b"\x02\x00\x00", bytes.fromhex("01 19 00 00"), bytes.fromhex("01 03 B0 01 05 00")],
    ids=["empty", "bad signature", "bad chunk signature", "copy token before data"],
)
def test_invalid_containers_are_rejected(container: bytes) -> None:
    with pytest.raises(DecompressionError):
        decompress(container)
