/**
 * Model-based paths through the endorsement machine (services/kit/model.ts, as the kit's own
 * flows.model.test.ts does for the temporary ID card): every simple path of the resident's events,
 * the time-outs and each invoked step ending with each scripted outcome, replayed on a fresh actor
 * with a fresh journal. Each must end, leave no transaction open, settle the money — charged only
 * with the endorsement on the chip, otherwise refunded or with staff and a ticket — show only views
 * that fit the contract, and keep neither the chip's data nor the access key in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSimplePaths } from '@xstate/graph';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import { exitEntryContract } from '../../contract/flows/exit-entry';
import { openJournal, type Journal } from '../journal/journal';
import { pathEvents, replay, scriptedMachine, type PathEventTable } from '../kit/model';
import { scriptedKitDeps } from '../kit/model-walk';
import { openSealedScratch } from '../kit/sealed-scratch';
import { DEFAULT_OFFERS } from './config';
import type { ExitEntryContext } from './context';
import type { ExitEntryDeps } from './deps';
import { exitEntryFlowSpec, resolveExitEntrySettings } from './launcher';
import { exitEntryMachine } from './machine';
import { BASE_SETTINGS } from './test-rig';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'exit-entry-paths-'));
  dirs.push(dir);
  return dir;
};

const ID = '110101198001011234';
const NUMBER = 'C12345678';
const LINE = 'CSC123456780<3001019<8001011<4';

interface Variant {
  ready: boolean;
  enabled: boolean;
  cardOnReader: boolean;
}

function input(journal: Journal, dir: string, variant: Variant): { deps: ExitEntryDeps } {
  const kit = scriptedKitDeps({ service: 'exitEntry', journal, ...(variant.ready ? {} : { notReady: { device: 'contactlessReader', problem: 'offline' } }) });
  const reader = { status: () => ({ media: variant.cardOnReader ? 'present' : 'notPresent' }), on: () => () => {}, transmit: () => Promise.reject(new Error('scripted')) };
  return {
    deps: {
      kit,
      settings: resolveExitEntrySettings({ ...BASE_SETTINGS, offers: DEFAULT_OFFERS, enabled: variant.enabled }),
      reader: () => reader as unknown as ReturnType<ExitEntryDeps['reader']>,
      ocrReader: () => undefined,
      cardPrinter: () => undefined,
      trustAnchors: [],
      scratch: openSealedScratch(dir),
    },
  };
}

const permit = (documentCode: 'CS' | 'CD') => ({
  documentCode,
  documentNumber: NUMBER,
  expiry: '2030-01-01',
  birthDate: '1980-01-01',
  sex: 'M',
  names: { surname: 'ZHANG', givenNames: 'WEI', chinese: '张伟' },
  face: { format: 'jpeg', width: 4, height: 4, image: Uint8Array.of(0xff, 0xd8, 0xff, 0xd9) },
  passive: 'ok',
  bytesRead: 100,
});
const offer = { type: 'G', destinations: ['HK', 'MO', 'HKMO'], options: [{ validityMonths: 3, trips: 1, feeFen: 1500 }], stayDays: 7 };
const record = { type: 'G', destination: 'HK', trips: 1, validUntil: '20270301', issuingOffice: '公安部出入境管理局', serial: 'QZ2026120100001' };
const money = (status: string, extra: Record<string, unknown> = {}) => ({ status, amountFen: 1500, ...extra });

const TABLE: PathEventTable = {
  resident: {
    accept: [{}],
    decline: [{}],
    cancel: [{}],
    cancelPayment: [{}],
    confirm: [{}],
    back: [{}],
    endorsementChosen: [
      { endorsementType: 'G', destination: 'HK', validityMonths: 3, trips: 1 },
      { endorsementType: 'S', destination: 'HK', validityMonths: 12, trips: 0 },
    ],
  },
  outcomes: {
    permitStep: [
      { ok: true, permit: permit('CS'), accessKey: LINE, onChip: [] },
      { ok: true, permit: permit('CD'), accessKey: LINE, onChip: [] },
      { ok: false, reason: 'dataTampered', message: 'DG2 hash', staffTicket: true },
      { ok: false, reason: 'permitExpired', message: 'expired', staffTicket: false, permitExpiry: '2023-06-15' },
      { ok: false, reason: 'cancelled', message: 'cancelled', staffTicket: false },
    ],
    faceStep: [{ ok: true }, { ok: false, reason: 'faceMismatch', message: 'no', checking: true }],
    checkEligibility: [
      { ok: true, offers: [offer], holder: { idNumber: ID, name: '张伟' } },
      { ok: false, reason: 'notEligible', refusal: 'stateEmployee', message: 'state employee', holder: { idNumber: ID } },
      { ok: false, reason: 'backendUnavailable', message: 'down' },
    ],
    paymentStep: [
      { ok: true, money: money('charged'), orderId: 'PO1' },
      { ok: false, reason: 'cancelled', money: money('notCharged'), message: 'cancelled' },
      { ok: false, reason: 'paymentTimeout', money: money('notCharged'), message: 'expired' },
      { ok: false, reason: 'backendUnavailable', money: money('unknownByStaff', { ticketNo: 'WK001-20261201-009' }), message: 'unknown' },
    ],
    writeStep: [
      { ok: true, approved: { record, authorisation: new Uint8Array(64) } },
      { ok: false, reason: 'writeRefused', message: 'chip said 6982' },
      { ok: false, reason: 'writeNotConfirmed', message: 'card gone' },
    ],
    printBack: [{ ok: true }, { ok: false, problem: 'cardJam', message: 'jam' }],
    printReceipt: [{ ok: true }, { ok: false, cause: 'paperOut' }],
    settleStep: [
      { money: money('refunded', { ticketNo: 'WK001-20261201-002', slipPrinted: true }) },
      { money: money('refundByStaff', { ticketNo: 'WK001-20261201-003', slipPrinted: false }) },
    ],
  },
};

describe('model-based paths: the exit-entry endorsement', () => {
  const variants: Variant[] = [
    { ready: true, enabled: true, cardOnReader: true },
    { ready: true, enabled: true, cardOnReader: false },
    { ready: false, enabled: true, cardOnReader: true },
    { ready: true, enabled: false, cardOnReader: true },
  ];
  let total = 0;

  it.each(variants)('every simple path ends settled (devices ready: $ready, service on: $enabled, permit on the reader: $cardOnReader)', (variant) => {
    const machine = scriptedMachine(exitEntryMachine, TABLE);
    // A state is its value plus what changes what can happen next (not the deps in the context).
    const serializeState = (snapshot: AnyMachineSnapshot) => {
      const c = snapshot.context as ExitEntryContext;
      return JSON.stringify([snapshot.value, snapshot.status, c.choice?.type, c.chooseProblem, c.confirmProblem, c.failure?.code, c.backProblem, c.receiptPending, c.money?.status]);
    };
    const paths = getSimplePaths(machine, { input: input(openJournal(join(freshDir(), 'j.db'), { kioskId: 'K001' }), freshDir(), variant), events: pathEvents(TABLE) as never, serializeState: serializeState as never });
    const complete = paths.filter((path) => (path.state as AnyMachineSnapshot).status === 'done');
    expect(complete.length).toBeGreaterThan(variant.enabled && variant.ready && variant.cardOnReader ? 60 : 3);
    for (const path of complete) {
      const dir = freshDir();
      const journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001' });
      const events = path.steps.map((step) => step.event as AnyEventObject);
      const trail = events.map((event) => event.type.replace('xstate.done.actor.', 'done:').replace('xstate.after.', 'after:')).join(' > ');
      const snapshots = replay(machine, input(journal, dir, variant), events);
      const final = snapshots.at(-1)!;
      expect(final.status, trail).toBe('done');
      const ending = final.output as { status: string; code?: string };
      if (ending.status !== 'done') expect(exitEntryContract.Reason.safeParse(ending.code).success, `${trail}: ${ending.code}`).toBe(true);

      for (const snapshot of snapshots.filter((s) => s.status === 'active')) {
        const shown = exitEntryFlowSpec.present(snapshot);
        expect(exitEntryContract.parseView(shown.state, shown.view), `${trail}: ${shown.state}`).toBeDefined();
      }
      const ended = exitEntryFlowSpec.presentEnding(final);
      if (ending.status === 'done') expect(exitEntryContract.parseView('done', ended.view), trail).toBeDefined();
      else expect(exitEntryContract.parseEnding(ended.view), trail).toBeDefined();

      // Money: charged only with the endorsement on the chip; otherwise given back or with staff and a ticket.
      const context = final.context as ExitEntryContext;
      const paid = events.some((event) => event.type === 'xstate.done.actor.payment' && (event.output as { ok: boolean }).ok);
      const written = events.some((event) => event.type === 'xstate.done.actor.write' && (event.output as { ok: boolean }).ok);
      if (ending.status === 'done') {
        expect(written, trail).toBe(true);
        expect(context.money?.status, trail).toBe('charged');
      } else if (paid) {
        expect(['refunded', 'refundByStaff', 'unknownByStaff'], trail).toContain(context.money?.status);
        expect(context.money?.ticketNo, trail).toBeDefined();
      } else if (context.money) expect(['notCharged', 'refunded', 'unknownByStaff'], trail).toContain(context.money.status);
      // A card's back not printed: a ticket, and the done screen says so.
      if (ending.status === 'done' && context.backProblem) expect(ended.view, trail).toMatchObject({ backPrinted: false, ticketNo: expect.any(String) });

      if (context.transactionId) expect(journal.find(context.transactionId)!.status, trail).not.toBe('open');
      expect(JSON.stringify(journal.unfinished()), trail).not.toContain(ID);
      expect([context.permit, context.accessKey, context.holder], trail).toEqual([undefined, undefined, undefined]);
      journal.close();
      total += 1;
    }
  });

  it('ran every path', () => {
    process.stdout.write(`model-based paths: exit-entry machine, ${total} complete simple paths replayed\n`);
    expect(total).toBeGreaterThan(60);
  });
});
