"""POST /api/validate answers with exactly what `workbook-tools validate --format json` prints."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from workbook_tools.cli import main
from workbook_tools.portal.models import AuditEntry, Unit


def _cli_json(path, tmp_path, monkeypatch, capsys) -> dict:
    folder = tmp_path / "cli"
    folder.mkdir()
    shutil.copyfile(path, folder / path.name)
    monkeypatch.chdir(folder)  # the CLI names the file as given: the bare name, as the API names the upload
    main(["validate", path.name, "--format", "json"])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("which", ["buto_bad", "clean", "broken"])
def test_same_json_as_the_cli(batch, demo, tmp_path, monkeypatch, capsys, which):
    unit = Unit.objects.get(batch=batch, code=demo["units"][0].code)
    path = demo[which]
    sent = SimpleUploadedFile(path.name, path.read_bytes())
    response = Client().post("/api/validate", {"file": sent}, HTTP_AUTHORIZATION=f"Token {unit.token}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    answer = json.loads(response.content)
    assert answer == _cli_json(path, tmp_path, monkeypatch, capsys)
    assert answer["files"] == 1
    if which == "buto_bad":
        assert not answer["valid"] and "FORMULA_OVERWRITTEN" in answer["codes"]
    assert AuditEntry.objects.filter(unit=unit, action="在线校验").exists()
    assert not unit.uploads.exists()  # a check from Excel is not a version of the return


def test_token_in_form_field_and_refusals(batch, demo):
    unit = Unit.objects.get(batch=batch, code=demo["units"][0].code)
    client = Client()
    data = demo["clean"].read_bytes()
    ok = client.post("/api/validate", {"token": unit.token, "file": SimpleUploadedFile("a.xlsx", data)})
    assert ok.status_code == 200
    bad = client.post("/api/validate", {"token": "x" * 43, "file": SimpleUploadedFile("a.xlsx", data)})
    assert bad.status_code == 403 and "令牌无效" in json.loads(bad.content)["error"]
    assert client.post("/api/validate", {"token": unit.token}).status_code == 400
    wrong = client.post("/api/validate", {"token": unit.token, "file": SimpleUploadedFile("a.exe", b"MZ")})
    assert wrong.status_code == 415
    unit.revoked = True
    unit.save()
    revoked = client.post("/api/validate", {"token": unit.token, "file": SimpleUploadedFile("a.xlsx", data)})
    assert revoked.status_code == 403
