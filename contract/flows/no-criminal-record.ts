/**
 * Contract of the no-criminal-record certificate flow (无犯罪记录证明, 公安机关办理犯罪记录查询工作规定
 * 2021): free, issued the same day, printed on A4 with a signed verification code. The core flow is
 * services/no-criminal-record, the screens renderer/screens/no-criminal-record.
 *
 * notice (1) → identity ⇄ lookup (2) → face ⇄ faceCheck (3) → purpose (4) → checking ⇄ statement (5)
 * → printing (6) → done (7). An ending carries one of `noCriminalRecordContract.Reason`.
 *
 * Discretion: when a record exists the flow ends `notIssuableHere` and nothing in any view, ending,
 * log line or journal entry says more than that code — the notice of refusal is given at the counter.
 */
import { z } from 'zod';
import { A4PrinterProblem, BaseView, CalendarDate, commonEvents, commonViews, Empty, MaskedIdNumber, StaffTicketNo } from './common';
import { defineServiceContract } from './kit';

/** What the certificate is for (用途); `other` comes with a short typed text. */
export const CertificatePurpose = z.enum(['employment', 'study', 'visaEmigration', 'adoption', 'other']);
export type CertificatePurpose = z.infer<typeof CertificatePurpose>;

/** 证明时限: from the 18th birthday (or from birth) up to today, as the post's rules say. */
export const CertificatePeriodRule = z.enum(['fromAge18', 'fromBirth']);
export type CertificatePeriodRule = z.infer<typeof CertificatePeriodRule>;

/** Longest purpose text a resident may type (the certificate's 用途 line). */
export const MAX_PURPOSE_TEXT = 30;
/** Longest stated purpose (用途说明) for a resident with many certificates this year. */
export const MAX_STATEMENT_TEXT = 60;

export const noCriminalRecordViews = {
  notice: BaseView.extend({
    validityMonths: z.number().int().positive(),
    periodRule: CertificatePeriodRule,
    /** Certificates a year after which a stated purpose is asked for. */
    statementAfter: z.number().int().nonnegative(),
  }),
  identity: commonViews.identity,
  /** The registry is being asked about the (masked) number. */
  lookup: BaseView.extend({ maskedIdNumber: MaskedIdNumber }),
  face: commonViews.face,
  faceCheck: commonViews.faceCheck,
  purpose: BaseView.extend({
    /** The purposes this post offers, in order. */
    purposes: z.array(CertificatePurpose).min(1),
    periodRule: CertificatePeriodRule,
    /** The period the certificate will cover (inclusive dates). */
    periodFrom: CalendarDate,
    periodTo: CalendarDate,
    maxTextLength: z.number().int().positive(),
    /** Why the last choice was refused: `other` without a text, or a text that is too long. */
    problem: z.enum(['textRequired', 'textTooLong']).optional(),
  }),
  /** The national database is being queried. */
  checking: BaseView.extend({ maskedIdNumber: MaskedIdNumber }),
  /** More than `statementAfter` certificates this year: a stated purpose is needed. */
  statement: BaseView.extend({
    certificatesThisYear: z.number().int().nonnegative(),
    statementAfter: z.number().int().nonnegative(),
    minLength: z.number().int().positive(),
    maxLength: z.number().int().positive(),
    problem: z.enum(['empty', 'tooShort', 'tooLong']).optional(),
  }),
  printing: BaseView.extend({
    /** issuing: the backend issues and signs; printing: verified, on the A4 printer. */
    phase: z.enum(['issuing', 'printing']),
  }),
  done: BaseView.extend({
    /** The certificate number (printed on it; the receiver verifies against it). */
    certificateNo: z.string().min(1).max(64),
    maskedIdNumber: MaskedIdNumber,
    validUntil: CalendarDate,
  }),
} as const;

export const noCriminalRecordContract = defineServiceContract({
  service: 'noCriminalRecord',
  steps: ['notice', 'identity', 'face', 'purpose', 'check', 'printing', 'done'],
  states: {
    notice: { step: 'notice', view: noCriminalRecordViews.notice },
    identity: { step: 'identity', view: noCriminalRecordViews.identity },
    lookup: { step: 'identity', view: noCriminalRecordViews.lookup },
    face: { step: 'face', view: noCriminalRecordViews.face },
    faceCheck: { step: 'face', view: noCriminalRecordViews.faceCheck },
    purpose: { step: 'purpose', view: noCriminalRecordViews.purpose },
    checking: { step: 'check', view: noCriminalRecordViews.checking },
    statement: { step: 'check', view: noCriminalRecordViews.statement },
    printing: { step: 'printing', view: noCriminalRecordViews.printing },
    done: { step: 'done', view: noCriminalRecordViews.done },
  },
  events: {
    ...commonEvents,
    /** notice: the resident consents (criminal records only, face data not kept). */
    accept: Empty,
    /** notice: the resident declines → `cancelled`. */
    decline: Empty,
    /** purpose: the chosen purpose; `text` is required for `other` (free text: never logged). */
    purposeChosen: z.object({ purpose: CertificatePurpose, text: z.string().max(200).optional() }).strict(),
    /** statement: the stated purpose (free text: never logged); an empty one is refused in the view. */
    statementGiven: z.object({ text: z.string().max(400) }).strict(),
  },
  /**
   *  - rareCharacter: the card holds a character that cannot be printed faithfully → counter.
   *  - notIssuableHere: the certificate cannot be issued at the kiosk; the counter explains (no detail, ever).
   *  - certificateNotVerified: the issued certificate's signature did not verify: nothing printed, staff ticket.
   *  - certificateNotPrintable: a character the font lacks, or the text does not fit the page → counter.
   *  - printerFailed: the A4 printer failed; the signed certificate is saved and staff reprint it (ticket).
   */
  reasons: ['rareCharacter', 'notIssuableHere', 'certificateNotVerified', 'certificateNotPrintable', 'printerFailed'],
  /** An ending may name the printer's problem and the staff ticket (no money is involved). */
  ending: BaseView.extend({ printerProblem: A4PrinterProblem.optional(), ticketNo: StaffTicketNo.optional() }),
});

export type NoCriminalRecordState = z.infer<typeof noCriminalRecordContract.State>;
export type NoCriminalRecordReason = z.infer<typeof noCriminalRecordContract.Reason>;
export type NoCriminalRecordViews = { [S in NoCriminalRecordState]: z.infer<(typeof noCriminalRecordViews)[S]> };
