/**
 * Shared step: money was taken and the service cannot be delivered. Refund (exactly once, through
 * the payment service), undo every effect the flow had on the police backend (gateway/compensation),
 * open a staff ticket, and print a slip that says what happened and what happens to the money. Each
 * part is a state with its own time-out; the step ends with the `MoneyView` the resident is shown.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { MoneyView } from '../../../contract/flows/common';
import { compensateEffects, type CompensationOutcome } from '../../gateway/compensation';
import type { KitDeps } from '../deps';
import { heldFen, journalStep, logEvent } from '../deps';

/** What the slip says; the service's slip builder turns it into receipt-printer bytes. */
export interface SlipData {
  transactionNo: string;
  maskedIdNumber: string;
  feeFen: number;
  at: string;
  postName: string;
  timeZone: string;
  /** Plain words for what went wrong (no personal data). */
  what: string;
  money: 'refunded' | 'refundByStaff';
  ticketNo?: string;
}

export interface SettleInput {
  deps: KitDeps;
  transactionId: string;
  /** For the journal and staff (no personal data). */
  why: string;
  /** For the resident's slip. */
  what: string;
  maskedIdNumber: string;
  /** The fee, when the journal cannot tell what is held. */
  feeFen: number;
  slip: (data: SlipData) => Uint8Array;
  timeoutMs: number;
}

export type SettleOutput = { money: MoneyView };

interface SettleContext extends SettleInput {
  amountFen: number;
  refunded?: boolean;
  backendNote?: string;
  money?: MoneyView;
}

const refund = fromPromise<boolean, { deps: KitDeps; transactionId: string; why: string }>(async ({ input }) => (await input.deps.payments.refund(input.transactionId, input.why)).ok);

const undoEffects = fromPromise<CompensationOutcome, { deps: KitDeps; transactionId: string; why: string }>(({ input }) =>
  compensateEffects(input.deps.journal, input.deps.gateway, input.transactionId, input.why),
);

const printSlip = fromPromise<boolean, { context: SettleContext }>(async ({ input: { context } }) => {
  const printer = context.deps.devices.receiptPrinter();
  if (!printer || !context.money || (context.money.status !== 'refunded' && context.money.status !== 'refundByStaff')) return false;
  const bytes = context.slip({
    transactionNo: context.transactionId,
    maskedIdNumber: context.maskedIdNumber,
    feeFen: context.amountFen,
    at: context.deps.now().toISOString(),
    postName: context.deps.post.name,
    timeZone: context.deps.post.timeZone,
    what: context.what,
    money: context.money.status,
    ...(context.money.ticketNo ? { ticketNo: context.money.ticketNo } : {}),
  });
  const printed = await printer.print(bytes, { timeoutMs: context.deps.post.receiptPrintTimeoutMs, jobId: `${context.transactionId}/slip` });
  return printed.ok;
});

/** Records the decision and opens the staff ticket; returns the money view the resident is shown. */
function ticket(context: SettleContext): MoneyView {
  const { deps, transactionId, why } = context;
  const status = context.refunded ? 'refunded' : 'refundByStaff';
  if (!context.refunded) {
    journalStep(deps, transactionId, { kind: 'handedToStaff', idempotencyKey: 'refund', data: { reason: why.slice(0, 200) } });
    const tx = deps.journal.find(transactionId);
    if (tx?.status === 'open') deps.journal.finish(transactionId, 'handedToStaff', `${why}; refund failed`.slice(0, 500));
  }
  const opened = deps.journal.openTicket(transactionId, `${context.refunded ? `${why}; refunded` : `${why}; refund failed, money still taken`}${context.backendNote ?? ''}`.slice(0, 500));
  logEvent(deps, 'settled-after-payment', { tx: transactionId, money: status });
  return { status, amountFen: context.amountFen, ...(opened.ok ? { ticketNo: opened.value.number } : {}), slipPrinted: false };
}

export const settleStep = setup({
  types: {} as { context: SettleContext; input: SettleInput; output: SettleOutput },
  actors: { refund, undoEffects, printSlip },
  delays: { timeout: ({ context }) => context.timeoutMs },
}).createMachine({
  id: 'settle',
  context: ({ input }) => ({ ...input, amountFen: heldFen(input.deps.journal, input.transactionId) || input.feeFen }),
  initial: 'refunding',
  states: {
    refunding: {
      invoke: {
        src: 'refund',
        input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId, why: context.why }),
        onDone: { target: 'compensating', actions: assign(({ event }) => ({ refunded: event.output })) },
        onError: { target: 'compensating', actions: assign({ refunded: false }) },
      },
      after: { timeout: { target: 'compensating', actions: assign({ refunded: false }) } },
    },
    compensating: {
      invoke: {
        src: 'undoEffects',
        input: ({ context }) => ({ deps: context.deps, transactionId: context.transactionId, why: context.why }),
        onDone: {
          target: 'ticketing',
          actions: assign(({ event }) => ({
            backendNote: event.output.failed.length > 0 ? '; application not withdrawn at the backend' : event.output.compensated.length > 0 ? '; application withdrawn' : '',
          })),
        },
        onError: { target: 'ticketing', actions: assign({ backendNote: '; backend not updated' }) },
      },
      after: { timeout: { target: 'ticketing', actions: assign({ backendNote: '; backend not updated in time' }) } },
    },
    ticketing: {
      always: { target: 'printingSlip', actions: assign(({ context }) => ({ money: ticket(context) })) },
    },
    printingSlip: {
      invoke: {
        src: 'printSlip',
        input: ({ context }) => ({ context }),
        onDone: { target: 'ended', actions: assign(({ context, event }) => ({ money: { ...context.money!, slipPrinted: event.output } })) },
        onError: { target: 'ended' },
      },
      after: { timeout: 'ended' },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => ({ money: context.money ?? { status: 'refundByStaff', amountFen: context.amountFen } }),
});
