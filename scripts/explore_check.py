"""The explorable book in a real browser: every control of a page, moved as a reader moves it.

For each control of a page that has them (`#tutor_explore`), for a sample of its values (all of
them when there are few), it sets the control with the mouse or keyboard and checks that every
cell following the control shows exactly the variant the build computed for that setting, and
that at least one setting of the control changes what some cell shows. It then checks that the
address (#c1.digit=4...) round-trips: opening it shows the same controls and outputs. Timing:
each change is also made by a script and timed until the next frame is painted; the median and
the slowest are printed (the target is 50 ms).

`check_without_script` opens the page with JavaScript off: the controls stay hidden and every
cell shows the chapter's own outputs.
"""
import statistics
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

DATA = "const e = document.getElementById('tutor_explore'); return e ? JSON.parse(e.textContent) : null;"
OUTPUTS = """
const out = {};
for (const e of document.querySelectorAll('.cell-outputs[data-cell]')) out[e.dataset.cell] = e.innerHTML;
return out;
"""
TEMPLATES = """
const out = {};
for (const t of document.querySelectorAll('template[id]')) out[t.id] = t.innerHTML;
return out;
"""
# Sets control `id` to value index `index` by script, and reports the milliseconds until the
# frame after the page's update is painted.
TIMED_CHANGE = """
const [id, index, done] = arguments;
const element = document.querySelector(`[data-control="${id}"]` + (document.querySelector(`input[type=radio][data-control="${id}"]`) ? `[value="${index}"]` : ''));
const start = performance.now();
if (element.type === 'radio') element.checked = true;
else if (element.type === 'checkbox') element.checked = index === 1;
else element.value = String(index);
element.dispatchEvent(new Event(element.type === 'range' ? 'input' : 'change', {bubbles: true}));
requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
"""


