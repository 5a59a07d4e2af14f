"""Helpers for the headless-Chromium tests."""


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
