/**
 * Shared step: who is the resident? The ID card on the reader (read by the device by itself), or
 * the 18-character number typed on the keypad (GB 11643, checked as typed). A refused card or
 * number stays in this step with the problem in the view, for another try; the step ends with the
 * clear number (kept in memory only) or with a reason.
 */
import { assign, fromCallback, setup } from 'xstate';
import { IdentityProblem, type IdentityProblem as Problem } from '../../../contract/flows/common';
import { isValidIdNumber, normalizeIdNumber, partialIdNumberProblem } from '../../../contract/id-number';
import type { ResidentRecord } from '../../../devices/id-reader/text-block';
import type { KitDeps } from '../deps';

export interface IdentityInput {
  deps: KitDeps;
  timeoutMs: number;
  /** The service's own check of a card that was read (e.g. a name the card printer cannot print). */
  checkCard?: (record: ResidentRecord) => string | undefined;
  /**
   * False for a service that never shows or prints the name (a status query, a tip-off): a card
   * whose name holds a character the reader cannot render is then taken, since its number is sound.
   * By default such a card ends the step with `rareCharacter` (the service sends the resident to staff).
   */
  usesName?: boolean;
}

export type IdentityOutput =
  | { ok: true; idNumber: string; source: 'card' | 'typed' }
  | { ok: false; reason: string; message: string };

export type IdentityEvent =
  | { type: 'idNumberEntered'; idNumber: string }
  | { type: 'card.read'; record: ResidentRecord }
  | { type: 'card.problem'; problem: Extract<Problem, 'readFailed' | 'notResidentCard'> };

interface IdentityContext {
  deps: KitDeps;
  timeoutMs: number;
  checkCard: IdentityInput['checkCard'];
  usesName: boolean;
  problem?: Problem;
  attempts: number;
  result?: IdentityOutput;
}

/** Maps a typed number to its problem, or undefined when it is a valid number. */
export function typedNumberProblem(typed: string, today: Date): Problem | undefined {
  const value = normalizeIdNumber(typed);
  if (value.length > 18) return 'tooLong';
  const partial = partialIdNumberProblem(value, today);
  if (partial) return IdentityProblem.parse(partial);
  if (value.length < 18) return 'tooShort';
  return isValidIdNumber(value, today) ? undefined : 'badCheckCharacter';
}

/** Whether a card must be checked by staff: a rare character matters only where the name is used. */
function needsStaff(record: ResidentRecord, usesName: boolean): boolean {
  if (!record.needsStaffReview) return false;
  return usesName || record.reviewReasons.some((reason) => reason !== 'rareCharacter');
}

/** Listens to the card reader while the step waits; nothing when no reader is configured. */
const cardReader = fromCallback<IdentityEvent, { deps: KitDeps }>(({ input, sendBack }) => {
  const reader = input.deps.devices.idReader();
  return reader?.on('event', (event) => {
    if (event.name === 'readFailed') sendBack({ type: 'card.problem', problem: 'readFailed' });
    if (event.name !== 'cardRead') return;
    const record = event.data.record;
    if (record.type !== 'resident') sendBack({ type: 'card.problem', problem: 'notResidentCard' });
    else sendBack({ type: 'card.read', record });
  });
});

export const identityStep = setup({
  types: {} as { context: IdentityContext; events: IdentityEvent; input: IdentityInput; output: IdentityOutput },
  actors: { cardReader },
  delays: { timeout: ({ context }) => context.timeoutMs },
  guards: {
    typedIsValid: ({ context, event }) => event.type === 'idNumberEntered' && typedNumberProblem(event.idNumber, context.deps.now()) === undefined,
    cardIsAcceptable: ({ context, event }) => event.type === 'card.read' && !(needsStaff(event.record, context.usesName) || context.checkCard?.(event.record)),
  },
}).createMachine({
  id: 'identity',
  context: ({ input }) => ({ deps: input.deps, timeoutMs: input.timeoutMs, checkCard: input.checkCard, usesName: input.usesName ?? true, attempts: 0 }),
  initial: 'waiting',
  states: {
    waiting: {
      invoke: { src: 'cardReader', input: ({ context }) => ({ deps: context.deps }) },
      after: { timeout: { target: 'ended', actions: assign({ result: { ok: false, reason: 'timeout', message: 'no card or number in time' } }) } },
      on: {
        idNumberEntered: [
          {
            guard: 'typedIsValid',
            target: 'ended',
            actions: assign(({ event }) => ({ problem: undefined, result: { ok: true as const, idNumber: normalizeIdNumber(event.idNumber), source: 'typed' as const } })),
          },
          { actions: assign(({ context, event }) => ({ attempts: context.attempts + 1, problem: typedNumberProblem(event.idNumber, context.deps.now()) })) },
        ],
        'card.read': [
          {
            guard: 'cardIsAcceptable',
            target: 'ended',
            actions: assign(({ context, event }) => ({ attempts: context.attempts + 1, problem: undefined, result: { ok: true as const, idNumber: event.record.idNumber, source: 'card' as const } })),
          },
          {
            target: 'ended',
            actions: assign(({ context, event }) => ({
              attempts: context.attempts + 1,
              result: { ok: false as const, reason: context.checkCard?.(event.record) ?? 'rareCharacter', message: 'the card needs a person to check it' },
            })),
          },
        ],
        'card.problem': { actions: assign(({ context, event }) => ({ attempts: context.attempts + 1, problem: event.problem })) },
      },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => context.result ?? { ok: false, reason: 'internalError', message: 'identity ended without a result' },
});
