"""Headless Chromium under Selenium 4 for the end-to-end tests and scripts/portal_screenshots.py.

Debian's packages only: chromium and chromium-driver (scripts/ensure-portal-tools.sh installs both).
The driver is given by path, so Selenium Manager never looks for (or downloads) one of its own.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DRIVER_PATHS = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def chromium() -> str | None:
    """Debian's Chromium executable, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromedriver() -> str | None:
    """Debian's chromedriver (package chromium-driver), or None."""
    return next((p for p in DRIVER_PATHS if Path(p).is_file()), None) or shutil.which("chromedriver")


def missing() -> str:
    """Why a browser cannot be started here, in Chinese ("" when it can)."""
    if chromium() is None:
        return "未安装 chromium（apt-get install -y chromium，或运行 scripts/ensure-portal-tools.sh）"
    if chromedriver() is None:
        return (
            "未安装 chromedriver（apt-get install -y chromium-driver，或运行 scripts/ensure-portal-tools.sh）"
        )
    return ""


@contextmanager
def chrome(width: int, height: int, downloads: Path | None = None) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a private profile and download folder (`driver.downloads`); always quit
    and cleaned up, even when the test fails."""
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    profile = Path(tempfile.mkdtemp(prefix="wbt-chromium-"))
    downloads = downloads or profile / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    options = Options()
    options.binary_location = chromium()
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in CI containers; the pages are our own portal on 127.0.0.1
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        "--lang=zh-CN",
        f"--user-data-dir={profile / 'user'}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    driver = webdriver.Chrome(options=options, service=Service(chromedriver()))
    try:
        # Headless Chromium may ignore the download preference; the DevTools command makes it explicit.
        driver.execute_cdp_cmd(
            "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        driver.downloads = downloads
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver, condition: Callable, timeout: float = 20.0, message: str = ""):
    """WebDriverWait(...).until(condition), with a Chinese message on timeout."""
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition, message or "等待超时")


def wait_js(driver, expression: str, timeout: float = 20.0):
    """Wait until a JavaScript expression is truthy in the page."""
    return wait(
        driver, lambda d: d.execute_script(f"return ({expression})"), timeout, f"等待超时：{expression}"
    )


def click_and_load(driver, selector: str, timeout: float = 30.0) -> None:
    """Click the element (a submit button, a link) and wait until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    wait(driver, _replaced(page), timeout, f"点击后页面未跳转：{selector}")
    wait_js(driver, "document.readyState === 'complete'", timeout)


# What chromedriver answers about an element of a page being replaced: besides "stale", it sometimes reports
# the node's id as no longer in the document while the new page loads.
_GONE = ("does not belong to the document", "No node with given id")


def _replaced(element) -> Callable:
    """A wait condition: `element`'s page has been replaced (staleness_of, tolerant of the answers above)."""

    def check(_driver) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if any(text in str(exc) for text in _GONE):
                return True
            raise
        return False

    return check


def downloaded(driver, before: set[str], timeout: float = 30.0) -> Path:
    """The file a click just started downloading, once complete (no .crdownload left)."""
    folder: Path = driver.downloads

    def done(_driver):
        new = [p for p in folder.iterdir() if p.name not in before]
        if new and not any(p.suffix == ".crdownload" for p in new):
            return new[0]
        return False

    return wait(driver, done, timeout, "下载未完成")


def full_page_png(driver, target: Path) -> None:
    """Save the whole page (beyond the window's height) as a PNG, after the fonts have loaded."""
    wait_js(driver, "document.readyState === 'complete'")
    driver.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")
    time.sleep(0.3)  # layout after the web fonts swap in
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    target.write_bytes(base64.b64decode(shot["data"]))
