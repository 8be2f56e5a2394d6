/**
 * Ghost taps: a tap that leaves a screen must not land on the next one. Two quick taps on "返回首页"
 * (80–250 ms apart) would otherwise open the tile that appears under the finger. After every screen
 * change, clicks are swallowed for a short moment, before any handler of the new screen sees them.
 * While the guard is on, `<html data-tap-guard>` is set (tests wait for it to clear, as a person's
 * next deliberate tap would come later).
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
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  target.addEventListener('click', swallow, { capture: true });
  return () => target.removeEventListener('click', swallow, { capture: true });
}
