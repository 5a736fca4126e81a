"""Kill the server mid-upload (SIGKILL): after a restart no partial file is in the store and the board
is consistent; a complete upload afterwards is stored and listed.

waitress runs in a subprocess on SQLite in a temp data folder (never the DATABASE_URL server).
"""

from __future__ import annotations

import http.cookiejar
import re
import signal
import socket
import sqlite3
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.portal.live import free_port, prepare, start
from workbook_tools.portal.store import BlobStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _uploads(data: Path) -> int:
    with sqlite3.connect(data / "portal.sqlite3") as db:
        return db.execute("select count(*) from portal_upload").fetchone()[0]


def _multipart(name: str, body: bytes, fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + body
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_kill_mid_upload_leaves_nothing_partial(demo, tmp_path):
    data = tmp_path / "data"
    token = prepare(data, demo["small_roster"])
    store = BlobStore(data / "store")
    before = set(store.files())
    body, kind = _multipart("自评表.xlsx", demo["clean"].read_bytes(), {})
    port = free_port()
    server = start(data, port)
    try:
        with socket.create_connection(("127.0.0.1", port)) as conn:
            head = (
                f"POST /u/{token}/upload/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            conn.sendall(head.encode() + body[: len(body) // 2])
            time.sleep(0.5)  # the server is now holding half a request
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    # A write the store had begun would be a temp file; plant one as a killed process would leave it.
    (store.tmp).mkdir(parents=True, exist_ok=True)
    (store.tmp / "upload-99999-deadbeef").write_bytes(body[:100])

    server = start(data, port)
    try:
        assert set(store.files()) == before
        assert not any(store.tmp.iterdir())  # swept at start
        assert _uploads(data) == 0
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"http://127.0.0.1:{port}/u/{token}/").read().decode()
        assert "未下载" in page and "已上传的版本" not in page
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        body, kind = _multipart("自评表.xlsx", demo["clean"].read_bytes(), {"csrfmiddlewaretoken": csrf})
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/u/{token}/upload/",
            data=body,
            headers={"Content-Type": kind},
        )
        opener.open(request).read()
        assert _uploads(data) == 1
        stored = set(store.files()) - before
        # The return as sent (its annotated copy is made only when someone downloads it).
        assert demo["clean"].read_bytes() in [p.read_bytes() for p in stored]
        page = opener.open(f"http://127.0.0.1:{port}/u/{token}/").read().decode()
        assert "已上传的版本" in page and "已上传" in page
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def test_store_never_keeps_a_half_written_file(tmp_path):
    store = BlobStore(tmp_path)

    def broken():
        yield b"x" * 1000
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        store.put_chunks(broken())
    assert store.files() == [] and list(store.tmp.iterdir()) == []
    first = store.put_chunks([b"abc"])
    again = store.put_chunks([b"abc"])
    assert first == again and store.files() == [first.path]
    assert first.path.read_bytes() == b"abc"
