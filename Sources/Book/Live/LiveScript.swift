/// The script of a live page (`tutor serve`), served as `/live.js`: the only script the page's
/// Content-Security-Policy lets run.
///
/// - Shows the controls (`LiveControls`) and sends a reader's values to `/api/run/PAGE`, which
///   answers with server-sent events: queue position, progress lines, a provisional chart, then
///   each cell's outputs, replaced in place. The address keeps the values (`?2.t=0.5`), so a
///   reload or a link shows the same page; "Reset" goes back to the chapter's values.
/// - Listens on `/api/events` and redraws the page when its chapter file changes.
/// - Presents: `?present` (or the key P) shows one section at a time in large type; arrows,
///   space and page-down (a clicker) move through the book.
public enum LiveScript {
    public static let source = #"""
"use strict";
(() => {
  const banner = document.getElementById("live_banner");
  const params = new URLSearchParams(location.search);
  const presenting = params.has("present");
  const overrides = new Map();  // "cell.name" -> the value as an info string writes it
  for (const [key, value] of params) if (/^[0-9]+\./.test(key)) overrides.set(key, value);
  let running = null;  // the AbortController of the run in flight
  let slide = 0;
  const timers = new Map();  // control -> the timer that sends a value being typed

  const main = () => document.querySelector("main[data-live-page]");
  const page = () => main().dataset.livePage;
  const form = cell => document.querySelector(`form.live-controls[data-cell="${cell}"]`);
  const outputsOf = cell => document.querySelector(`.cell-outputs[data-cell="${cell}"]`);

  // What the server says stands (the binary's steps are stale, book.toml does not read) until
  // it says otherwise: a passing message covers it, and clearing that message shows it again.
  let notice = "";

  function say(text, kind) {
    const shown = text || notice;
    banner.textContent = shown;
    banner.hidden = !shown;
    banner.dataset.kind = text ? (kind || "") : "warning";
  }

  // ---- controls: each reads and writes the text an info string would hold
  function read(control) {
    const kind = control.dataset.kind, input = control.querySelector("input"), select = control.querySelector("select");
    if (kind === "number" || kind === "text") return input.value.trim();
    if (kind === "choice") return select.value;
    if (kind === "toggle") return input.checked ? "true" : "false";
    if (kind === "string") return JSON.stringify(input.value);
    if (kind === "matrix") {
      const name = control.querySelector('[data-part="name"]').value;
      if (name) return name;
      const rows = [...control.querySelectorAll(".matrix-row")].map(row =>
        "[" + [...row.querySelectorAll("input")].map(box => box.value.trim() || "0").join(",") + "]");
      return "[" + rows.join(",") + "]";
    }
    return "";
  }

  function write(control, text) {
    const kind = control.dataset.kind, input = control.querySelector("input"), select = control.querySelector("select");
    if (kind === "number" || kind === "text") input.value = text;
    else if (kind === "choice") select.value = text;
    else if (kind === "toggle") input.checked = text === "true";
    else if (kind === "string") { try { input.value = JSON.parse(text); } catch (_) { input.value = text; } }
    else if (kind === "matrix") {
      let matrix = null;
      if (text.startsWith("[")) { try { matrix = JSON.parse(text); } catch (_) { matrix = null; } }
      control.querySelector('[data-part="name"]').value = matrix ? "" : text;
      drawGrid(control, matrix || [[0, 0, 0], [0, 1, 0], [0, 0, 0]], !matrix);
    }
  }

  // A square of number boxes; `hidden` while a named value is chosen.
  function drawGrid(control, matrix, hidden) {
    const grid = control.querySelector('[data-part="grid"]'), side = control.querySelector('[data-part="side"]');
    const n = matrix.length;
    if ([...side.options].some(o => Number(o.value) === n)) side.value = String(n);
    grid.replaceChildren();
    for (let r = 0; r < n; r++) {
      const row = document.createElement("span");
      row.className = "matrix-row";
      for (let c = 0; c < n; c++) {
        const box = document.createElement("input");
        box.type = "number"; box.step = "any";
        box.value = String((matrix[r] || [])[c] ?? 0);
        box.setAttribute("aria-label", `row ${r + 1}, column ${c + 1}`);
        row.append(box);
      }
      grid.append(row);
    }
    grid.hidden = hidden;
    control.querySelector(".matrix-side").hidden = hidden;
  }

  function gridValues(control) {
    return [...control.querySelectorAll(".matrix-row")].map(row => [...row.querySelectorAll("input")].map(b => Number(b.value) || 0));
  }

  // ---- the address: the values that differ from the chapter's own
  function collect(cell) {
    for (const control of form(cell).querySelectorAll(".control")) {
      const key = `${cell}.${control.dataset.name}`, text = read(control);
      if (text === control.dataset.own) overrides.delete(key); else overrides.set(key, text);
    }
  }

  function query(extra) {
    const q = new URLSearchParams(extra || {});
    for (const key of [...overrides.keys()].sort()) q.set(key, overrides.get(key));
    return q;
  }

  function remember() {
    const q = query(presenting ? { present: "" } : {});
    const text = q.toString().replace(/^present=(&|$)/, "present$1");
    history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
  }

  function showProblems(problems) {
    // Those without a control of their own share the banner, all of them: one per line.
    const unplaced = [];
    for (const problem of problems) {
      const f = form(problem.cell);
      const control = f && problem.parameter ? f.querySelector(`.control[data-name="${CSS.escape(problem.parameter)}"]`) : null;
      const place = control ? control.querySelector(".control-error") : null;
      if (place) { place.textContent = problem.message; place.hidden = false; }
      else unplaced.push(`cell ${problem.cell}: ${problem.message}`);
    }
    if (unplaced.length) say(unplaced.join("\n"), "error");
  }

  function clearProblems() {
    for (const place of document.querySelectorAll(".control-error")) { place.textContent = ""; place.hidden = true; }
    say("");
  }

  function status(cell, text) {
    const f = form(cell), place = f && f.querySelector(".live-status");
    if (place) place.textContent = text;
  }

  // ---- running cells on the server, from `from` to the end of the chapter
  async function run(from) {
    if (running) running.abort();
    const controller = new AbortController();
    running = controller;
    for (const outputs of document.querySelectorAll(".cell-outputs")) {
      if (Number(outputs.dataset.cell) >= from) outputs.classList.add("stale");
    }
    let response;
    try {
      response = await fetch(`/api/run/${encodeURIComponent(page())}?${query({ from: String(from) })}`, { signal: controller.signal });
    } catch (error) {
      if (!controller.signal.aborted) say(`The server cannot be reached (${error.message}). Is tutor serve still running?`, "error");
      return;
    }
    if (running !== controller) return;
    // Messages go when the answer comes, not before: a message vanishing under the pointer
    // would move the page while a reader clicks.
    clearProblems();
    if (!response.ok) {
      const body = await response.json().catch(() => ({ message: `the server answered ${response.status}` }));
      if (body.problems) showProblems(body.problems); else say(body.message, "error");
      for (const outputs of document.querySelectorAll(".cell-outputs.stale")) outputs.classList.remove("stale");
      if (running === controller) running = null;
      return;
    }
    const reader = response.body.getReader(), decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = "message", data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) name = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (data) handle(name, JSON.parse(data));
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) say(`The connection to the server broke (${error.message}).`, "error");
    }
    if (running === controller) running = null;
  }

  function handle(name, event) {
    const outputs = event.cell ? outputsOf(event.cell) : null;
    if (name === "queued") {
      status(event.cell, event.ahead === 0 ? "next in the queue" : `in the queue: ${event.ahead} ahead`);
    } else if (name === "started") {
      status(event.cell, "running…");
    } else if (name === "progress" && outputs) {
      let log = outputs.querySelector("pre.live-progress");
      if (!log) { log = document.createElement("pre"); log.className = "live-progress"; outputs.prepend(log); }
      log.textContent = (log.textContent ? log.textContent + "\n" : "") + event.line;
      log.textContent = log.textContent.split("\n").slice(-12).join("\n");
    } else if (name === "provisional" && outputs) {
      let place = outputs.querySelector(".live-provisional");
      if (!place) { place = document.createElement("div"); place.className = "live-provisional"; outputs.append(place); }
      place.innerHTML = event.html;
    } else if (name === "cell" && outputs) {
      outputs.innerHTML = event.html;
      outputs.classList.remove("stale", "pending");
      outputs.dataset.key = event.key;
      const head = document.querySelector(`.cell-arguments[data-cell="${event.cell}"]`);
      if (head) head.textContent = event.arguments;
      status(event.cell, event.cached ? "" : `computed in ${event.seconds.toFixed(2)} s`);
    } else if (name === "failed" && outputs) {
      outputs.innerHTML = "";
      const pre = document.createElement("pre");
      pre.className = "live-error";
      pre.textContent = event.message;
      outputs.append(pre);
      outputs.classList.remove("stale", "pending");
      status(event.cell, "failed");
      for (const later of document.querySelectorAll(".cell-outputs.stale")) {
        later.classList.remove("stale");
        later.classList.add("pending");
      }
    } else if (name === "stopped") {
      say(event.message, "error");
    }
  }

  // ---- wiring a page (again after a live reload replaced it)
  function wire() {
    for (const f of document.querySelectorAll("form.live-controls")) {
      const cell = Number(f.dataset.cell);
      f.hidden = false;
      for (const control of f.querySelectorAll(".control")) {
        const key = `${cell}.${control.dataset.name}`;
        write(control, overrides.has(key) ? overrides.get(key) : control.dataset.own);
        const changed = () => { clearTimeout(timers.get(control)); collect(cell); remember(); run(cell); };
        control.addEventListener("change", event => {
          if (event.target.dataset.part === "side") {
            const n = Number(event.target.value), old = gridValues(control);
            drawGrid(control, Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (old[r] || [])[c] ?? 0)), false);
          } else if (event.target.dataset.part === "name") {
            const grid = control.querySelector('[data-part="grid"]');
            grid.hidden = event.target.value !== "";
            control.querySelector(".matrix-side").hidden = grid.hidden;
          }
          changed();
        });
        control.addEventListener("input", event => {
          if (event.target.tagName !== "INPUT" || event.target.type === "checkbox") return;
          // A box being retyped is empty for a moment (or holds "-"): wait for a value.
          if (event.target.value === "") return;
          clearTimeout(timers.get(control));
          timers.set(control, setTimeout(changed, 300));
        });
      }
      f.querySelector(".live-reset").addEventListener("click", () => {
        for (const control of f.querySelectorAll(".control")) { clearTimeout(timers.get(control)); write(control, control.dataset.own); }
        collect(cell); remember(); run(cell);
      });
    }
    const cells = [...overrides.keys()].map(key => Number(key.split(".")[0]));
    const pending = [...document.querySelectorAll(".cell-outputs.pending")].map(o => Number(o.dataset.cell));
    const from = Math.min(...cells, ...pending);
    if (Number.isFinite(from)) run(from);
    if (presenting) present();
  }

  // ---- live reload: the server says when a chapter file changed
  function listen() {
    const events = new EventSource("/api/events");
    events.addEventListener("changed", message => {
      const event = JSON.parse(message.data);
      if (event.page === page() || event.page === "*") refresh();
    });
    events.addEventListener("steps", message => {
      const withdrawn = notice;
      notice = JSON.parse(message.data).message;
      // A notice is shown at once; one withdrawn is cleared only where it is what shows (every
      // new connection is told the notice, empty when there is none).
      if (notice || (withdrawn && banner.textContent === withdrawn)) say("");
    });
    events.onerror = () => { if (events.readyState === EventSource.CLOSED) say("The server stopped: this page no longer updates.", "error"); };
  }

  async function refresh() {
    let text;
    try { text = await (await fetch(location.pathname, { cache: "no-store" })).text(); } catch (_) { return; }
    const fresh = new DOMParser().parseFromString(text, "text/html");
    const freshMain = fresh.querySelector("main[data-live-page]");
    if (!freshMain) return;
    if (running) { running.abort(); running = null; }
    main().replaceWith(document.adoptNode(freshMain));
    const navs = document.querySelectorAll("nav.chapter-nav"), freshNavs = fresh.querySelectorAll("nav.chapter-nav");
    navs.forEach((nav, i) => { if (freshNavs[i]) nav.replaceWith(document.adoptNode(freshNavs[i])); });
    document.title = fresh.title;
    say("");
    wire();
  }

  // ---- presenting: one section at a time, for a projector and a clicker
  function present() {
    document.body.classList.add("presenting");
    const m = main();
    if (!m.querySelector(":scope > .slide")) {
      const slides = [];
      let current = null;
      for (const child of [...m.children]) {
        if (!current || child.tagName === "H2") {
          current = document.createElement("div");
          current.className = "slide";
          slides.push(current);
        }
        current.append(child);
      }
      m.replaceChildren(...slides);
    }
    const count = m.querySelectorAll(":scope > .slide").length;
    if (location.hash === "#last") slide = count - 1;
    show(Math.min(slide, count - 1));
  }

  function show(n) {
    const slides = main().querySelectorAll(":scope > .slide");
    slide = Math.max(0, Math.min(n, slides.length - 1));
    slides.forEach((s, i) => { s.hidden = i !== slide; });
    let counter = document.getElementById("slide-counter");
    if (!counter) { counter = document.createElement("p"); counter.id = "slide-counter"; document.body.append(counter); }
    counter.textContent = `${slide + 1} / ${slides.length}`;
    window.scrollTo(0, 0);
  }

  function follow(rel, hash) {
    const link = document.querySelector(`nav.chapter-nav a[rel="${rel}"]`);
    if (link) location.href = link.getAttribute("href") + "?present" + hash;
  }

  document.addEventListener("keydown", event => {
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, button")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "p" || event.key === "P") {
      const q = query(presenting ? {} : { present: "" });
      location.href = location.pathname + "?" + q.toString().replace(/^present=(&|$)/, "present$1");
      return;
    }
    if (!presenting) return;
    const count = main().querySelectorAll(":scope > .slide").length;
    if (["ArrowRight", "PageDown", " ", "Enter"].includes(event.key)) {
      event.preventDefault();
      if (slide + 1 < count) show(slide + 1); else follow("next", "");
    } else if (["ArrowLeft", "PageUp", "Backspace"].includes(event.key)) {
      event.preventDefault();
      if (slide > 0) show(slide - 1); else follow("prev", "#last");
    } else if (event.key === "Home") { event.preventDefault(); show(0); }
    else if (event.key === "End") { event.preventDefault(); show(count - 1); }
  });

  if (main()) { wire(); listen(); }
})();
"""#
}
