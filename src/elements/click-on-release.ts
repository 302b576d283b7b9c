/**
 * A button replaced by its twin while it is pressed (the UI's banner taking over the one without Lit,
 * a banner without Lit shown again with other content after a store change, as the file fetched on the approach comes in mid-click;
 * the runtime's banner keeps the first stage's nodes when it takes them over: banner-lite.ts)
 * loses the click: browsers click only when press and release land on the same node. The caller
 * saw a pointer held on it (`pressed`: `:active`) or focus in it, and gave focus to its twin, the
 * node of that `part` in `root`; the release completes the press there: a pointer's over the twin
 * (one that moved away clicks nothing, as on any button), or Space's (which Firefox does not show as
 * `:active`) in it. The twin is looked up at the release: it may be replaced again before then, by
 * a new node, not `:active`, which only the first takeover saw (takeover probe P3: "customize" held
 * as both the runtime's and the UI's banners came in opened nothing). One click per release, however
 * many takeovers saw the press (the mark is on the event: the first stage and the UI each have their
 * copy of this module).
 * The first other input ends it.
 */
export function clickOnRelease(root: ShadowRoot | null | undefined, part: string, pressed: boolean): void {
  const types = ['pointerdown', 'pointerup', 'pointercancel', 'keydown', 'keyup'];
  const release = (e: Event & { [DONE]?: 1 }): void => {
    if ((e as KeyboardEvent).repeat) return; // Space held
    for (const type of types) removeEventListener(type, release, true);
    const to = root?.querySelector<HTMLElement>(`[part=${part}]`);
    // Enter clicked on its press already
    if (!e[DONE] && (e.type === 'keyup' ? (e as KeyboardEvent).key === ' ' : e.type === 'pointerup' && pressed) && to && e.composedPath().includes(to)) {
      e[DONE] = 1;
      to.click();
    }
  };
  for (const type of types) addEventListener(type, release, true);
}

const DONE = Symbol.for('migu-consent.clicked-on-release');

/**
 * A banner without Lit shown again with new nodes (banner-lite.ts: the runtime's taking over the first stage's, a
 * store change while it asks): what had focus in it keeps it, and a press on it, pointer or Space, clicks the twin
 * when released. Read before its nodes are replaced; what it returns runs once they are.
 */
export function carryOver(root: ShadowRoot): () => void {
  const active = root.activeElement;
  const refocus = active?.closest('[part=banner]') ? active.getAttribute('part') : null;
  const pressed = root.querySelector('[part=banner] button:active')?.getAttribute('part');
  return () => {
    if (refocus) root.querySelector<HTMLElement>(`[part=${refocus}]`)?.focus();
    const carried = pressed ?? refocus;
    if (carried) clickOnRelease(root, carried, !!pressed);
  };
}
