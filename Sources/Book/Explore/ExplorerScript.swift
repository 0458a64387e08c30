import Foundation
import Hashing

/// The script an explorable page carries: when a reader moves a control, it shows the outputs the
/// build precomputed for the chosen values. It computes nothing and fetches nothing: every
/// variant is a `<template>` in the page, and `#tutor_explore` (JSON) says which to show.
///
/// Written once, here, and allowed by the page's Content-Security-Policy through its SHA-256, so
/// no other script can run. Without it (scripts off) the controls stay hidden and the page shows
/// the chapter's own values, as a page without controls does.
///
/// The address keeps the values that differ from the chapter's own, `#c1.n=4&c3.f=exp`, so a
/// teacher can send "chapter 1 with n = 4"; opening that address shows it.
enum ExplorerScript {
    static let source = """
        "use strict";
        (() => {
          const data = JSON.parse(document.getElementById("tutor_explore").textContent);
          const chosen = {};      // control id -> index into its values
          const ownOutputs = {};  // cell -> its outputs as built, with the chapter's own values
          for (const id in data.controls) chosen[id] = data.controls[id].own;

          const inputs = id => document.querySelectorAll(`[data-control="${id}"]`);
          const outputsOf = cell => document.querySelector(`.cell-outputs[data-cell="${cell}"]`);

          // The index a control's element says, whatever kind of control it is.
          function read(element) {
            if (element.type === "checkbox") return element.checked ? 1 : 0;
            return Number(element.value);
          }

          // Puts every element of control `id` at its chosen index, and its value in words.
          function write(id) {
            const index = chosen[id], text = data.controls[id].values[index];
            for (const element of inputs(id)) {
              if (element.type === "radio") element.checked = Number(element.value) === index;
              else if (element.type === "checkbox") element.checked = index === 1;
              else element.value = String(index);
              if (element.type === "range") element.setAttribute("aria-valuetext", text);
            }
            for (const output of document.querySelectorAll(`output[data-shows="${id}"]`)) output.textContent = text;
          }

          // Shows the variant of `cell` for the chosen values, its arguments in the head, and
          // whether it ignores a control that has moved.
          function show(cell) {
            const entry = data.cells[cell];
            const key = entry.controls.map(id => chosen[id]).join(",");
            const variant = entry.variants[key];
            const target = outputsOf(cell);
            if (variant === "own") target.replaceChildren(...ownOutputs[cell].cloneNode(true).childNodes);
            else if (variant) target.replaceChildren(document.getElementById(variant).content.cloneNode(true));
            target.dataset.variant = variant || "";
            const head = document.querySelector(`.cell-arguments[data-cell="${cell}"]`);
            if (head) {
              head.textContent = entry.arguments.map(([name, value]) => {
                const id = `c${cell}.${name}`;
                return `${name}=${id in chosen ? data.controls[id].values[chosen[id]] : value}`;
              }).join(" ");
            }
            const note = document.querySelector(`.cell-ignores[data-cell="${cell}"]`);
            if (note) note.hidden = entry.ignored.every(id => chosen[id] === data.controls[id].own);
          }

          function showAll() { for (const cell in data.cells) show(cell); }

          // The address: an anchor followed to (a heading, a cell), if any, then the controls off
          // their own values: `#cell-4&c4.n=2`. A link followed on the page keeps them.
          function remember(anchor = null) {
            const changed = Object.keys(chosen).filter(id => chosen[id] !== data.controls[id].own);
            const hash = (anchor ? [anchor] : []).concat(changed.map(id => `${id}=${encodeURIComponent(data.controls[id].values[chosen[id]])}`)).join("&");
            try { history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search); } catch (e) { /* file:// in some browsers */ }
          }

          // Reads `#c1.n=4&...`, perhaps after an anchor: the anchor, whether any control was named,
          // and the first cell whose control was set.
          function recall() {
            const parts = location.hash.slice(1).split("&");
            const isControl = part => /^c[0-9]+\\./.test(part);
            const anchor = parts.find(part => part !== "" && !isControl(part)) || null;
            if (!parts.some(isControl)) return { anchor, controls: false, first: null };
            for (const id in chosen) chosen[id] = data.controls[id].own;
            let first = null;
            for (const part of parts.filter(isControl)) {
              const at = part.indexOf("=");
              let text;
              try { text = decodeURIComponent(part.slice(at + 1)); } catch (e) { continue; }
              const id = part.slice(0, at), control = Object.hasOwn(data.controls, id) ? data.controls[id] : undefined;
              const index = control ? control.values.indexOf(text) : -1;
              if (index >= 0) { chosen[id] = index; first = first || control.cell; }
            }
            return { anchor, controls: true, first };
          }

          function changed(event) {
            const id = event.target.dataset.control;
            if (!Object.hasOwn(chosen, id)) return;
            const index = read(event.target);
            if (index === chosen[id]) return;  // "input" and "change" both report a move
            chosen[id] = index;
            write(id);
            for (const cell in data.cells) if (data.cells[cell].controls.includes(id) || data.cells[cell].ignored.includes(id)) show(cell);
            remember();
          }

          for (const cell in data.cells) ownOutputs[cell] = outputsOf(cell).cloneNode(true);
          for (const form of document.querySelectorAll("form.cell-controls")) {
            form.hidden = false;
            form.addEventListener("input", changed);
            form.addEventListener("change", changed);
            form.addEventListener("submit", event => event.preventDefault());
            form.addEventListener("reset", event => {
              event.preventDefault();
              for (const id in chosen) if (data.controls[id].cell === Number(form.dataset.cell)) { chosen[id] = data.controls[id].own; write(id); }
              showAll();
              remember();
            });
          }
          for (const note of document.querySelectorAll(".cell-follows")) note.hidden = false;
          const apply = () => {
            const found = recall();
            // Only an anchor (a link on the page was followed): the page stays as it is, and so must its address.
            if (!found.controls) { remember(found.anchor); return found; }
            for (const id in chosen) write(id);
            showAll();
            return found;
          };
          const found = apply();
          if (found.controls) {
            let anchor = null;
            try { anchor = found.anchor && document.getElementById(decodeURIComponent(found.anchor)); } catch (e) { /* not an id */ }
            const target = anchor || (found.first !== null ? document.getElementById(`cell-${found.first}`) : null);
            if (target) target.scrollIntoView();
          }
          window.addEventListener("hashchange", apply);
        })();

        """

    /// The policy's source for this script: `'sha256-...'`.
    static var policySource: String { "'sha256-\(SHA256.base64(source))'" }
}
