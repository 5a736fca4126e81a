"""MS-OVBA 2.4.3 "Data Encryption": the obfuscation of CMG, DPB and GC in the PROJECT stream.

Office picks a random seed; we take it as a parameter so builds are reproducible.
"""

from __future__ import annotations

_VERSION = 2


def _project_key(project_id: str) -> int:
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt(project_id: str, data: bytes, seed: int) -> str:
    """Return the upper-case hex text Office writes for `data` (e.g. the value of CMG="...")."""
    if not 0 <= seed <= 0xFF:
        raise ValueError("seed must be one byte")
    key = _project_key(project_id)
    version_enc = seed ^ _VERSION
    key_enc = seed ^ key
    out = bytearray([seed, version_enc, key_enc])
    unencrypted1, encrypted1, encrypted2 = key, key_enc, version_enc
    ignored = bytes((seed & 6) // 2)  # arbitrary per spec; zeros keep the output fixed
    for byte in ignored + len(data).to_bytes(4, "little") + bytes(data):
        encrypted = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(encrypted)
        encrypted2, encrypted1, unencrypted1 = encrypted1, encrypted, byte
    return out.hex().upper()


def decrypt(text: str) -> bytes:
    """Inverse of `encrypt`; raises ValueError on a malformed value."""
    raw = bytes.fromhex(text)
    if len(raw) < 7:
        raise ValueError("encrypted value too short")
    seed, version_enc, key_enc = raw[:3]
    if seed ^ version_enc != _VERSION:
        raise ValueError("unsupported encryption version")
    unencrypted1, encrypted1, encrypted2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for encrypted in raw[3:]:
        byte = encrypted ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, encrypted, byte
    body = plain[(seed & 6) // 2 :]
    length = int.from_bytes(body[:4], "little")
    if length != len(body) - 4:
        raise ValueError("encrypted length field does not match the data")
    return bytes(body[4:])
