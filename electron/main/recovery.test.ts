import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { FakeBrowserWindow } from '../test/fake-electron';
import { installRendererRecovery } from './recovery';

let clock = 0;
function setup() {
  const window = new FakeBrowserWindow({});
  const events: string[] = [];
  let relaunches = 0;
  installRendererRecovery(window as unknown as BrowserWindow, {
    maxReloads: 2,
    windowMs: 60_000,
    unresponsiveGraceMs: 5_000,
    relaunch: () => (relaunches += 1),
    log: (event) => events.push(event),
    now: () => clock,
  });
  return { window, events, relaunches: () => relaunches };
}
const gone = (window: FakeBrowserWindow, reason = 'crashed') => window.webContents.emit('render-process-gone', {}, { reason, exitCode: 1 });

describe('renderer recovery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('reloads a crashed renderer, then relaunches the app when crashes repeat', () => {
    const { window, events, relaunches } = setup();
    gone(window);
    clock += 1000;
    gone(window, 'oom');
    expect(window.webContents.reloads).toBe(2);
    expect(relaunches()).toBe(0);
    clock += 1000;
    gone(window);
    expect(relaunches()).toBe(1);
    expect(events).toEqual(['renderer-reload', 'renderer-reload', 'renderer-relaunch']);
  });

  it('forgets old crashes outside the window', () => {
    const { window, relaunches } = setup();
    gone(window);
    clock += 61_000;
    gone(window);
    clock += 61_000;
    gone(window);
    expect(window.webContents.reloads).toBe(3);
    expect(relaunches()).toBe(0);
  });

  it('ignores a clean exit', () => {
    const { window } = setup();
    gone(window, 'clean-exit');
    expect(window.webContents.reloads).toBe(0);
  });

  it('crashes and reloads a renderer that stays unresponsive, but not one that recovers', () => {
    const { window, events } = setup();
    window.emit('unresponsive');
    vi.advanceTimersByTime(4_000);
    window.emit('responsive');
    vi.advanceTimersByTime(10_000);
    expect(window.webContents.reloads).toBe(0);

    window.emit('unresponsive');
    vi.advanceTimersByTime(5_001);
    expect(window.webContents.crashes).toBe(1);
    expect(window.webContents.reloads).toBe(1);
    expect(events).toContain('renderer-responsive-again');
    expect(events.slice(-2)).toEqual(['renderer-hung', 'renderer-reload']);
  });
});
