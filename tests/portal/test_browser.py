"""End to end in a real headless browser (Debian's Chromium under Selenium 4) against waitress + SQLite:

the collector logs in and creates a batch from a roster file; the board is live (htmx polling shows an
upload made elsewhere without reloading); a unit downloads its template, uploads a return with errors,
sees them, uploads the corrected one and submits; the collector 退回 with a reason, the unit sees it and
resubmits, the collector 通过 and downloads a 汇总 whose numbers equal `consolidate` on the same file.
Skipped only when chromium or chromedriver is not installed (scripts/ensure-portal-tools.sh).
"""

from __future__ import annotations

import json
import re
import signal
import urllib.request

import openpyxl
import pytest
from selenium.webdriver.common.by import By

from tests.portal.browser import chrome, click_and_load, downloaded, missing, wait, wait_js
from tests.portal.live import free_port, prepare, start
from workbook_tools.collect.runner import consolidate_paths

pytestmark = pytest.mark.skipif(bool(missing()), reason=missing() or "浏览器已安装")


def _summary_rows(path) -> list[tuple]:
    ws = openpyxl.load_workbook(path, data_only=True)["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    keep = [
        rows[0].index(h) for h in ("单位编码", "执行数", "执行率", "执行得分", "指标得分", "总分", "等级")
    ]
    return [tuple(r[i] for i in keep) for r in rows[1:] if isinstance(r[0], int)]


def _text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def _path(driver) -> str:
    return driver.execute_script("return location.pathname")


def _download(driver, link_selector: str):
    """Click a download link as a person would; the file Chromium saved."""
    before = {p.name for p in driver.downloads.iterdir()}
    driver.find_element(By.CSS_SELECTOR, link_selector).click()
    return downloaded(driver, before)


def _upload(driver, path) -> None:
    """Choose the file in the upload form (send_keys on the file input) and press 上传并校验."""
    driver.find_element(By.CSS_SELECTOR, "input[name=file]").send_keys(str(path))
    click_and_load(driver, "form[enctype] button[type=submit]")
    assert re.search(r"/v/\d+/$", _path(driver)), _path(driver)


def test_collector_and_office_in_a_browser(demo, tmp_path):
    data = tmp_path / "data"
    prepare(data, demo["small_roster"])  # migrations and the collector account k / kill-test
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(data, port)
    try:
        with chrome(1280, 900, tmp_path / "downloads") as driver:
            # The collector logs in and creates a batch from the roster file.
            driver.get(f"{base}/login/")
            driver.find_element(By.NAME, "username").send_keys("k")
            driver.find_element(By.NAME, "password").send_keys("kill-test")
            click_and_load(driver, "form button[type=submit]")
            assert _path(driver) == "/collector/"
            driver.find_element(By.NAME, "roster").send_keys(str(demo["small_roster"]))
            name = driver.find_element(By.NAME, "name")
            name.clear()
            name.send_keys("浏览器测试批次")
            click_and_load(driver, "form[enctype] button[type=submit]")
            assert re.fullmatch(r"/collector/batch/\d+/", _path(driver)), _path(driver)
            board_url = driver.current_url
            text = _text(driver)
            assert "浏览器测试批次" in text and "未下载5" in text.replace("\n", "").replace(" ", "")
            rows = []
            for tr in driver.find_elements(By.CSS_SELECTOR, "#board tr")[1:]:
                cells = tr.find_elements(By.TAG_NAME, "td")
                href = cells[1].find_element(By.TAG_NAME, "a").get_attribute("href")
                rows.append((cells[0].text, href, cells[9].text.strip()))
            code, unit_url, link = next(r for r in rows if r[0] == demo["buto"].code)
            other_code, _, other_link = next(r for r in rows if r[0] != demo["buto"].code)

            # The board is live: an upload by another unit shows up without reloading the page.
            other_token = other_link.rstrip("/").rsplit("/", 1)[1]
            state = (
                "[...document.querySelectorAll('#board tr')].find(r => r.cells[0].innerText === "
                f"{json.dumps(other_code)}).cells[3].innerText.trim()"
            )
            assert driver.execute_script(f"return {state}") == "未下载"
            driver.execute_script("window.__sameDocument = true")  # gone if the page were reloaded
            _upload_elsewhere(base, other_token, demo["clean"])
            wait_js(driver, f"{state} === '已上传'", timeout=15)  # htmx polls every 5 s
            assert driver.current_url == board_url
            assert driver.execute_script("return window.__sameDocument === true")

            # The unit: template, a return with errors, the findings, the corrected return, 提交.
            driver.get(link)
            template = _download(driver, 'a[href$="/template/"]')
            assert template.suffix == ".xlsx" and template.read_bytes()[:2] == b"PK"
            assert template.stat().st_size > 5000
            _upload(driver, demo["buto_bad"])
            text = _text(driver)
            assert "FORMULA_OVERWRITTEN" in text and "有错误时不能提交" in text and "自评表!J6" in text
            assert not driver.find_elements(By.CSS_SELECTOR, 'form[action$="/submit/"]')
            driver.get(link)
            assert driver.find_element(By.CSS_SELECTOR, "button[disabled]").text == "提交"
            _upload(driver, demo["buto_fixed"])
            assert "错误 0 条" in _text(driver).replace("\n", "")
            click_and_load(driver, "form[action$='/submit/'] button")
            assert driver.current_url == link and "已提交" in _text(driver)

            # The collector returns it with a reason; the unit sees the reason and submits again.
            driver.get(unit_url)
            driver.find_element(By.NAME, "reason").send_keys("请补充第 2 项指标的偏差原因")
            click_and_load(driver, "form[action$='/return/'] button")
            assert driver.find_element(By.CSS_SELECTOR, ".state").text == "退回"
            driver.get(link)
            assert "汇总人员已退回：请补充第 2 项指标的偏差原因" in _text(driver)
            click_and_load(driver, "form[action$='/submit/'] button")
            assert driver.current_url == link and "已提交" in _text(driver)

            # 通过, then the 汇总 from the board equals consolidate on the same file.
            driver.get(unit_url)
            click_and_load(driver, "form[action$='/approve/'] button")
            wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".state").text == "通过")
            driver.get(board_url)
            summary = _download(driver, 'a[href$="/summary/"]')
            cli = tmp_path / "汇总.xlsx"
            consolidate_paths([demo["clean"], demo["buto_fixed"]], cli, roster=demo["small_roster"], jobs=1)
            assert _summary_rows(summary) == _summary_rows(cli)
            assert code in [r[0] for r in _summary_rows(summary)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def _upload_elsewhere(base: str, token: str, path) -> None:
    """Another office uploads (plain HTTP, its own cookies and CSRF token)."""
    import http.cookiejar
    import uuid

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/u/{token}/").read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="return.xlsx"\r\n\r\n'
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base}/u/{token}/upload/",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    opener.open(request).read()