def sample(count: int, own: int) -> list[int]:
    """Every index when there are few; otherwise the ends, the middle and the neighbours of own."""
    if count <= 6:
        return [i for i in range(count) if i != own]
    picks = {0, count - 1, count // 2, max(0, own - 1), min(count - 1, own + 1)}
    picks.discard(own)
    return sorted(picks)


def set_control(driver, control_id: str, control: dict, index: int, current: int):
    """Moves a control the way a reader does: a click, a menu, arrow keys."""
    elements = driver.find_elements(By.CSS_SELECTOR, f'[data-control="{control_id}"]')
    first = elements[0]
    kind = first.get_attribute("type") if first.tag_name == "input" else first.tag_name
    if kind == "radio":
        next(e for e in elements if e.get_attribute("value") == str(index)).click()
    elif kind == "checkbox":
        if (index == 1) != first.is_selected():
            first.click()
    elif kind == "select":
        Select(first).select_by_value(str(index))
    elif kind == "range":
        key = Keys.ARROW_RIGHT if index > current else Keys.ARROW_LEFT
        first.send_keys(*([key] * abs(index - current)))
    else:
        raise AssertionError(f"unknown control {kind}")


def expected_outputs(data, chosen, own_html, templates) -> dict:
    out = {}
    for cell, entry in data["cells"].items():
        key = ",".join(str(chosen[c]) for c in entry["controls"])
        variant = entry["variants"].get(key)
        out[cell] = None if variant is None else own_html[cell] if variant == "own" else templates[variant]
    return out


def compare(driver, data, chosen, own_html, templates, what: str) -> list[str]:
    problems = []
    shown = driver.execute_script(OUTPUTS)
    for cell, html in expected_outputs(data, chosen, own_html, templates).items():
        if html is None:
            problems.append(f"{what}: cell {cell} has no variant for this setting")
        elif shown[cell] != html:
            problems.append(f"{what}: cell {cell} does not show the precomputed variant")
    return problems


def check_explorable(driver, page) -> tuple[list[str], list[float], int]:
    """Returns the problems, the timings (ms) and how many settings were checked."""
    data = driver.execute_script(DATA)
    if data is None:
        return [], [], 0
    problems: list[str] = []
    own_html = driver.execute_script(OUTPUTS)
    templates = driver.execute_script(TEMPLATES)
    controls = data["controls"]
    for form in driver.find_elements(By.CSS_SELECTOR, "form.cell-controls"):
        if not form.is_displayed():
            problems.append(f"the controls of cell {form.get_attribute('data-cell')} stay hidden with the script on")
    chosen = {c: controls[c]["own"] for c in controls}
    settings = 0
    for control_id in sorted(controls, key=lambda c: (controls[c]["cell"], c)):
        control = controls[control_id]
        driver.find_element(By.ID, f"cell-{control['cell']}").location_once_scrolled_into_view
        changed_something = False
        for index in sample(len(control["values"]), control["own"]):
            set_control(driver, control_id, control, index, chosen[control_id])
            chosen[control_id] = index
            settings += 1
            what = f"{control_id}={control['values'][index]}"
            problems += compare(driver, data, chosen, own_html, templates, what)
            shown = driver.execute_script(OUTPUTS)
            changed_something |= any(shown[c] != own_html[c] for c in shown)
        if not changed_something:
            problems.append(f"no value of {control_id} changes any output")
        # Leave every control but the first at its own value, so the next control is seen alone.
        set_control(driver, control_id, control, control["own"], chosen[control_id])
        chosen[control_id] = control["own"]
    problems += compare(driver, data, chosen, own_html, templates, "back at the chapter's own values")

    # The address: move two controls, reopen the page at the address, see the same.
    ids = sorted(controls)[:2]
    for control_id in ids:
        target = len(controls[control_id]["values"]) - 1 if controls[control_id]["own"] != len(controls[control_id]["values"]) - 1 else 0
        set_control(driver, control_id, controls[control_id], target, chosen[control_id])
        chosen[control_id] = target
    address = driver.execute_script("return location.hash")
    for control_id in ids:
        if f"{control_id}=" not in address:
            problems.append(f"the address {address!r} does not record {control_id}")
    driver.get("about:blank")
    driver.get(page.as_uri() + address)
    problems += compare(driver, data, chosen, own_html, templates, f"reopened at {address}")
    # And the controls show the values the address gave.
    for control_id in ids:
        elements = driver.find_elements(By.CSS_SELECTOR, f'[data-control="{control_id}"]')
        kind = elements[0].get_attribute("type")
        if kind == "radio":
            index = next((int(e.get_attribute("value")) for e in elements if e.is_selected()), None)
        elif kind == "checkbox":
            index = 1 if elements[0].is_selected() else 0
        else:
            index = int(elements[0].get_attribute("value"))
        if index != chosen[control_id]:
            problems.append(f"reopened at {address}: {control_id} shows value #{index}, not #{chosen[control_id]}")

    # A link followed on the page (a cell's number) keeps the controls in the address, and the
    # address it leaves reopens the same page, scrolled to that cell.
    link = driver.find_elements(By.CSS_SELECTOR, "a.cell-anchor")
    if link:
        driver.execute_script("arguments[0].click()", link[-1])
        followed = driver.execute_script("return location.hash")
        anchor = link[-1].get_attribute("href").split("#", 1)[-1]
        if not followed.startswith("#" + anchor) or any(f"{control_id}=" not in followed for control_id in ids):
            problems.append(f"after following #{anchor} the address is {followed!r}: it lost the controls {ids}")
        driver.get("about:blank")
        driver.get(page.as_uri() + followed)
        problems += compare(driver, data, chosen, own_html, templates, f"reopened at {followed}")

    # Timing: every control to a few values and back, by script, until the next frame.
    driver.get(page.as_uri())
    timings = []
    for control_id, control in controls.items():
        for index in sample(len(control["values"]), control["own"])[:3] + [control["own"]]:
            timings.append(driver.execute_async_script(TIMED_CHANGE, control_id, index))
    return problems, timings, settings


def check_without_script(driver, page) -> list[str]:
    """With JavaScript off: no control is visible, and every cell shows the page as built."""
    driver.get(page.as_uri() + "#c1.digit=4")
    problems = []
    for form in driver.find_elements(By.CSS_SELECTOR, "form.cell-controls"):
        if form.is_displayed():
            problems.append(f"without JavaScript the controls of cell {form.get_attribute('data-cell')} are shown")
    for outputs in driver.find_elements(By.CSS_SELECTOR, ".cell-outputs[data-variant]"):
        problems.append(f"without JavaScript cell {outputs.get_attribute('data-cell')} shows a variant")
    return problems


def summary(timings: list[float]) -> str:
    if not timings:
        return "no controls"
    return f"{len(timings)} timed changes, median {statistics.median(timings):.1f} ms, slowest {max(timings):.1f} ms"
