/**
 * Model-based paths through every service flow machine and the kit's steps. `@xstate/graph`
 * enumerates every simple path — the resident's events, each time-out firing, each invoked step or
 * backend call ending with each scripted outcome — and each path is replayed on a fresh actor with
 * a fresh journal: it must end in done, failed or cancelled, leave no transaction open, settle the
 * money (charged and delivered, or refunded / handed to staff with a ticket), show only views that
 * fit the contract, and keep no personal data in the final context.
 */
import { getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { exitEntryMachine } from '../exit-entry/machine';
import { permitStep } from '../exit-entry/permit-step';
import { writeStep } from '../exit-entry/write-step';
import type { Journal } from '../journal/journal';
import { noCriminalRecordMachine } from '../no-criminal-record/machine';
import { tempIdFlowSpec, resolveTempIdSettings } from '../temp-id/launcher';
import type { TempIdContext } from '../temp-id/context';
import { tempIdMachine } from '../temp-id/machine';
import { syntheticPhotoSource } from '../temp-id/portrait';
import { trafficMachine } from '../traffic/machine';
import { pathEvents, replay, scriptedMachine, statesWithoutTimeout, type PathEventTable } from './model';
import { journalsFor, scriptedKitDeps, walkFlow } from './model-walk';
import { faceStep } from './steps/face';
import { identityStep } from './steps/identity';
import { paymentStep } from './steps/payment';
import { settleStep } from './steps/settle';

const freshJournal = journalsFor('kit-paths');

const ID = '11010519491231002X';
const kitDeps = (journal: Journal, ready: boolean) => scriptedKitDeps({ service: 'tempIdCard', journal, ...(ready ? {} : { notReady: { device: 'cardPrinter', problem: 'suppliesOut' } }) });

const tempIdInput = (journal: Journal, variant: { ready: boolean; enabled: boolean }) => ({
  deps: {
    kit: kitDeps(journal, variant.ready),
    settings: resolveTempIdSettings({ enabled: variant.enabled, feeFen: 1000, localRegistrationOnly: false, issuingAuthority: '北京市公安局东城分局', validityMonths: 3, jurisdictionCode: '110101001', postName: '警务室' }),
    cardPrinter: () => undefined,
    registryPhoto: syntheticPhotoSource,
  },
});

const registry = { idNumber: ID, name: '王䶮', sex: 'male', ethnicity: '汉', birthDate: '1949-12-31', registeredAddress: '北京市东城区', photoRef: 'p1', regionCode: '110105' };
const issue = { applicationNo: 'SQ1', idNumber: ID, name: '王䶮', sex: 'male', ethnicity: '汉', birthDate: '1949-12-31', registeredAddress: '北京市东城区', photoRef: 'p1', issuingAuthority: 'x', validFrom: '2026-12-01', validUntil: '2027-02-28' };

const TEMP_ID_TABLE: PathEventTable = {
  resident: { accept: [{}], decline: [{}], confirm: [{}], back: [{}], cancel: [{}], cancelPayment: [{}] },
  outcomes: {
    identityStep: [{ ok: true, idNumber: ID, source: 'typed' }, { ok: false, reason: 'rareCharacter', message: 'card' }, { ok: false, reason: 'timeout', message: 'gone' }],
    checkEligibility: [
      { ok: true, registry, validFrom: '2026-12-01', validUntil: '2027-02-28' },
      { ok: false, reason: 'identityNotFound', message: 'none' },
      { ok: false, reason: 'under16', message: 'minor', recordRefusal: true },
    ],
    faceStep: [{ ok: true }, { ok: false, reason: 'faceMismatch', message: 'no', checking: true }, { ok: false, reason: 'cameraUnavailable', message: 'missing', checking: false }],
    paymentStep: [
      { ok: true, money: { status: 'charged', amountFen: 1000 }, orderId: 'PO1' },
      { ok: false, reason: 'cancelled', money: { status: 'refunded', amountFen: 1000 }, message: 'cancelled' },
      { ok: false, reason: 'paymentTimeout', money: { status: 'notCharged', amountFen: 1000 }, message: 'expired' },
      { ok: false, reason: 'backendUnavailable', money: { status: 'unknownByStaff', amountFen: 1000, ticketNo: 'WK001-20261201-001' }, message: 'unknown' },
    ],
    applyForCard: [{ ok: true, issue }, { ok: false, reason: 'backendUnavailable', message: 'down' }],
    printCard: [{ ok: true }, { ok: false, problem: 'cardJam', code: 'hardwareError', message: 'jam' }],
    printReceipt: [{ ok: true }, { ok: false, cause: 'paperOut' }],
    settleStep: [{ money: { status: 'refunded', amountFen: 1000, ticketNo: 'WK001-20261201-002', slipPrinted: true } }, { money: { status: 'refundByStaff', amountFen: 1000, ticketNo: 'WK001-20261201-003', slipPrinted: false } }],
  },
};

describe('every state of every flow machine has a time-out', () => {
  it.each([
    ['tempIdCard', tempIdMachine],
    ['trafficViolations', trafficMachine],
    ['noCriminalRecord', noCriminalRecordMachine],
    // The endorsement's paths are walked in services/exit-entry/machine.model.test.ts.
    ['exitEntry', exitEntryMachine],
    ['exit-entry permit step', permitStep],
    ['exit-entry write step', writeStep],
    ['identity step', identityStep],
    ['face step', faceStep],
    ['payment step', paymentStep],
    ['settle step', settleStep],
  ] as const)('%s', (_name, machine) => {
    expect(statesWithoutTimeout(machine as unknown as AnyStateMachine)).toEqual([]);
  });
});

describe('model-based paths: the temporary ID card', () => {
  const variants = [
    { ready: true, enabled: true },
    { ready: false, enabled: true },
    { ready: true, enabled: false },
  ];
  let total = 0;

  it.each(variants)('every simple path ends settled (devices ready: $ready, service on: $enabled)', (variant) => {
    const count = walkFlow<TempIdContext>({
      machine: tempIdMachine,
      table: TEMP_ID_TABLE,
      spec: tempIdFlowSpec,
      freshJournal,
      input: (journal) => tempIdInput(journal, variant),
      idNumber: ID,
      check: ({ trail, events, ending, context }) => {
        // Money: charged only when delivered; otherwise given back, or with staff and a ticket.
        const charged = events.some((event) => event.type.startsWith('xstate.done.actor.payment') && (event.output as { ok: boolean }).ok);
        if (ending.status === 'done') expect(context.money?.status, trail).toBe('charged');
        else if (charged) {
          expect(['refunded', 'refundByStaff', 'unknownByStaff'], trail).toContain(context.money?.status);
          expect(context.money?.ticketNo, trail).toBeDefined();
        } else if (context.money) expect(['notCharged', 'refunded', 'unknownByStaff'], trail).toContain(context.money.status);
        if (context.money?.status === 'unknownByStaff' || context.money?.status === 'refundByStaff') expect(context.money.ticketNo, trail).toBeDefined();
        // No personal data left in memory.
        expect([context.identity, context.registry, context.issue], trail).toEqual([undefined, undefined, undefined]);
      },
    });
    expect(count).toBeGreaterThan(variant.enabled && variant.ready ? 40 : 3);
    total += count;
  });

  it('ran every path', () => {
    process.stdout.write(`model-based paths: temporary ID card machine, ${total} complete simple paths replayed\n`);
    expect(total).toBeGreaterThan(40);
  });
});

describe('model-based paths: the kit steps', () => {
  const counts: Record<string, number> = {};
  /** Replays every complete simple path of a step; returns the outputs with their trails. */
  function walk(name: string, machine: AnyStateMachine, table: PathEventTable, input: () => unknown, distinct: (context: never) => unknown = () => null) {
    const scriptedStep = scriptedMachine(machine, table);
    // A state is its value plus the context that changes what can happen next (not every detail).
    const serializeState = (snapshot: AnyMachineSnapshot) => JSON.stringify([snapshot.value, snapshot.status, distinct(snapshot.context as never)]);
    const paths = getSimplePaths(scriptedStep, { input: input(), events: pathEvents(table) as never, serializeState: serializeState as never }).filter(
      (path) => (path.state as AnyMachineSnapshot).status === 'done',
    );
    counts[name] = paths.length;
    return paths.map((path) => {
      const events = path.steps.map((step) => step.event as AnyEventObject);
      const final = replay(scriptedStep, input(), events).at(-1)!;
      return { trail: events.map((event) => event.type).join(' > '), final, output: final.output as Record<string, unknown> & { ok?: boolean; money?: { status: string; ticketNo?: string } } };
    });
  }

  it('identity: a number or a card comes out only when valid and acceptable', () => {
    const record = (name: string) => ({ type: 'resident', name, idNumber: ID, needsStaffReview: false });
    const table: PathEventTable = {
      resident: { idNumberEntered: [{ idNumber: ID }, { idNumber: '110105' }], 'card.read': [{ record: record('王䶮') }, { record: record('王\ue000') }], 'card.problem': [{ problem: 'readFailed' }] },
      outcomes: {},
    };
    const results = walk('identity', identityStep as unknown as AnyStateMachine, table, () => ({ deps: kitDeps(freshJournal(), true), timeoutMs: 1000, checkCard: (r: { name: string }) => (/\ue000/.test(r.name) ? 'rareCharacter' : undefined) }));
    expect(results.length).toBeGreaterThan(3);
    for (const { trail, output } of results) {
      if (output.ok) expect(output.idNumber, trail).toBe(ID);
      else expect(['rareCharacter', 'timeout'], trail).toContain(output.reason);
    }
  });

  it('face: a match only from a matching comparison, a mismatch only after every attempt, never an image kept', () => {
    const table: PathEventTable = {
      resident: { faceCaptured: [{ imageJpegBase64: '/9j/AAAA' }], cameraUnavailable: [{ reason: 'missing' }] },
      outcomes: { compare: [{ kind: 'matched' }, { kind: 'noMatch' }, { kind: 'badImage' }, { kind: 'unreachable', message: 'down' }] },
    };
    const results = walk(
      'face',
      faceStep as unknown as AnyStateMachine,
      table,
      () => ({ deps: kitDeps(freshJournal(), true), idNumber: ID, maxAttempts: 2, timeouts: { capture: 1000, check: 1000 } }),
      (context: { attempt: number }) => context.attempt,
    );
    for (const { trail, output, final } of results) {
      if (output.ok) expect(trail, trail).toMatch(/face.checking/);
      if (output.reason === 'faceMismatch') expect((final.context as { attempt: number }).attempt, trail).toBe(2);
      expect(JSON.stringify(final.context), trail).not.toContain('/9j/');
    }
  });

  it('payment: charged only when paid; anything else says what happened to the money (a ticket when unknown)', () => {
    const order = { orderId: 'PO1', amountFen: 1000, qrPayload: 'q', expiresAt: '2026-12-01T02:03:00Z', status: 'pending' };
    const paid = { kind: 'paid', order: { ...order, status: 'paid' }, late: false };
    const table: PathEventTable = {
      resident: { cancel: [{}], cancelPayment: [{}], 'code.scanned': [{ code: '134567890123451111' }], 'order.settled': [{ outcome: paid }, { outcome: { kind: 'notPaid', reason: 'expired', order } }] },
      outcomes: {
        start: [{ ok: true, value: { order } }, { ok: false, error: { code: 'gateway', message: 'down', gatewayError: { kind: 'network', message: 'x', retryable: true } } }],
        charge: [paid, { kind: 'declined', code: 'insufficientFunds', message: 'no' }, { kind: 'unknown', message: '?' }],
        cancelOrder: [{ kind: 'notPaid', reason: 'cancelled', order }, { kind: 'refunded', order: { ...order, status: 'refunded' } }, paid, { kind: 'unknown', message: '?' }],
      },
    };
    const results = walk('payment', paymentStep as unknown as AnyStateMachine, table, () => {
      const journal = freshJournal();
      const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: ID });
      return { deps: kitDeps(journal, true), transactionId: tx.ok ? tx.value.id : '', amountFen: 1000, purpose: 'tempIdCardFee', windowMs: 60_000, pollMs: 1000, exchangeTimeoutMs: 1000 };
    }, (context: { cancelRequested: boolean; cancelling?: unknown }) => [context.cancelRequested, context.cancelling]);
    expect(results.length).toBeGreaterThan(10);
    for (const { trail, output } of results) {
      expect(output.ok === true, trail).toBe(output.money?.status === 'charged');
      if (output.money?.status === 'unknownByStaff') expect(output.money.ticketNo, trail).toBeDefined();
      if (!output.ok) expect(['notCharged', 'refunded', 'unknownByStaff'], trail).toContain(output.money?.status);
    }
  });

  it('settle: always a ticket, and money refunded or with staff (the journal says which)', () => {
    const table: PathEventTable = {
      resident: {},
      outcomes: { refund: [true, false], undoEffects: [{ compensated: ['SQ1'], failed: [] }, { compensated: [], failed: [{ reference: 'SQ1', message: 'down' }] }], printSlip: [true, false] },
    };
    let journal!: Journal;
    let transactionId = '';
    const results = walk('settle', settleStep as unknown as AnyStateMachine, table, () => {
      journal = freshJournal();
      const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: ID });
      transactionId = tx.ok ? tx.value.id : '';
      return { deps: kitDeps(journal, true), transactionId, why: 'card jam', what: '制证机卡片卡住', maskedIdNumber: '110105********002X', feeFen: 1000, slip: () => new Uint8Array(), timeoutMs: 1000 };
    });
    expect(results.length).toBeGreaterThanOrEqual(8);
    for (const { trail, output } of results) {
      expect(['refunded', 'refundByStaff'], trail).toContain(output.money?.status);
      expect(output.money?.ticketNo, trail).toMatch(/^WK001-\d{8}-\d{3}$/);
      if (output.money?.status === 'refundByStaff') expect(journal.find(transactionId)!.status, trail).toBe('handedToStaff');
    }
  });

  it('ran every path of every step', () => {
    process.stdout.write(`model-based paths: kit steps ${Object.entries(counts).map(([name, n]) => `${name} ${n}`).join(', ')}\n`);
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
  });
});
