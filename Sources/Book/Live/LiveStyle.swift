/// What a live page adds to the book's stylesheet: the controls of every parameter, the state of
/// outputs being computed, the banner, and the presenter's large type for a projector.
public enum LiveStyle {
    /// The stylesheet `tutor serve` sends: the book's own, then this.
    public static let css = Stylesheet.css + #"""
        .live-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1rem; padding: 0.4rem 0.8rem;
          border-bottom: 1px solid var(--line); font-family: system-ui, sans-serif; font-size: 0.85rem; }
        .live-controls[hidden] { display: none; }
        .live-controls .control { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.3rem; }
        .live-controls input[type=number] { width: 6.5em; }
        .live-controls .control-help { color: var(--muted); }
        .control-error { flex-basis: 100%; color: #b00020; font-size: 0.8rem; }
        .matrix-grid { display: inline-grid; gap: 2px; }
        .matrix-grid[hidden] { display: none; }
        .matrix-row { display: flex; gap: 2px; }
        .matrix-row input { width: 4.2em; }
        .live-status { color: var(--muted); }
        .cell-outputs.stale { opacity: 0.45; transition: opacity 0.2s; }
        .cell-outputs.pending { min-height: 2rem; }
        .live-pending { color: var(--muted); font-style: italic; }
        pre.live-progress { font-size: 0.8rem; max-height: 14em; overflow-y: auto; }
        pre.live-error { white-space: pre-wrap; background: #fdecea; color: #5f2120; }
        .live-not-loading { border-left: 4px solid #b3261e; padding-left: 1rem; margin: 1rem 0; }
        .live-notices { border-left: 4px solid #c77c02; padding-left: 1rem; margin: 1rem 0; }
        body.presenting .live-notices { display: none; }
        #live_banner { position: sticky; top: 0; z-index: 2; margin: 0; padding: 0.5rem 1.5rem; background: #fff4ce; font-family: system-ui, sans-serif; white-space: pre-line; }
        #live_banner[data-kind=error] { background: #fdecea; color: #5f2120; }
        body.presenting { font-size: 1.6rem; }
        body.presenting main { max-width: 60rem; }
        body.presenting .slide { min-height: 80vh; }
        body.presenting .chapter-nav { font-size: 1rem; }
        body.presenting svg { max-width: 100%; height: auto; }
        #slide-counter { position: fixed; right: 1rem; bottom: 0.5rem; margin: 0; color: var(--muted); font: 1rem system-ui, sans-serif; }

        """#
}
