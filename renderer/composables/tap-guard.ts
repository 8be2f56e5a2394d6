/**
 * Ghost taps: a tap that leaves a screen must not land on the next one. Two quick taps on "返回首页"
 * (80–250 ms apart) would otherwise open the tile that appears under the finger. After every screen
 * change, clicks are swallowed for a short moment, before any handler of the new screen sees them.
 * While the guard is on, `<html data-tap-guard>` is set (tests wait for it to clear, as a person's
 * next deliberate tap would come later). Developer tools marked `data-tap-guard-exempt` (the dev
 * dock) are not a resident's screen and are never swallowed: a tester closing the dock just as a card
 * read changes the screen must not leave the dock open over the kiosk.
 */
export const GUARD_MS = 350;

let guardUntil = 0;
let clearTimer: ReturnType<typeof setTimeout> | undefined;

/** Call when a new screen appears (route change, flow state change). */
export function guardTaps(now = performance.now()): void {
  guardUntil = now + GUARD_MS;
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.tapGuard = 'on';
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => delete document.documentElement.dataset.tapGuard, GUARD_MS);
}

/** True while taps are being swallowed. */
export function tapsGuarded(now = performance.now()): boolean {
  return now < guardUntil;
}

/** Installs the capture-phase listener on the window; returns its removal. */
export function installTapGuard(target: Window = window): () => void {
  const swallow = (event: Event) => {
    if (!tapsGuarded()) return;
    const target = event.target as Element | null;
    if (typeof target?.closest === 'function' && target.closest('[data-tap-guard-exempt]')) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // Counted where tests can see it: a test tapping like a person taps again, as a person would.
    document.documentElement.dataset.tapsSwallowed = String(Number(document.documentElement.dataset.tapsSwallowed ?? 0) + 1);
  };
  target.addEventListener('click', swallow, { capture: true });
  return () => target.removeEventListener('click', swallow, { capture: true });
}
