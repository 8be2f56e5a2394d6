/**
 * Contract of the progress query (办理进度查询): every application the police backend knows for a
 * resident, each with its state and the next step in plain words. The core flow is
 * services/progress, the screens renderer/screens/progress.
 *
 * choose (1) → [number (1)] → identity ⇄ lookup (2) → [face ⇄ faceCheck (3)] → querying → results → done (4).
 * A tracking number skips identity and face.
 *
 * Who may see what:
 *  - by identity: the ID card on the reader (possession of the card), or the typed number AND a
 *    face comparison (a typed number alone proves nothing);
 *  - by an application number: the same proof of identity, and only that person's application;
 *  - by a tip-off's tracking number: the number alone. It is unguessable (6 random digits), it is
 *    the only key an anonymous reporter has, and the answer carries no personal data — the
 *    category and the state, never the text.
 * Views carry masked numbers only and are forgotten when the resident leaves.
 */
import { z } from 'zod';
import { ApplicationKind, ApplicationStatus, TipOffCategory } from '../applications';
import { BaseView, CalendarDate, commonEvents, commonViews, Empty, MaskedIdNumber } from './common';
import { defineServiceContract } from './kit';

/** The prefixes of the numbers a resident can type (受理编号 SQ…, 举报查询号 JB…). */
export const NumberPrefix = z.enum(['SQ', 'JB']);
export type NumberPrefix = z.infer<typeof NumberPrefix>;

/** One application as the results screen shows it. */
export const ProgressEntry = z.object({
  applicationNo: z.string().min(1).max(40),
  kind: ApplicationKind,
  status: ApplicationStatus,
  submittedOn: CalendarDate,
  updatedOn: CalendarDate,
  pickUpPlace: z.string().max(80).optional(),
  dueDate: CalendarDate.optional(),
  amountFen: z.number().int().nonnegative().optional(),
  /** tipOff by tracking number: its category (never the text). */
  category: TipOffCategory.optional(),
  /** The backend's own words (Chinese), shown as they are. */
  note: z.string().max(200).optional(),
});
export type ProgressEntry = z.infer<typeof ProgressEntry>;

export const progressViews = {
  choose: BaseView,
  number: BaseView.extend({
    prefixes: z.array(NumberPrefix).min(1),
    /** Why the last number was refused. */
    problem: z.enum(['badFormat']).optional(),
    attempts: z.number().int().nonnegative(),
  }),
  identity: commonViews.identity,
  lookup: BaseView.extend({ maskedIdNumber: MaskedIdNumber }),
  face: commonViews.face,
  faceCheck: commonViews.faceCheck,
  querying: BaseView.extend({ maskedIdNumber: MaskedIdNumber.optional(), applicationNo: z.string().max(40).optional() }),
  results: BaseView.extend({
    /** Whose applications (by identity); absent for a tip-off found by its tracking number. */
    maskedIdNumber: MaskedIdNumber.optional(),
    /** The number asked for, when the query was by number (nothing found: the list is empty). */
    applicationNo: z.string().max(40).optional(),
    applications: z.array(ProgressEntry).max(100),
  }),
  /** Finished: everything shown was forgotten. */
  done: BaseView,
} as const;

export const progressContract = defineServiceContract({
  service: 'progress',
  steps: ['how', 'identity', 'face', 'results'],
  states: {
    choose: { step: 'how', view: progressViews.choose },
    number: { step: 'how', view: progressViews.number },
    identity: { step: 'identity', view: progressViews.identity },
    lookup: { step: 'identity', view: progressViews.lookup },
    face: { step: 'face', view: progressViews.face },
    faceCheck: { step: 'face', view: progressViews.faceCheck },
    querying: { step: 'results', view: progressViews.querying },
    results: { step: 'results', view: progressViews.results },
    done: { step: 'results', view: progressViews.done },
  },
  events: {
    ...commonEvents,
    /** choose: by the ID card or the typed number. */
    byIdentity: Empty,
    /** choose: by an application number or a tip-off's tracking number. */
    byNumber: Empty,
    /** number: the typed number (prefix + digits). */
    numberEntered: z.object({ applicationNo: z.string().max(40) }).strict(),
    /** number: back to the choice. */
    back: Empty,
    /** results: another query (everything shown is forgotten first). */
    again: Empty,
    /** results: finished. */
    finish: Empty,
  },
  reasons: [],
});

export type ProgressState = z.infer<typeof progressContract.State>;
export type ProgressReason = z.infer<typeof progressContract.Reason>;
export type ProgressViews = { [S in ProgressState]: z.infer<(typeof progressViews)[S]> };
