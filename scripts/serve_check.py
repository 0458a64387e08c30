"""Drives `tutor serve` in headless Chromium, as a teacher and a class would use it.

Starts the server on a free loopback port over a copy of the chapters (so the check can edit
them), then:
  1. opens chapter 1: every cell's outputs arrive, and no script error is logged;
  2. edits a parameter (a number box, then the kernel's grid editor): the cell's outputs are
     replaced in place and the address carries the value; a value out of range shows the chapter
     parser's message next to its control; Reset brings the chapter's own values back;
  3. saves an edit to the chapter file: the open page shows it (time printed, must be under 1 s
     after the file is written, plus the check's own polling);
  4. presents chapter 1 (/present/1): one section at a time; arrow keys, space and page-down
     move through them;
  5. stops the server with Ctrl-C (SIGINT): it exits 0 within 5 s.

Usage: python3 scripts/serve_check.py TUTOR_BINARY SCREENSHOT_DIR
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser_check import chromium_driver

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def start_server(binary, work):
    chapters = work / "chapters"
    shutil.copytree(ROOT / "chapters", chapters)
    process = subprocess.Popen(
        [binary, "serve", "--port", "0", "--chapters", str(chapters), "--out", str(work / "output"),
         "--sample", str(ROOT / "data" / "sample")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        process.kill()
        raise AssertionError(f"tutor serve did not say where it listens: {line!r} {process.stderr.read()!r}")
    return process, f"http://127.0.0.1:{match.group(1)}", chapters


def script_errors(driver):
    """Severe console entries, less the 400 answers the check provokes on purpose (bad values)."""
    return [entry for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "status of 400" not in entry["message"]]


def outputs_key(driver, cell):
    return driver.execute_script(
        f"const o = document.querySelector('.cell-outputs[data-cell=\"{cell}\"]');"
        "return o && !o.classList.contains('stale') && !o.classList.contains('pending') ? (o.dataset.key || 'own') : null;")


def main_text(driver):
    return driver.execute_script("const m = document.querySelector('main'); return m ? m.innerText : '';")


def control(driver, cell, name):
    return driver.find_element(By.CSS_SELECTOR, f'form.live-controls[data-cell="{cell}"] .control[data-name="{name}"]')


def main():
    binary, shots = sys.argv[1], Path(sys.argv[2])
    shots.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tutor-serve-check."))
    process, base, chapters = start_server(binary, work)
    driver = chromium_driver()
    failures = []
    try:
        # 1. The page and every cell's outputs.
        driver.get(f"{base}/01-convolution.html")
        wait_for(lambda: not driver.find_elements(By.CSS_SELECTOR, ".cell-outputs.pending, .cell-outputs.stale"), 60, "chapter 1's cells")
        forms = driver.find_elements(By.CSS_SELECTOR, "form.live-controls")
        assert forms and all(f.is_displayed() for f in forms), "the live controls are not shown"
        print(f"serve check: chapter 1 computed, {len(forms)} cells with controls")

        # 2. A number box: cell 4's row.
        before = outputs_key(driver, 4)
        row = control(driver, 4, "row").find_element(By.TAG_NAME, "input")
        row.clear()
        row.send_keys("5")
        started = time.monotonic()
        wait_for(lambda: outputs_key(driver, 4) not in (None, before), 10, "cell 4 redrawn with row=5")
        print(f"serve check: row=5 redrawn in {time.monotonic() - started:.2f} s")
        assert "4.row=5" in driver.current_url, f"the address does not carry row=5: {driver.current_url}"
        assert "row=5" in driver.find_element(By.CSS_SELECTOR, '.cell-arguments[data-cell="4"]').text

        # The kernel's grid: choose "matrix…", set the centre weight.
        kernel = control(driver, 4, "kernel")
        before = outputs_key(driver, 4)
        Select(kernel.find_element(By.CSS_SELECTOR, '[data-part="name"]')).select_by_value("")
        wait_for(lambda: outputs_key(driver, 4) not in (None, before), 10, "cell 4 redrawn with a matrix kernel")
        boxes = kernel.find_elements(By.CSS_SELECTOR, ".matrix-row input")
        assert len(boxes) == 9 and boxes[0].is_displayed(), f"the grid editor shows {len(boxes)} boxes"
        before = outputs_key(driver, 4)
        boxes[4].clear()
        boxes[4].send_keys("-4")
        search = lambda: driver.execute_script("return decodeURIComponent(location.search.replace(/\\+/g, ' '))")
        wait_for(lambda: "4.kernel=[[0,0,0],[0,-4,0],[0,0,0]]" in search(), 10, f"the grid in the address")
        wait_for(lambda: outputs_key(driver, 4) not in (None, before), 10, "cell 4 redrawn with the edited grid")

        # A value out of range: the parser's message beside the control, outputs kept.
        row = control(driver, 4, "row").find_element(By.TAG_NAME, "input")
        row.send_keys(Keys.END, Keys.BACKSPACE, Keys.BACKSPACE, "99")
        message = wait_for(lambda: "99" in (text := control(driver, 4, "row").find_element(By.CSS_SELECTOR, ".control-error").text) and text,
                           10, "the message of row=99")
        assert "row" in message, f"the message does not name the parameter: {message!r}"
        print(f"serve check: row=99 refused: {message}")

        # Reset: the chapter's own values, and the address clean.
        driver.find_element(By.CSS_SELECTOR, 'form.live-controls[data-cell="4"] .live-reset').click()
        try:
            wait_for(lambda: outputs_key(driver, 4) is not None and "?" not in driver.current_url, 10, "cell 4 reset")
        except AssertionError:
            print(driver.current_url, outputs_key(driver, 4), script_errors(driver), driver.find_element(By.ID, "live_banner").text)
            raise
        driver.save_screenshot(str(shots / "serve-chapter1.png"))

        # 3. Live reload.
        marker = "Live reload marker 4711"
        path = chapters / "01-convolution.md"
        written = time.monotonic()
        path.write_text(path.read_text() + f"\n{marker}.\n")
        wait_for(lambda: marker in main_text(driver), 5, "the edit on the page")
        elapsed = time.monotonic() - written
        print(f"serve check: a saved chapter edit appeared in the open page after {elapsed:.2f} s")
        if elapsed > 1.0:
            failures.append(f"live reload took {elapsed:.2f} s, over 1 s")

        # A chapter that no longer parses: the located message instead of stale content.
        path.write_text(path.read_text() + "\n```swift step=noSuchStep\n```\n")
        text = wait_for(lambda: "does not load" in main_text(driver) and main_text(driver),
                        5, "the error page")
        assert "01-convolution.md:" in text and "noSuchStep" in text, text
        path.write_text(path.read_text().replace("\n```swift step=noSuchStep\n```\n", ""))
        wait_for(lambda: marker in main_text(driver), 5, "the fixed chapter back")
        print("serve check: a broken chapter showed its located error, and came back when fixed")

        # A book.toml changed while serving: the page's banner says so, and keeps saying so
        # when the page reloads for a chapter edit; it goes when the file is as it was.
        settings = chapters / "book.toml"
        original = settings.read_bytes() if settings.exists() else None
        settings.write_text('title = "Edited while serving"\nbogus = 1\n')
        banner = lambda: driver.find_element(By.ID, "live_banner").text
        wait_for(lambda: "book.toml" in banner() and "bogus" in banner(), 5, "the banner naming book.toml")
        second = "Live reload marker 4712"
        path.write_text(path.read_text() + f"\n{second}.\n")
        wait_for(lambda: second in main_text(driver), 5, "the second edit on the page")
        time.sleep(0.5)
        assert "book.toml" in banner(), f"the reload cleared the banner: {banner()!r}"
        if original is None:
            settings.unlink()
        else:
            settings.write_bytes(original)
        wait_for(lambda: "book.toml" not in banner(), 5, "the banner cleared once book.toml is as it was")
        print("serve check: a changed book.toml stayed on the banner through a reload, and went when restored")

        # 4. The presenter.
        driver.get(f"{base}/present/1")
        wait_for(lambda: driver.find_elements(By.ID, "slide-counter"), 10, "the presenter's counter")
        counter = lambda: driver.find_element(By.ID, "slide-counter").text
        total = int(counter().split("/")[1])
        assert counter().startswith("1 /") and total > 2, counter()
        visible = driver.execute_script("return [...document.querySelectorAll('main > .slide')].filter(s => !s.hidden).length")
        assert visible == 1, f"{visible} sections shown at once"
        body = driver.find_element(By.TAG_NAME, "body")
        for key, expected in ((Keys.ARROW_RIGHT, 2), (Keys.SPACE, 3), (Keys.PAGE_DOWN, 4), (Keys.ARROW_LEFT, 3), (Keys.PAGE_UP, 2)):
            body.send_keys(key)
            wait_for(lambda: counter().startswith(f"{expected} /"), 5, f"section {expected}")
        driver.save_screenshot(str(shots / "serve-present.png"))
        print(f"serve check: presenter moved through {total} sections with arrows, space and page keys")

        errors = script_errors(driver)
        if errors:
            failures.append(f"script errors: {errors}")
    finally:
        driver.quit()
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=5)
            if code != 0:
                failures.append(f"tutor serve exited {code} on Ctrl-C: {process.stderr.read()}")
        except subprocess.TimeoutExpired:
            process.kill()
            failures.append("tutor serve did not stop within 5 s of Ctrl-C")
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        for failure in failures:
            print(f"serve check: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print("serve check: passed")


if __name__ == "__main__":
    main()
