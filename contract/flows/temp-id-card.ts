/**
 * Contract of the temporary resident ID card flow (临时居民身份证): its own states, events, views and
 * reasons, on top of the shared part (./common.ts). The core flow is services/temp-id, the screens
 * are renderer/screens/temp-id.
 *
 * notice (step 1) → identity (2) → eligibility (3) → face ⇄ faceCheck (4) → confirm (5) →
 * payment (6) → printing (7) → done (8). An ending (status `failed`/`cancelled`) carries one of
 * `tempIdContract.Reason` in `error.code` and the view of the state it ended in, whose `money` says
 * exactly what happens to the resident's money.
 */
import { z } from 'zod';
import { BaseView, CalendarDate, commonEvents, commonViews, Empty, MaskedIdNumber } from './common';
import { defineServiceContract } from './kit';

/** Card-printer problems as the flow reports them (devices/card-printer driver vocabulary). */
const CardPrinterProblem = z.enum(['feederEmpty', 'ribbonOut', 'coverOpen', 'cardJam', 'offline', 'timeOut', 'other']);

export const tempIdViews = {
  notice: BaseView.extend({
    /** The fee in fen (1000 = 10 yuan). */
    feeFen: z.number().int().nonnegative(),
    /** How long the temporary card is valid. */
    validityMonths: z.number().int().positive(),
  }),
  identity: commonViews.identity,
  eligibility: BaseView.extend({ maskedIdNumber: MaskedIdNumber }),
  face: commonViews.face,
  faceCheck: commonViews.faceCheck,
  confirm: BaseView.extend({
    /** The details that will be printed on the card (the number masked here; printed in full on the card only). */
    name: z.string(),
    sex: z.enum(['male', 'female']),
    ethnicity: z.string(),
    birthDate: CalendarDate,
    address: z.string(),
    maskedIdNumber: MaskedIdNumber,
    /** Validity: from today for `validityMonths` (inclusive dates). */
    validFrom: CalendarDate,
    validUntil: CalendarDate,
    issuingAuthority: z.string(),
    feeFen: z.number().int().nonnegative(),
  }),
  payment: commonViews.payment,
  printing: BaseView.extend({
    /**
     * registering: applying at the backend; card: printing the card; receipt: printing the
     * receipt; compensating: the card failed: refunding and printing a slip.
     */
    phase: z.enum(['registering', 'card', 'receipt', 'compensating']),
    /** Set when the card printer failed (cardPrinterFailed). */
    printerProblem: CardPrinterProblem.optional(),
  }),
  done: BaseView.extend({
    /** Transaction number printed on the receipt (not personal). */
    transactionNo: z.string(),
    maskedIdNumber: MaskedIdNumber,
    validUntil: CalendarDate,
    /** True when the receipt could not be printed: staff can reprint it; the card was issued. */
    receiptPending: z.boolean(),
  }),
} as const;

export const tempIdContract = defineServiceContract({
  service: 'tempIdCard',
  steps: ['notice', 'identity', 'eligibility', 'face', 'confirm', 'payment', 'printing', 'done'],
  states: {
    notice: { step: 'notice', view: tempIdViews.notice },
    identity: { step: 'identity', view: tempIdViews.identity },
    eligibility: { step: 'eligibility', view: tempIdViews.eligibility },
    face: { step: 'face', view: tempIdViews.face },
    faceCheck: { step: 'face', view: tempIdViews.faceCheck },
    confirm: { step: 'confirm', view: tempIdViews.confirm },
    payment: { step: 'payment', view: tempIdViews.payment },
    printing: { step: 'printing', view: tempIdViews.printing },
    done: { step: 'done', view: tempIdViews.done },
  },
  events: {
    ...commonEvents,
    /** notice: the resident accepts the fee and consents to face comparison and data use. */
    accept: Empty,
    /** notice: the resident declines → the flow ends `cancelled`. */
    decline: Empty,
    /** confirm: the details are right; go to payment. */
    confirm: Empty,
    /** confirm: go back to `identity` (e.g. the wrong number was typed); identity and face are redone. */
    back: Empty,
  },
  /**
   *  - rareCharacter: the name holds a character the card cannot print correctly → counter.
   *  - under16: a guardian applies at the counter.
   *  - applicationInProgress / alreadyHoldsTempCard / notRegisteredInJurisdiction: eligibility refusals.
   *  - applicationRefused: the backend refused the application after payment (money refunded).
   *  - cardPrinterFailed: the card could not be printed after payment (see view.money, view.printerProblem).
   */
  /** An ending explains the money, and for a card-printer fault what went wrong with the printer. */
  ending: BaseView.extend({ printerProblem: CardPrinterProblem.optional() }),
  reasons: ['rareCharacter', 'under16', 'applicationInProgress', 'alreadyHoldsTempCard', 'notRegisteredInJurisdiction', 'applicationRefused', 'cardPrinterFailed'],
});

export type TempIdState = z.infer<typeof tempIdContract.State>;
export type TempIdReason = z.infer<typeof tempIdContract.Reason>;
export type TempIdViews = { [S in TempIdState]: z.infer<(typeof tempIdViews)[S]> };
export type TempIdEventName = keyof typeof tempIdContract.events;
export type TempIdEventPayload<E extends TempIdEventName> = z.infer<(typeof tempIdContract.events)[E]>;

/** Parses a progress `view` for its state, typed; undefined when the state or the view does not fit. */
export function parseTempIdView<S extends TempIdState>(state: S, view: unknown): TempIdViews[S] | undefined {
  return tempIdContract.parseView(state, view)?.view as TempIdViews[S] | undefined;
}
