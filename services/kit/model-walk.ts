/**
 * The model-based path walk of one service machine (tests only): every complete simple path
 * (services/kit/model.ts enumerates them with @xstate/graph) is replayed on a fresh actor with a
 * fresh journal, and must end in done, failed or cancelled with a reason of the contract, show only
 * views that fit the contract, leave its journal transaction finished, and keep the clear ID number
 * out of the journal. The service's own checks (money, personal data in memory) run on each path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSimplePaths } from '@xstate/graph';
import { afterAll, expect } from 'vitest';
import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { ServiceContract } from '../../contract/flows/kit';
import { openJournal, type Journal } from '../journal/journal';
import { createMemoryLogger } from '../log/logger';
import type { KitDeps } from './deps';
import { pathEvents, replay, scriptedMachine, type PathEventTable } from './model';
import type { Presented } from './runner';

/** A fresh journal in its own folder for each call (the folders go when the test file ends). */
export function journalsFor(prefix: string, now?: () => Date): () => Journal {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    dirs.push(dir);
    return openJournal(join(dir, 'journal.db'), { kioskId: 'K001', ...(now ? { now } : {}) });
  };
}

/** The kit's deps of a scripted walk: no devices, a backend only where a test brings one, a fixed clock. */
export function scriptedKitDeps(options: { service: KitDeps['service']; journal: Journal; notReady?: ReturnType<NonNullable<KitDeps['readiness']>>; gateway?: KitDeps['gateway']; now?: Date }): KitDeps {
  const now = options.now ?? new Date('2026-12-01T02:00:00Z');
  return {
    service: options.service,
    gateway: options.gateway ?? ({} as KitDeps['gateway']),
    payments: {} as KitDeps['payments'],
    journal: options.journal,
    devices: { idReader: () => undefined, scanner: () => undefined, receiptPrinter: () => undefined },
    post: { name: '警务室', timeZone: 'Asia/Shanghai', receiptPrintTimeoutMs: 1000 },
    now: () => now,
    log: createMemoryLogger(),
    readiness: () => options.notReady,
  };
}

/** Stands for the transaction a scripted step opened (its outcome carries it as `transactionId`). */
export const SCRIPTED_TX = 'scripted-transaction';

export interface WalkedPath<TContext> {
  trail: string;
  events: readonly AnyEventObject[];
  ending: { status: string; code?: string };
  /** The ending's view (presentEnding). */
  ended: Presented;
  context: TContext;
  journal: Journal;
}

export interface FlowWalk<TContext> {
  machine: AnyStateMachine;
  table: PathEventTable;
  spec: { contract: ServiceContract; present(snapshot: AnyMachineSnapshot): Presented; presentEnding(snapshot: AnyMachineSnapshot): Presented };
  freshJournal: () => Journal;
  input: (journal: Journal) => unknown;
  /** The clear ID number the scripted outcomes carry: never in the journal. */
  idNumber: string;
  /** A state is its value plus what changes what can happen next (bounds the enumeration). */
  serializeState?: (snapshot: AnyMachineSnapshot) => string;
  /** For a machine whose scripted step opens the transaction: opens it in each path's journal. */
  openTransaction?: (journal: Journal) => string;
  /** The service's own checks of one replayed path. */
  check: (path: WalkedPath<TContext>) => void;
}

/** Puts the path's real transaction where a scripted outcome carries SCRIPTED_TX. */
function withTransaction(event: AnyEventObject, transactionId: string | undefined): AnyEventObject {
  const output = (event as { output?: unknown }).output;
  if (!transactionId || typeof output !== 'object' || output === null || (output as { transactionId?: unknown }).transactionId !== SCRIPTED_TX) return event;
  return { ...event, output: { ...output, transactionId } };
}

/** Walks every complete simple path; returns how many were replayed. */
export function walkFlow<TContext>(walk: FlowWalk<TContext>): number {
  const machine = scriptedMachine(walk.machine, walk.table);
  const planning = walk.freshJournal();
  walk.openTransaction?.(planning);
  const paths = getSimplePaths(machine, {
    input: walk.input(planning),
    events: pathEvents(walk.table) as never,
    ...(walk.serializeState ? { serializeState: walk.serializeState as never } : {}),
  }).filter((path) => (path.state as AnyMachineSnapshot).status === 'done');
  const { contract } = walk.spec;
  for (const path of paths) {
    const journal = walk.freshJournal();
    const transactionId = walk.openTransaction?.(journal);
    const events = path.steps.map((step) => withTransaction(step.event as AnyEventObject, transactionId));
    const trail = events.map((event) => event.type.replace('xstate.done.actor.', 'done:').replace('xstate.after.', 'after:')).join(' > ');
    const snapshots = replay(machine, walk.input(journal), events);
    const final = snapshots.at(-1)!;
    expect(final.status, trail).toBe('done');
    const ending = final.output as { status: string; code?: string };
    expect(['done', 'failed', 'cancelled'], trail).toContain(ending.status);
    if (ending.status !== 'done') expect(contract.Reason.safeParse(ending.code).success, `${trail}: ${ending.code}`).toBe(true);

    for (const snapshot of snapshots.filter((s) => s.status === 'active')) {
      const shown = walk.spec.present(snapshot);
      expect(contract.parseView(shown.state, shown.view), `${trail}: ${shown.state}`).toBeDefined();
    }
    const ended = walk.spec.presentEnding(final);
    if (ending.status === 'done') expect(contract.parseView('done', ended.view), trail).toBeDefined();
    else expect(contract.parseEnding(ended.view), trail).toBeDefined();

    const context = final.context as TContext & { transactionId?: string };
    if (context.transactionId) {
      expect(journal.find(context.transactionId), trail).toBeDefined();
      expect(journal.find(context.transactionId)?.status, trail).not.toBe('open');
    }
    expect(JSON.stringify(journal.unfinished()), trail).not.toContain(walk.idNumber);
    walk.check({ trail, events, ending, ended, context, journal });
    journal.close();
  }
  return paths.length;
}
