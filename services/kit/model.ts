/**
 * Model-based testing of flow machines (used by tests, not by the kiosk): which states lack a
 * time-out, and the events a path may take from a snapshot — the resident's events a state takes,
 * its time-outs firing, and each invoked actor (a kit step, a backend call, a print) finishing with
 * one of a table of scripted outcomes — so `@xstate/graph` can enumerate every simple path.
 */
import { createActor, fromPromise, SimulatedClock, type AnyEventObject, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode } from 'xstate';

/** Every state node of a machine, the root's descendants first-to-last. */
export function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [child, ...allStateNodes(child)]);
}

const hasTimeout = (node: AnyStateNode | undefined): boolean => {
  for (let at = node; at; at = at.parent) if (at.after.length > 0) return true;
  return false;
};

/** Paths of the atomic, non-final states that have neither a time-out (on them or an ancestor) nor an eventless exit. */
export function statesWithoutTimeout(machine: AnyStateMachine): string[] {
  return allStateNodes(machine.root)
    .filter((node) => node.type === 'atomic' && !hasTimeout(node) && !(node.always && node.always.length > 0))
    .map((node) => node.path.join('.'));
}

function valueOf(path: readonly string[]): unknown {
  return path.length === 1 ? path[0] : { [path[0]!]: valueOf(path.slice(1)) };
}

/** The state nodes active in a snapshot (each atomic state and its ancestors). */
export function activeNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  return allStateNodes(snapshot.machine.root).filter((node) => snapshot.matches(valueOf(node.path) as never));
}

export interface PathEventTable {
  /** The resident's events by type, with the payloads to try. */
  resident: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** Outcomes of each invoked actor, by its `src`. */
  outcomes: Readonly<Record<string, readonly unknown[]>>;
}

/** The events a path may take from a snapshot. */
export function pathEvents(table: PathEventTable) {
  return (snapshot: AnyMachineSnapshot): AnyEventObject[] => {
    if (snapshot.status !== 'active') return [];
    const events: AnyEventObject[] = [];
    for (const node of activeNodes(snapshot)) {
      for (const delayed of node.after) events.push({ type: delayed.eventType });
      for (const invoked of node.invoke) {
        for (const output of table.outcomes[String(invoked.src)] ?? []) events.push({ type: `xstate.done.actor.${invoked.id}`, output });
        if ((invoked as { onError?: unknown }).onError) events.push({ type: `xstate.error.actor.${invoked.id}`, error: new Error('scripted failure') });
      }
      for (const type of Object.keys((node.config.on as Record<string, unknown> | undefined) ?? {})) {
        for (const payload of table.resident[type] ?? []) events.push({ ...payload, type });
      }
    }
    const seen = new Set<string>();
    return events.filter((event) => {
      const key = JSON.stringify(event, (_k, v: unknown) => (v instanceof Error ? 'error' : v));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
}

/** An actor that never finishes by itself: each path says how it ends. */
const scripted = fromPromise(() => new Promise<never>(() => {}));

/** The machine with every invoked actor of the table replaced by one that waits for the path to end it. */
export function scriptedMachine(machine: AnyStateMachine, table: PathEventTable): AnyStateMachine {
  return machine.provide({ actors: Object.fromEntries(Object.keys(table.outcomes).map((src) => [src, scripted])) }) as AnyStateMachine;
}

/** Replays one path's events on a fresh actor with a frozen clock; returns every snapshot it went through. */
export function replay(machine: AnyStateMachine, input: unknown, events: readonly AnyEventObject[]): AnyMachineSnapshot[] {
  const actor = createActor(machine, { input, clock: new SimulatedClock() });
  const seen: AnyMachineSnapshot[] = [];
  actor.subscribe((snapshot) => seen.push(snapshot as AnyMachineSnapshot));
  actor.start();
  for (const event of events) if (event.type !== 'xstate.init') actor.send(event);
  return seen;
}
