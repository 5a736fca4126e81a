"""Compound file writer: olefile and our reader see the same streams; output is deterministic."""

from __future__ import annotations

import importlib.util
import io
import random
from pathlib import Path

import olefile
import pytest

from workbook_tools.vba.cfb import build_cfb, read_cfb
from workbook_tools.vba.crypt import decrypt, encrypt


def _xlwings_dir() -> Path | None:
    spec = importlib.util.find_spec("xlwings")  # located, not imported
    return Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None


def _streams() -> dict[str, bytes]:
    rng = random.Random(3)
    streams = {
        "PROJECT": b"ID=...\r\n" * 40,
        "PROJECTwm": b"M\x00M\x00\x00\x00\x00\x00",
        "VBA/_VBA_PROJECT": bytes.fromhex("CC61FFFF000100"),
        "VBA/dir": rng.randbytes(1200),
        "VBA/empty": b"",
        "VBA/exactly_cutoff": rng.randbytes(4096),
        "VBA/below_cutoff": rng.randbytes(4095),
        "VBA/large": rng.randbytes(70_000),
    }
    streams.update({f"VBA/Module{i}": rng.randbytes(rng.randint(1, 9000)) for i in range(30)})
    return streams


def test_olefile_reads_every_stream_back() -> None:
    streams = _streams()
    ole = olefile.OleFileIO(io.BytesIO(build_cfb(streams)))
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data, path


def test_our_reader_matches() -> None:
    streams = _streams()
    assert read_cfb(build_cfb(streams)) == streams


def test_layout_is_v3_and_deterministic() -> None:
    data = build_cfb(_streams())
    assert data == build_cfb(dict(reversed(list(_streams().items()))))
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert data[26:28] == b"\x03\x00"  # major version 3
    assert len(data) % 512 == 0


@pytest.mark.parametrize("bad", ["", "x" * 32, "a:b"])
def test_invalid_names_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        build_cfb({f"VBA/{bad}": b"1"})


def test_reader_handles_an_office_style_file() -> None:
    """The vbaProject.bin xlwings ships (Aspose-built, opened by Excel users every day)."""
    import zipfile

    folder = _xlwings_dir()
    book = folder / "quickstart_standalone.xlsm" if folder else None
    if book is None or not book.exists():
        pytest.skip("xlwings quickstart workbook not installed")
    blob = zipfile.ZipFile(book).read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(io.BytesIO(blob))
    expected = {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}
    assert read_cfb(blob) == expected


def test_decrypts_the_protection_fields_xlwings_ships() -> None:
    # From quickstart_standalone.xlsm's PROJECT stream: not protected, no password, visible.
    assert decrypt("8D8FA61394EA98EA98EA98EA98") == bytes(4)
    assert decrypt("8D8FA61394EF95EF95EF") == b"\x00"
    assert decrypt("8D8FA61394EF95EF9510") == b"\xff"


def test_encryption_round_trips_for_every_seed() -> None:
    project_id = "{6B3D9C1E-4F2A-4E8B-9A37-5C0D2E7F1B46}"
    for seed in range(256):
        for data in (bytes(4), b"\x00", b"\xff"):
            assert decrypt(encrypt(project_id, data, seed)) == data
