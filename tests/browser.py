"""Helpers for the headless-Chromium tests."""

import os
import shutil

import pytest


def click_and_wait(driver, element, timeout: float = 30) -> None:
    """Click a submit button and wait until the next page has replaced this one.

    Reading the page right after a click races the navigation on a loaded machine.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_driver) -> bool:
        try:
            page.is_enabled()
        # stale: Chromium reports it either as stale or as "node ... not in document"
        except WebDriverException:
            return True
        return False

    WebDriverWait(driver, timeout).until(replaced)


CHROMIUM = "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# the marks of a browser test module: `pytestmark = BROWSER_MARKS`
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) or not os.path.exists(DRIVER),
        reason="headless Chromium (apt-get install chromium chromium-driver) not installed",
    ),
]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def chromium(*extra_flags: str):
    """A headless Chromium driver for a fixture: `yield from chromium("--window-size=1280,1600")`."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, *extra_flags):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
