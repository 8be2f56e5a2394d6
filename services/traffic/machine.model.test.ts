/**
 * Model-based paths through the traffic machine (services/kit/model-walk.ts), on the ID-card
 * route: every simple path of the resident's events, the time-outs, each kit step and look-up
 * ending with each scripted outcome, and the handling and printing actors' events (bounded: the
 * route, one selection, no back or payment-cancel buttons, a printer that fails or finishes, a
 * payment that succeeds or is lost, so the walk stays under a minute on two cores). The look-up's
 * records and the decision are the backend simulator's own (asked once, before the walk). Each path
 * must end, leave its transaction finished, say what happened to the money (charged only when paid;
 * a ticket whenever it is with staff), and keep neither the holder nor the records in memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { createEmbeddedGateway } from '../backend-sim/embedded';
import { DRIVERS, FIXTURE_NOW } from '../backend-sim/fixtures';
import type { PenaltyDecision } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { PathEventTable } from '../kit/model';
import { journalsFor, scriptedKitDeps, walkFlow } from '../kit/model-walk';
import type { TrafficContext } from './context';
import { resolveTrafficSettings, trafficFlowSpec } from './launcher';
import { trafficMachine } from './machine';
import { lookUp, type TrafficDeps } from './work';

const freshJournal = journalsFor('traffic-paths', () => FIXTURE_NOW);

const DRIVER = DRIVERS.lin;
const gateway = createEmbeddedGateway({ now: () => FIXTURE_NOW });

function deps(journal: Journal, ready: boolean): { deps: TrafficDeps } {
  const kit = scriptedKitDeps({ service: 'traffic', journal, gateway, now: FIXTURE_NOW, ...(ready ? {} : { notReady: { device: 'documentPrinter', problem: 'offline' } }) });
  return { deps: { kit, settings: resolveTrafficSettings({ config: { enabled: true }, post: { name: '警务室' } }), documentPrinter: () => undefined, trustedKeys: [] } };
}

const money = (status: string, extra: Record<string, unknown> = {}) => ({ status, amountFen: 10_000, ...extra });
let table: PathEventTable;

beforeAll(async () => {
  // The driver's own records and a decision, as the simulator gives them.
  const found = await toPromise(createActor(lookUp, { input: { deps: deps(freshJournal(), true).deps, query: { kind: 'person', idNumber: DRIVER.idNumber } } }).start());
  if (!found.ok) throw new Error(`simulator look-up: ${found.message}`);
  const [first, second] = DRIVER.violations;
  const handled = await gateway.handleViolation({ idempotencyKey: 'walk/handle/1', violationNo: first, licenceNumber: DRIVER.idNumber, fileNumber: DRIVER.fileNumber });
  if (!handled.ok) throw new Error(`simulator decision: ${handled.error.message}`);
  const decision: PenaltyDecision = handled.value;
  table = {
    resident: {
      chooseRoute: [{ route: 'idCard' }],
      decline: [{}],
      cancel: [{}],
      finish: [{}],
      confirm: [{}],
      continue: [{}],
      selectRecords: [{ handle: [first], pay: [], reprint: [] }],
      'handling.issued': [{ decision }],
      'handling.refused': [{ violationNo: second, why: 'backendUnavailable' }],
      'handling.finished': [{}],
      'printing.one': [{ decisionNo: decision.decisionNo, ok: false, problem: 'paperOut' }],
      'printing.finished': [{}],
    },
    outcomes: {
      identityStep: [{ ok: true, idNumber: DRIVER.idNumber, source: 'card' }, { ok: false, reason: 'timeout', message: 'gone' }],
      faceStep: [{ ok: true }, { ok: false, reason: 'faceMismatch', message: 'no', checking: true }],
      lookUp: [found, { ok: false, reason: 'backendUnavailable', message: 'down' }],
      paymentStep: [
        { ok: true, money: money('charged'), orderId: 'PO1' },
        { ok: false, reason: 'backendUnavailable', money: money('unknownByStaff', { ticketNo: 'WK001-20250616-009' }), message: 'unknown' },
      ],
      printReceipt: [{ ok: true }, { ok: false, cause: 'paperOut' }],
    },
  };
});

describe('model-based paths: traffic violations (ID-card route)', () => {
  let total = 0;

  it.each([{ ready: true }, { ready: false }])('every simple path ends settled (devices ready: $ready)', ({ ready }) => {
    const count = walkFlow<TrafficContext>({
      machine: trafficMachine,
      table,
      spec: trafficFlowSpec,
      freshJournal,
      input: (journal) => deps(journal, ready),
      idNumber: DRIVER.idNumber,
      // A state is its value plus what changes what can happen next: a decision issued or printed
      // again is the same state (the simulator's actors never repeat one).
      serializeState: (snapshot) => {
        const c = snapshot.context as TrafficContext;
        return JSON.stringify([snapshot.value, snapshot.status, c.purpose, c.selection !== undefined, c.issued.length > 0, c.notHandled.length > 0, c.printed.length > 0, c.unprinted.length > 0, c.failure?.code, c.money?.status, c.leaving]);
      },
      check: ({ trail, events, context }) => {
        const paid = events.some((event) => event.type === 'xstate.done.actor.payment' && (event.output as { ok: boolean }).ok);
        expect(context.money?.status === 'charged', trail).toBe(paid);
        if (context.money?.status === 'unknownByStaff' || context.money?.status === 'refundByStaff') expect(context.money.ticketNo, trail).toBeDefined();
        expect([context.holder, context.found, context.holderLicence, context.plan], trail).toEqual([undefined, undefined, undefined, undefined]);
      },
    });
    expect(count).toBeGreaterThan(ready ? 20 : 5);
    total += count;
  }, 120_000);

  it('ran every path', () => {
    process.stdout.write(`model-based paths: traffic machine (ID-card route), ${total} complete simple paths replayed\n`);
    expect(total).toBeGreaterThan(20);
  });
});
