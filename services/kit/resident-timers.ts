/**
 * Holding a flow's resident-wait time-outs while the resident talks to the duty officer (a help call
 * rings or is in progress): a resident who is on the phone with the police must not have their visit
 * time out under the help panel. When the call ends every held time-out starts again with its full
 * time, as if the resident had just arrived at that screen.
 *
 * Which time-outs: the `after` delays of a state that waits for the resident (tagged
 * `waitingForResident`), and of a state whose running step (a child actor) waits for the resident —
 * a service's overall limit on its identity or face step. Never held: anything where money is in
 * play (a state tagged `MONEY_TAG`, such as the payment window with its order at the provider, and
 * the state that runs such a step), and every time-out of the core's own work (a backend exchange,
 * a print, a write), which is not waiting for the resident at all. Payment polling is an invoked
 * actor, not a delay: it goes on regardless.
 *
 * XState's scheduler is public (`system.scheduler`, `system.getSnapshot()._scheduledEvents`): a held
 * time-out is cancelled there and scheduled again on release. Every delay a state schedules while
 * held (a step moving on during the call) is caught by `sweep()`, which the runner calls on every
 * snapshot of the flow's actors — XState schedules a state's delays before it publishes the snapshot.
 */
import type { AnyActorRef, AnyMachineSnapshot, EventObject } from 'xstate';

/** A state where money is in play: its time-outs (and those of the state running it) keep running during a help call. */
export const MONEY_TAG = 'money';
/** A state that waits for the resident to do something (the runner shows the flow as `waiting`). */
export const WAITING_TAG = 'waitingForResident';

const AFTER_PREFIX = 'xstate.after.';

interface Held {
  source: AnyActorRef;
  target: AnyActorRef;
  event: EventObject;
  delay: number;
  /** `xstate.after.<delay>.<state node id>`: released only while that state is still active. */
  id: string;
}

function machineSnapshot(actor: AnyActorRef | undefined): AnyMachineSnapshot | undefined {
  const snapshot = actor?.getSnapshot() as AnyMachineSnapshot | undefined;
  return typeof snapshot?.hasTag === 'function' && snapshot.status === 'active' ? snapshot : undefined;
}

/** True when the actor, or a step it runs, is waiting for the resident with no money in play. */
export function waitsOnResidentOnly(actor: AnyActorRef | undefined): boolean {
  const snapshot = machineSnapshot(actor);
  if (!snapshot || snapshot.hasTag(MONEY_TAG)) return false;
  if (snapshot.hasTag(WAITING_TAG)) return true;
  const children = Object.values(snapshot.children as Record<string, AnyActorRef | undefined>);
  if (children.some((child) => machineSnapshot(child)?.hasTag(MONEY_TAG))) return false;
  return children.some((child) => waitsOnResidentOnly(child));
}

/** Whether the state whose `after` scheduled `eventId` (`xstate.after.<delay>.<state node id>`) is still active. */
function stillIn(source: AnyActorRef, eventId: string): boolean {
  const snapshot = machineSnapshot(source);
  return snapshot !== undefined && snapshot._nodes.some((node) => eventId.endsWith(`.${node.id}`));
}

export interface ResidentTimers {
  readonly holding: boolean;
  /** Holds (true) or releases (false) the resident-wait time-outs. Repeating either is harmless. */
  hold(on: boolean): void;
  /** While holding: catches the delays scheduled since the last sweep. */
  sweep(): void;
}

export function residentTimers(root: AnyActorRef): ResidentTimers {
  let held: Map<string, Held> | undefined;

  function sweep(): void {
    if (!held) return;
    const { scheduler } = root.system;
    for (const scheduled of Object.values(root.system.getSnapshot()._scheduledEvents)) {
      // Only state time-outs (`after`); a delayed event a machine sends itself is its own business.
      if (!scheduled.id.startsWith(AFTER_PREFIX) || !waitsOnResidentOnly(scheduled.source)) continue;
      scheduler.cancel(scheduled.source, scheduled.id);
      held.set(`${scheduled.source.sessionId}.${scheduled.id}`, { source: scheduled.source, target: scheduled.target, event: scheduled.event, delay: scheduled.delay, id: scheduled.id });
    }
  }

  function release(): void {
    const releasing = held;
    held = undefined;
    for (const time of releasing?.values() ?? []) {
      // A state left during the call took its time-out with it; a stale one must not fire later.
      if (stillIn(time.source, time.id)) root.system.scheduler.schedule(time.source, time.target, time.event, time.delay, time.id);
    }
  }

  return {
    get holding() {
      return held !== undefined;
    },
    hold(on) {
      if (on) {
        held ??= new Map();
        sweep();
      } else if (held) release();
    },
    sweep,
  };
}
