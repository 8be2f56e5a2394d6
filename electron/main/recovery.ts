/**
 * Keeps the kiosk window alive without a person: a crashed renderer is reloaded; a second crash
 * soon after, or a renderer that stays unresponsive, relaunches the whole app. Every step is logged.
 */
import type { BrowserWindow } from 'electron';

export interface RecoveryOptions {
  /** Reload attempts within `windowMs` before relaunching the app. */
  maxReloads: number;
  windowMs: number;
  /** How long a renderer may stay unresponsive before it is reloaded. */
  unresponsiveGraceMs: number;
  relaunch: () => void;
  log: (event: string, fields?: Record<string, unknown>) => void;
  now?: () => number;
}

export function installRendererRecovery(window: BrowserWindow, options: RecoveryOptions): () => void {
  const now = options.now ?? Date.now;
  const reloads: number[] = [];
  let unresponsiveTimer: ReturnType<typeof setTimeout> | undefined;
  const contents = window.webContents;

  const recover = (cause: string) => {
    const t = now();
    while (reloads.length > 0 && t - reloads[0]! > options.windowMs) reloads.shift();
    if (reloads.length >= options.maxReloads) {
      options.log('renderer-relaunch', { cause, reloadsInWindow: reloads.length });
      options.relaunch();
      return;
    }
    reloads.push(t);
    options.log('renderer-reload', { cause, attempt: reloads.length });
    if (!window.isDestroyed()) contents.reload();
  };

  const onGone = (_event: unknown, details: { reason: string; exitCode: number }) => {
    if (details.reason === 'clean-exit') return;
    recover(`render-process-gone:${details.reason}`);
  };
  const onUnresponsive = () => {
    options.log('renderer-unresponsive');
    clearTimeout(unresponsiveTimer);
    unresponsiveTimer = setTimeout(() => {
      unresponsiveTimer = undefined;
      options.log('renderer-hung', { graceMs: options.unresponsiveGraceMs });
      // Crashing the hung renderer fires render-process-gone, whose handler reloads it: one path for both.
      if (!window.isDestroyed()) contents.forcefullyCrashRenderer();
    }, options.unresponsiveGraceMs);
  };
  const onResponsive = () => {
    if (unresponsiveTimer) options.log('renderer-responsive-again');
    clearTimeout(unresponsiveTimer);
    unresponsiveTimer = undefined;
  };

  contents.on('render-process-gone', onGone);
  window.on('unresponsive', onUnresponsive);
  window.on('responsive', onResponsive);
  return () => {
    clearTimeout(unresponsiveTimer);
    contents.off('render-process-gone', onGone);
    window.off('unresponsive', onUnresponsive);
    window.off('responsive', onResponsive);
  };
}
