/// The book's one stylesheet: system fonts only (no web fonts to download), large enough to
/// read on a projector, and quiet so the figures stand out.
public enum Stylesheet {
    public static let css = """
        :root {
          --text: #1d1d1f; --muted: #5f6368; --line: #dadce0; --accent: #1a5fb4;
          --code-bg: #f6f8fa; --cell-bg: #fbfbfc;
        }
        * { box-sizing: border-box; }
        html { font-size: 18px; }
        body {
          margin: 0; color: var(--text); background: #fff; line-height: 1.5;
          font-family: Charter, "Bitstream Charter", "Iowan Old Style", Georgia, Cambria, "Noto Serif", "DejaVu Serif", serif;
        }
        main { max-width: 50rem; margin: 0 auto; padding: 0.5rem 1.5rem 2rem; }
        p, ul, ol { margin: 0.5rem 0; }
        li + li { margin-top: 0.15rem; }
        h1, h2, h3, h4, nav, .cell-head, figcaption, table, summary {
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
        }
        h1 { font-size: 2rem; line-height: 1.25; margin: 0.2rem 0 0.8rem; }
        h2 { font-size: 1.4rem; line-height: 1.3; margin: 1.4rem 0 0.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.15rem; }
        h3 { font-size: 1.15rem; margin: 1.2rem 0 0.5rem; }
        a { color: var(--accent); }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.85rem; }
        :not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 3px; }
        pre { background: var(--code-bg); padding: 0.8rem 1rem; overflow-x: auto; border-radius: 6px; line-height: 1.45; }
        blockquote { margin: 1rem 0; padding: 0.1rem 1rem; border-left: 4px solid var(--line); color: var(--muted); }
        table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
        th, td { border: 1px solid var(--line); padding: 0.3rem 0.7rem; text-align: left; }
        th { background: var(--code-bg); }
        td.number, th[align=right], td[align=right] { text-align: right; font-variant-numeric: tabular-nums; }
        th[align=center], td[align=center] { text-align: center; }
        caption { caption-side: top; text-align: left; color: var(--muted); padding-bottom: 0.3rem; }
        math { font-size: 1.1em; }
        /* Scrolls sideways when wider than the page; never up and down (a superscript reaching above
           the line box would otherwise give the equation a vertical scroll bar). */
        div.math { margin: 0.6rem 0; padding: 0.3em 0; overflow-x: auto; overflow-y: hidden; }
        img, svg { max-width: 100%; height: auto; }

        .chapter-nav {
          display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; max-width: 50rem; margin: 0 auto;
          padding: 0.8rem 1.5rem; font-size: 0.9rem; border-bottom: 1px solid var(--line);
        }
        .chapter-nav.bottom { border-bottom: none; border-top: 1px solid var(--line); }
        .chapter-nav a { text-decoration: none; }
        .chapter-nav a[rel=next] { margin-left: auto; }
        .chapter-number { margin: 1rem 0 0; color: var(--muted); font-family: system-ui, sans-serif; font-size: 0.9rem; letter-spacing: 0.05em; text-transform: uppercase; }

        /* Cells are wider than the prose (68rem, or the window less a margin) so galleries and
           tables fit side by side; the prose keeps a readable measure. A cell opens with one line,
           its step and arguments, which unfolds the step's code: the outputs are what the lesson
           follows, the code is a click away. */
        .cell {
          margin: 0.8rem calc(50% - min(34rem, 50vw - 0.5rem)); border: 1px solid var(--line); border-radius: 8px; background: var(--cell-bg);
        }
        .cell-head { display: flow-root; padding: 0.3rem 0.8rem; font-size: 0.85rem; color: var(--muted); border-bottom: 1px solid var(--line); }
        summary.cell-head { cursor: pointer; list-style: none; }
        summary.cell-head::-webkit-details-marker { display: none; }
        .cell-code-toggle, .cell-code-ref { float: right; margin-left: 1rem; font-size: 0.8rem; }
        .cell-code-toggle { color: var(--accent); }
        .cell-code-toggle::before { content: "▸ "; }
        .cell-code[open] .cell-code-toggle::before { content: "▾ "; }
        .cell-anchor { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 4px; background: var(--accent); color: #fff; text-decoration: none; font-weight: 600; }
        .cell-step { font-weight: 600; color: var(--text); }
        .cell-arguments { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        .cell-code { background: var(--code-bg); }
        .cell-code[open] > summary.cell-head { background: var(--cell-bg); }
        .cell-code summary:not(.cell-head) { cursor: pointer; padding: 0.2rem 0.8rem; font-size: 0.8rem; color: var(--muted); font-family: system-ui, sans-serif; }
        .cell-code pre { margin: 0; border-radius: 0; background: var(--code-bg); }
        .cell-declaration, .cell-helpers { border-top: 1px dashed var(--line); }
        .helper-name { margin: 0; padding: 0.3rem 0.8rem 0; font-size: 0.8rem; color: var(--muted); font-family: system-ui, sans-serif; }
        .cell-code[open] { border-bottom: 1px solid var(--line); }
        /* Long lines wrap instead of scrolling, each with a hanging indent past its own
           indentation (--indent, in characters), so a continuation never reads as a new line.
           The indent is at most 40% of the listing: on a phone a deeply indented line would
           otherwise leave its continuations no room, a character to a row. */
        pre.code { white-space: pre-wrap; overflow-wrap: anywhere; overflow-x: visible; padding: 0.6rem 1rem; font-size: 0.8rem; line-height: 1.35; }
        .code-line {
          --hang: min(calc((var(--indent, 0) + 4) * 1ch), 40%);
          display: inline-block; width: 100%; vertical-align: top;
          padding-left: var(--hang); text-indent: calc(-1 * var(--hang));
        }
        /* The controls of an explorable cell (shown by the page's script): a row under the head. */
        .cell-controls {
          display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; align-items: center;
          padding: 0.35rem 0.8rem; border-bottom: 1px solid var(--line); background: #f2f6fc;
          font-family: system-ui, sans-serif; font-size: 0.9rem;
        }
        .cell-controls[hidden], .cell-follows[hidden], .cell-ignores[hidden] { display: none; }
        .cell-controls .control { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.3rem; margin: 0; padding: 0; border: 0; }
        .cell-controls legend { float: left; margin-right: 0.3rem; padding: 0; }
        .cell-controls fieldset label { display: inline-flex; align-items: center; margin-right: 0.4rem; }
        .control-name { font-weight: 600; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        .control-help { color: var(--muted); font-size: 0.8rem; }
        .cell-controls output { min-width: 2.5em; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        .cell-controls input[type=range] { width: 10rem; }
        .cell-controls :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
        .cell-controls button { margin-left: auto; font: inherit; }
        .cell-follows, .cell-ignores { margin: 0; padding: 0.3rem 0.8rem; font-size: 0.85rem; color: var(--muted); }
        .cell-ignores { color: #8a4b00; background: #fff6e5; }
        .heading-anchor { margin-left: 0.2em; font-size: 0.8em; color: var(--muted); opacity: 0.35; text-decoration: none; }
        :is(h1, h2, h3, h4):hover .heading-anchor, .heading-anchor:focus { opacity: 1; }
        /* Outputs flow side by side, left to right, as many to a row as fit: pictures (a gallery's
           too), tables, logs and charts; text and math take a row of their own. On a phone each
           takes the width it needs, one under the other. */
        .cell-outputs {
          padding: 0.4rem 0.8rem;
          display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-start; align-content: flex-start;
        }
        .cell-outputs > * { margin-top: 0; margin-bottom: 0; max-width: 100%; min-width: 0; }
        .cell-outputs > div.math { flex: 1 1 100%; }
        /* A sentence about a figure sits beside it when there is room, under it when not. */
        .output-text { margin: 0; flex: 1 1 12rem; }
        /* Two charts to a row on a wide screen, each scaled to half the cell when it must be. */
        @media (min-width: 48rem) { figure.output:has(> svg.chart) { max-width: calc(50% - 0.5rem); } }
        table.output-table { margin: 0; font-size: 0.8rem; line-height: 1.3; }
        table.output-table th, table.output-table td { padding: 0.1rem 0.45rem; }
        .output-log { margin: 0; background: #fff; border: 1px solid var(--line); max-height: 24rem; padding: 0.4rem 0.6rem; font-size: 0.7rem; line-height: 1.25; }

        figure.output { display: inline-block; margin: 0; vertical-align: top; }
        /* On a wide screen a picture's figure is as wide as the picture: a long caption wraps
           under it rather than widening the gallery. (Not a chart's: it scales to its cell.) */
        @media (min-width: 48rem) {
          figure.output:has(> svg:is(.pixels, .heatmap)) { width: min-content; }
          figure.output > svg:is(.pixels, .heatmap) { max-width: none; }
          figure.output figcaption { min-width: 6rem; }
        }
        figure.output figcaption { font-size: 0.8rem; line-height: 1.3; color: var(--muted); text-align: center; margin-top: 0.15rem; }
        figure.output a.pgm { font-size: 0.7rem; margin-left: 0.3rem; }
        svg.pixels, svg.heatmap { outline: 1px solid var(--line); }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
        .gallery { display: contents; }
        /* On a phone a wide table scrolls inside its cell instead of widening the page. */
        @media (max-width: 48rem) { table.output-table { display: block; overflow-x: auto; } }

        .contents h1 { margin-top: 2rem; }
        ol.chapters { list-style: none; padding: 0; }
        ol.chapters li { margin: 0.4rem 0; font-size: 1.2rem; font-family: system-ui, sans-serif; }
        ol.chapters a { text-decoration: none; }
        ol.chapters .number { display: inline-block; width: 2rem; color: var(--muted); }
        ol.chapters p.summary { margin: 0.2rem 0 0.3rem 2rem; font-size: 1rem; font-family: Georgia, serif; color: var(--muted); }
        ol.chapters ul.sections { margin: 0 0 1rem 2rem; padding: 0; list-style: none; font-size: 0.95rem; }
        ol.chapters ul.sections li { display: inline; margin: 0; font-size: inherit; }
        ol.chapters ul.sections li + li::before { content: " · "; color: var(--muted); }
        .contents p.lede { font-size: 1.1rem; }

        /* On paper: no navigation or controls (nothing to click), and logs and tables wrap rather
           than run off the page's edge, where nothing scrolls. */
        @media print {
          .chapter-nav, .cell-controls, .cell-follows, .cell-ignores { display: none !important; }
          .cell { break-inside: avoid; }
          .output-log { max-height: none; white-space: pre-wrap; overflow-wrap: anywhere; }
          table.output-table { display: table; }
        }

        """
}
