/**
 * Contract of a tip-off (随手举报): a category, an optional place, a short text typed on the pinyin
 * keyboard, anonymous unless the resident chooses to give their identity, and a tracking number on
 * a slip that the progress query accepts. The core flow is services/tip-off, the screens
 * renderer/screens/tip-off.
 *
 * notice (1) → category ⇄ place ⇄ text (2) → anonymity ⇄ identity ⇄ lookup ⇄ face ⇄ faceCheck (3)
 * → confirm ⇄ submitting (4) → printing → done (5).
 *
 * The text and the place travel to the police backend only: they appear in the views of this
 * resident's own screens (to read back before sending) and nowhere else — never in a log, the
 * journal or telemetry. The journal keeps that a tip-off was sent and its tracking number.
 */
import { z } from 'zod';
import { TipOffCategory, TrackingNo } from '../applications';
import { BaseView, commonEvents, commonViews, Empty, MaskedIdNumber } from './common';
import { defineServiceContract } from './kit';

/** The most a kiosk lets a resident type (its configuration may say less). */
export const MAX_TIP_OFF_TEXT = 300;
export const MAX_TIP_OFF_PLACE = 30;

export const tipOffViews = {
  notice: BaseView.extend({ maxTextLength: z.number().int().positive() }),
  category: BaseView.extend({ categories: z.array(TipOffCategory).min(1) }),
  /** `draft`: what the resident typed before (to change it), on their own screen only. */
  place: BaseView.extend({ maxLength: z.number().int().positive(), problem: z.enum(['tooLong']).optional(), draft: z.string().max(MAX_TIP_OFF_PLACE).optional() }),
  text: BaseView.extend({
    minLength: z.number().int().positive(),
    maxLength: z.number().int().positive(),
    problem: z.enum(['empty', 'tooShort', 'tooLong']).optional(),
    draft: z.string().max(MAX_TIP_OFF_TEXT).optional(),
  }),
  /** Anonymous (the default) or with the resident's identity. */
  anonymity: BaseView,
  identity: commonViews.identity,
  lookup: BaseView.extend({ maskedIdNumber: MaskedIdNumber }),
  face: commonViews.face,
  faceCheck: commonViews.faceCheck,
  /** Read it back before sending: the resident's own words, on their own screen only. */
  confirm: BaseView.extend({
    category: TipOffCategory,
    place: z.string().max(MAX_TIP_OFF_PLACE).optional(),
    text: z.string().max(MAX_TIP_OFF_TEXT),
    anonymous: z.boolean(),
    maskedIdNumber: MaskedIdNumber.optional(),
  }),
  submitting: BaseView,
  printing: BaseView.extend({ trackingNo: TrackingNo }),
  done: BaseView.extend({
    trackingNo: TrackingNo,
    anonymous: z.boolean(),
    /** The slip with the tracking number came out of the receipt printer. */
    slipPrinted: z.boolean(),
  }),
} as const;

export const tipOffContract = defineServiceContract({
  service: 'tipOff',
  steps: ['notice', 'report', 'identity', 'confirm', 'done'],
  states: {
    notice: { step: 'notice', view: tipOffViews.notice },
    category: { step: 'report', view: tipOffViews.category },
    place: { step: 'report', view: tipOffViews.place },
    text: { step: 'report', view: tipOffViews.text },
    anonymity: { step: 'identity', view: tipOffViews.anonymity },
    identity: { step: 'identity', view: tipOffViews.identity },
    lookup: { step: 'identity', view: tipOffViews.lookup },
    face: { step: 'identity', view: tipOffViews.face },
    faceCheck: { step: 'identity', view: tipOffViews.faceCheck },
    confirm: { step: 'confirm', view: tipOffViews.confirm },
    submitting: { step: 'confirm', view: tipOffViews.submitting },
    printing: { step: 'done', view: tipOffViews.printing },
    done: { step: 'done', view: tipOffViews.done },
  },
  events: {
    ...commonEvents,
    /** notice: understood (emergencies go to 110; a false report is against the law). */
    accept: Empty,
    decline: Empty,
    categoryChosen: z.object({ category: TipOffCategory }).strict(),
    /** place: where it happens (free text: never logged); `placeSkipped` leaves it out. */
    placeGiven: z.object({ place: z.string().max(200) }).strict(),
    placeSkipped: Empty,
    /** text: what happened (free text: never logged); a refused one stays with the problem in the view. */
    textGiven: z.object({ text: z.string().max(2000) }).strict(),
    /** anonymity: send it without a name (the default), or with the resident's identity. */
    anonymous: Empty,
    named: Empty,
    /** confirm: send it; or go back and change the words. */
    submit: Empty,
    edit: Empty,
    /** Any of the report's screens: one step back. */
    back: Empty,
  },
  /**
   *  - rateLimited: this kiosk has taken as many tip-offs as its configuration allows for now → 110 or the counter.
   *  - notSent: the backend refused the tip-off (nothing was sent) → 110 or the counter.
   */
  reasons: ['rateLimited', 'notSent'],
});

export type TipOffState = z.infer<typeof tipOffContract.State>;
export type TipOffReason = z.infer<typeof tipOffContract.Reason>;
export type TipOffViews = { [S in TipOffState]: z.infer<(typeof tipOffViews)[S]> };
