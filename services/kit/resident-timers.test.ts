/**
 * Resident-wait time-outs held during a help call: a state waiting for the resident (or running a
 * step that waits) does not time out while held and gets its full time back after; money's states
 * and the core's own work keep their clocks; a state left during the call leaves no stale time-out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, setup, type AnyActorRef } from 'xstate';
import { MONEY_TAG, residentTimers, WAITING_TAG, type ResidentTimers } from './resident-timers';

const capture = setup({}).createMachine({
  id: 'capture',
  initial: 'looking',
  states: { looking: { tags: [WAITING_TAG], after: { 2_000: 'gaveUp' } }, gaveUp: { type: 'final' } },
});
const payWindow = setup({}).createMachine({
  id: 'pay',
  initial: 'window',
  states: { window: { tags: [WAITING_TAG, MONEY_TAG], after: { 2_000: 'closed' } }, closed: { type: 'final' } },
});

const flow = setup({ actors: { capture, payWindow } }).createMachine({
  id: 'flow',
  initial: 'ask',
  states: {
    ask: { tags: [WAITING_TAG], after: { 1_000: 'timedOut' }, on: { leave: 'elsewhere', face: 'face', pay: 'paying', work: 'working', payNow: 'payNow' } },
    elsewhere: { on: { back: 'ask' } },
    // A step's overall limit while the step waits for the resident.
    face: { invoke: { src: 'capture', onDone: 'faceGaveUp' }, after: { 5_000: 'faceTimedOut' } },
    // Money: the payment window (its order lives at the provider) and the state that runs it.
    paying: { invoke: { src: 'payWindow', onDone: 'payClosed' }, after: { 5_000: 'payTimedOut' } },
    payNow: { tags: [WAITING_TAG, MONEY_TAG], after: { 1_000: 'payTimedOut' } },
    // The core's own work (a backend exchange): not waiting for the resident.
    working: { after: { 1_000: 'workTimedOut' } },
    timedOut: {},
    faceGaveUp: {},
    faceTimedOut: {},
    payClosed: {},
    payTimedOut: {},
    workTimedOut: {},
  },
});

/** The flow as the runner runs it: every snapshot of its actors sweeps for new time-outs. */
function start(): { actor: AnyActorRef; timers: ResidentTimers; state: () => string } {
  const actor = createActor(flow, { inspect: (inspection) => inspection.type === '@xstate.snapshot' && timers.sweep() });
  const timers = residentTimers(actor);
  actor.start();
  return { actor, timers, state: () => String(actor.getSnapshot().value) };
}

describe('resident-wait time-outs during a help call', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a waiting state does not time out while held, and has its full time again after', () => {
    const { timers, state } = start();
    vi.advanceTimersByTime(900);
    timers.hold(true);
    vi.advanceTimersByTime(60_000);
    expect(state()).toBe('ask');
    timers.hold(false);
    vi.advanceTimersByTime(999);
    expect(state()).toBe('ask');
    vi.advanceTimersByTime(1);
    expect(state()).toBe('timedOut');
  });

  it('a step waiting for the resident: both its own and the service\'s limit on it are held', () => {
    const { actor, timers, state } = start();
    actor.send({ type: 'face' });
    timers.hold(true);
    vi.advanceTimersByTime(60_000);
    expect(state()).toBe('face');
    timers.hold(false);
    vi.advanceTimersByTime(1_999);
    expect(state()).toBe('face');
    vi.advanceTimersByTime(1);
    expect(state()).toBe('faceGaveUp');
  });

  it('states entered during the call are held too (a step moving on by itself)', () => {
    const { actor, timers, state } = start();
    timers.hold(true);
    actor.send({ type: 'face' });
    vi.advanceTimersByTime(60_000);
    expect(state()).toBe('face');
  });

  it('money keeps its clock: the payment window and the state running it time out during a call', () => {
    const { actor, timers, state } = start();
    actor.send({ type: 'pay' });
    timers.hold(true);
    vi.advanceTimersByTime(2_000);
    expect(state()).toBe('payClosed');

    const other = start();
    other.actor.send({ type: 'payNow' });
    other.timers.hold(true);
    vi.advanceTimersByTime(1_000);
    expect(other.state()).toBe('payTimedOut');
  });

  it('the core\'s own work keeps its clock', () => {
    const { actor, timers, state } = start();
    timers.hold(true);
    actor.send({ type: 'work' });
    vi.advanceTimersByTime(1_000);
    expect(state()).toBe('workTimedOut');
  });

  it('a state left during the call leaves no stale time-out behind when it is entered again', () => {
    const { actor, timers, state } = start();
    timers.hold(true);
    actor.send({ type: 'leave' });
    vi.advanceTimersByTime(500);
    timers.hold(false);
    vi.advanceTimersByTime(100);
    actor.send({ type: 'back' });
    // Entered at 600: its own second runs to 1600; a stale one re-armed at release would fire at 1500.
    vi.advanceTimersByTime(950);
    expect(state()).toBe('ask');
    vi.advanceTimersByTime(50);
    expect(state()).toBe('timedOut');
  });
});
