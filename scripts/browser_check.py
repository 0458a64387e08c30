"""Opens every page of a built book in headless Chromium and checks what a reader would see.

For each page: it loads from file:// with no console errors and no network requests, every inline
SVG and image has a non-zero rendered size, every internal link resolves (file and #anchor), and a
full-page screenshot is written to the screenshots folder.

Each page's height at 1280 px (document.documentElement.scrollHeight) is printed, and a page named
in scripts/page-heights.json may not be taller than the budget written there: a page that grows
past it has usually lost its folding or its wrapping. Pages not named there are only measured.
Code listings (pre.code) must wrap long lines rather than scroll sideways.

On a page with controls (the explorable book) every control is moved through a sample of its
values and each cell must show the variant the build computed (scripts/explore_check.py); the
same page opened with JavaScript off must show the chapter's own values and no control.

Usage: python3 scripts/browser_check.py BOOK_DIR SCREENSHOT_DIR
"""
import json
import sys
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

import explore_check


def chromium_driver(javascript: bool = True):
    options = webdriver.ChromeOptions()
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--hide-scrollbars", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


ZERO_SIZED = """
return Array.from(document.querySelectorAll('svg, img')).filter(e => {
  const r = e.getBoundingClientRect();
  return !(r.width > 0 && r.height > 0);
}).map(e => e.outerHTML.slice(0, 120));
"""

HEIGHT_BUDGETS = Path(__file__).resolve().parent / "page-heights.json"

# Code listings wrap their long lines; one that scrolls sideways hides the end of a line.
WIDE_CODE = """
return Array.from(document.querySelectorAll('pre.code')).filter(p => p.scrollWidth > p.clientWidth + 1)
  .map(p => p.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '').slice(0, 80));
"""

LINKS = "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));"


class IdCollector(HTMLParser):
    """The id attributes of a page, for checking #anchors without leaving the current page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


def logged_problems(driver, when: str) -> list[str]:
    """Console errors and requests that left the book's folder since the logs were last read."""
    problems = [f"console error{when}: {entry.get('message')}" for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("file://", "data:", "about:")):
                problems.append(f"network request{when}: {url}")
    return problems


def check_page(driver, page: Path, book: Path, shots: Path, ids_of, budgets: dict, timings: list) -> list[str]:
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get(page.as_uri())
    problems = logged_problems(driver, "")
    for element in driver.execute_script(ZERO_SIZED):
        problems.append(f"zero-sized element: {element}")
    for href in driver.execute_script(LINKS):
        parsed = urllib.parse.urlparse(href)
        if parsed.scheme in ("http", "https", "mailto"):
            continue  # external links are allowed; following them is not checked offline
        target = page if not parsed.path else (page.parent / urllib.parse.unquote(parsed.path)).resolve()
        if not target.exists():
            problems.append(f"broken link: {href}")
        elif parsed.fragment and target.suffix == ".html" and parsed.fragment not in ids_of(target):
            problems.append(f"broken anchor: {href}")
    for line in driver.execute_script(WIDE_CODE):
        problems.append(f"code scrolls sideways instead of wrapping, at: {line}")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    budget = budgets.get(page.name)
    print(f"     {page.name}: {height} px tall" + (f" (budget {budget} px)" if budget else ""))
    if budget and height > budget:
        problems.append(f"page is {height} px tall at 1280 px wide, over its budget of {budget} px in {HEIGHT_BUDGETS.name}")
    driver.set_window_size(1280, min(max(height, 600), 16000))
    driver.save_screenshot(str(shots / (page.stem + ".png")))
    driver.set_window_size(1280, 900)
    explored, page_timings, settings = explore_check.check_explorable(driver, page)
    problems += explored
    if settings:
        print(f"     {page.name}: {settings} settings checked; {explore_check.summary(page_timings)}")
        timings += page_timings
        problems += logged_problems(driver, " while exploring")
    return problems


def main() -> int:
    book, shots = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(book.glob("*.html"))
    if len(pages) < 2:
        print(f"browser check: expected a contents page and chapters in {book}, found {len(pages)} pages")
        return 1
    driver = chromium_driver()
    id_cache: dict[Path, set[str]] = {}
    budgets = json.loads(HEIGHT_BUDGETS.read_text(encoding="utf-8"))["max_height_px"] if HEIGHT_BUDGETS.exists() else {}

    def ids_of(target: Path) -> set[str]:
        if target not in id_cache:
            collector = IdCollector()
            collector.feed(target.read_text(encoding="utf-8"))
            id_cache[target] = collector.ids
        return id_cache[target]

    passed = failed = 0
    timings: list[float] = []
    without_script = chromium_driver(javascript=False)
    try:
        for page in pages:
            problems = check_page(driver, page, book, shots, ids_of, budgets, timings)
            problems += explore_check.check_without_script(without_script, page)
            if problems:
                failed += 1
                print(f"FAIL {page.name}")
                for p in problems:
                    print(f"  - {p}")
            else:
                passed += 1
                print(f"ok   {page.name}")
    finally:
        driver.quit()
        without_script.quit()
    print(f"controls: {explore_check.summary(timings)}")
    print(f"screenshots: {shots}")
    print(f"browser-check: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
