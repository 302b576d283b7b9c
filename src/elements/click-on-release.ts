/**
 * A button replaced by its twin while it is pressed (the runtime's banner taking over the first
 * stage's, the UI's taking over either, as the file fetched on the approach comes in mid-click)
 * loses the click: browsers click only when press and release land on the same node. The caller
 * saw a pointer held on it (`pressed`: `:active`) or focus in it, and gave focus to `to`; the
 * release completes the press there: a pointer's over `to` (one that moved away clicks nothing, as
 * on any button), or Space's (which Firefox does not show as `:active`) in `to`. The first other
 * input ends it.
 */
export function clickOnRelease(to: HTMLElement | null | undefined, pressed: boolean): void {
  const types = ['pointerdown', 'pointerup', 'pointercancel', 'keydown', 'keyup'];
  const release = (e: Event): void => {
    if ((e as KeyboardEvent).repeat) return; // Space held
    for (const type of types) removeEventListener(type, release, true);
    // Enter clicked on its press already
    if ((e.type === 'keyup' ? (e as KeyboardEvent).key === ' ' : e.type === 'pointerup' && pressed) && to && e.composedPath().includes(to)) to.click();
  };
  for (const type of types) addEventListener(type, release, true);
}
