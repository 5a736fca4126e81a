"""`workbook-tools serve --create-collector` and the create_collector management command make accounts."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.management import call_command

from workbook_tools.cli import main


def test_serve_create_collector(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKBOOK_TOOLS_PORTAL_DATA", str(tmp_path))  # configure() sets it; restored after
    assert (
        main(["serve", "--data", str(tmp_path), "--create-collector", "汇总员甲", "--password", "pw-1"]) == 0
    )
    assert "汇总人员账号：汇总员甲" in capsys.readouterr().out
    assert authenticate(username="汇总员甲", password="pw-1") is not None
    # Again: the password is reset, the account stays one.
    main(["serve", "--data", str(tmp_path), "--create-collector", "汇总员甲", "--password", "pw-2"])
    assert authenticate(username="汇总员甲", password="pw-1") is None
    assert authenticate(username="汇总员甲", password="pw-2") is not None


def test_management_command_prints_a_random_password(capsys):
    call_command("create_collector", "汇总员乙")
    password = capsys.readouterr().out.strip().split("密码：")[1]
    assert len(password) >= 12 and authenticate(username="汇总员乙", password=password) is not None
