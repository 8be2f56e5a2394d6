import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer, type IdlePhase } from './idle-timer';

function setup() {
  const changes: [IdlePhase, number][] = [];
  const timer = new IdleTimer({ idleSeconds: 10, countdownSeconds: 3, onChange: (phase, left) => changes.push([phase, left]) });
  return { timer, changes };
}

describe('IdleTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('prompts after the idle time, counts down each second, then expires once', () => {
    const { timer, changes } = setup();
    timer.start();
    vi.advanceTimersByTime(9_999);
    expect(timer.current.phase).toBe('active');
    vi.advanceTimersByTime(1);
    expect(timer.current).toEqual({ phase: 'prompt', secondsLeft: 3 });
    vi.advanceTimersByTime(3_000);
    expect(changes).toEqual([['active', 0], ['prompt', 3], ['prompt', 2], ['prompt', 1], ['expired', 0]]);
    vi.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(5);
  });

  it('restarts the wait on every touch while active', () => {
    const { timer } = setup();
    timer.start();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(9_000);
      timer.activity();
    }
    expect(timer.current.phase).toBe('active');
    vi.advanceTimersByTime(10_000);
    expect(timer.current.phase).toBe('prompt');
  });

  it('a stray touch does not dismiss the prompt; "continue" does', () => {
    const { timer } = setup();
    timer.start();
    vi.advanceTimersByTime(10_000);
    timer.activity();
    expect(timer.current.phase).toBe('prompt');
    timer.keepGoing();
    expect(timer.current.phase).toBe('active');
    vi.advanceTimersByTime(9_000);
    expect(timer.current.phase).toBe('active');
  });

  it('does nothing once stopped', () => {
    const { timer, changes } = setup();
    timer.start();
    timer.stop();
    vi.advanceTimersByTime(100_000);
    expect(changes).toEqual([['active', 0]]);
  });
});
