/**
 * The police-backend contract for help and information: the progress of a person's applications
 * (every kind the backend knows: ID cards, temporary ID cards, certificates, traffic decisions,
 * tip-offs), tip-offs (随手举报) and the notices the police push to the kiosks' attract screens.
 */
import { z } from 'zod';
import * as contract from '../../contract/applications';
import { CalendarDate, Fen, IdNumber, Timestamp } from './scalars';

/** A kiosk's id, as configured (`kiosk.id`). */
export const KioskId = z.string().regex(/^[A-Za-z0-9-]{1,32}$/).meta({ description: "The kiosk's id (letters, digits and dashes)." });

// ---------------------------------------------------------------------------------------------
// Application progress
// ---------------------------------------------------------------------------------------------

/** Application numbers and tracking numbers (contract/applications.ts). */
export const ApplicationNumber = contract.ApplicationNumber.meta({ description: 'Application number: two capital letters and 8-20 digits.' });
export const TrackingNo = contract.TrackingNo.meta({ description: 'Tip-off tracking number: JB + date + 4-digit sequence + 6 random digits.' });

export const ApplicationProgressRequest = z.object({
  idNumber: IdNumber,
  /** One application (or a named tip-off's tracking number) of this person only. */
  applicationNo: ApplicationNumber.optional(),
});
export type ApplicationProgressRequest = z.infer<typeof ApplicationProgressRequest>;

export const ApplicationKind = contract.ApplicationKind;
export const ApplicationStatus = contract.ApplicationStatus;
export type ApplicationKind = contract.ApplicationKind;
export type ApplicationStatus = contract.ApplicationStatus;

export const Application = z.object({
  /** The number the resident holds (application number, certificate number, decision number, tracking number). */
  applicationNo: z.string().min(1).max(40),
  kind: ApplicationKind,
  status: ApplicationStatus,
  submittedAt: Timestamp,
  updatedAt: Timestamp,
  /** readyForCollection: where to collect it. */
  pickUpPlace: z.string().min(1).max(80).optional(),
  /** awaitingPayment: the last day to pay; issued: valid until. */
  dueDate: CalendarDate.optional(),
  /** awaitingPayment: what is still to be paid. */
  amountFen: Fen.optional(),
  /** Anything else the backend says, plain words (Chinese). */
  note: z.string().max(200).optional(),
});
export type Application = z.infer<typeof Application>;

export const ApplicationProgress = z.object({ applications: z.array(Application).max(100) });
export type ApplicationProgress = z.infer<typeof ApplicationProgress>;

// ---------------------------------------------------------------------------------------------
// Tip-offs
// ---------------------------------------------------------------------------------------------

export const TipOffCategory = contract.TipOffCategory;
export type TipOffCategory = contract.TipOffCategory;

/** Longest tip-off text the backend takes (a kiosk configures a shorter limit). */
export const MAX_TIP_OFF_TEXT = 500;
export const MAX_TIP_OFF_PLACE = 40;

export const SubmitTipOffRequest = z.object({
  category: TipOffCategory,
  place: z.string().min(1).max(MAX_TIP_OFF_PLACE).optional(),
  text: z.string().min(1).max(MAX_TIP_OFF_TEXT),
  /** Present only when the resident chose to give their identity (proven at the kiosk). */
  reporterIdNumber: IdNumber.optional(),
  kioskId: KioskId,
  /** The kiosk's transaction number: the same reference is one tip-off. */
  kioskReference: z.string().min(1).max(64),
});
export type SubmitTipOffRequest = z.infer<typeof SubmitTipOffRequest>;

export const TipOffReceipt = z.object({
  trackingNo: TrackingNo,
  receivedAt: Timestamp,
  anonymous: z.boolean(),
});
export type TipOffReceipt = z.infer<typeof TipOffReceipt>;

export const TrackingNoParams = z.object({ trackingNo: TrackingNo });

/** A tip-off's state by its tracking number: no personal data and never the text. */
export const TipOffStatus = z.object({
  trackingNo: TrackingNo,
  category: TipOffCategory,
  status: z.enum(['received', 'reviewing', 'closed']),
  receivedAt: Timestamp,
  updatedAt: Timestamp,
  note: z.string().max(200).optional(),
});
export type TipOffStatus = z.infer<typeof TipOffStatus>;

// ---------------------------------------------------------------------------------------------
// Notices for the attract screen
// ---------------------------------------------------------------------------------------------

export const NoticeKind = z.enum(['antiFraud', 'missingPerson', 'wantedPerson', 'announcement', 'wechatGroup']);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const NoticeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
export const NoticeImageContentType = z.enum(['image/png', 'image/jpeg']);

/** A text in Chinese, with an English version when the police published one. */
const LocalisedText = (max: number) => z.object({ 'zh-CN': z.string().min(1).max(max), en: z.string().min(1).max(max).optional() });

/**
 * A notice as the backend publishes it. The wire limits are generous; each kiosk applies its own,
 * stricter ones (services/notices) and drops a notice that breaks them rather than the whole list.
 */
export const Notice = z.object({
  noticeId: NoticeId,
  kind: NoticeKind,
  title: LocalisedText(200),
  body: LocalisedText(4000),
  /** A photo (missing and wanted persons) or an illustration, fetched separately by its id. */
  image: z.object({ imageId: NoticeId, contentType: NoticeImageContentType, byteLength: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  /** wechatGroup: what the QR code holds (the group's invitation link). */
  qrPayload: z.string().min(1).max(500).optional(),
  /** Higher first; equal ones newest first. */
  priority: z.number().int().min(0).max(9),
  validFrom: Timestamp,
  validUntil: Timestamp.optional(),
  updatedAt: Timestamp,
});
export type Notice = z.infer<typeof Notice>;

export const NoticeListParams = z.object({ kioskId: KioskId });
export const NoticeList = z.object({ notices: z.array(Notice).max(200), generatedAt: Timestamp });
export type NoticeList = z.infer<typeof NoticeList>;

export const NoticeImageParams = z.object({ imageId: NoticeId });
/** Base64 of at most ~2 MB of image bytes. */
export const NoticeImage = z.object({ imageId: NoticeId, contentType: NoticeImageContentType, dataBase64: z.string().max(2_800_000) });
export type NoticeImage = z.infer<typeof NoticeImage>;
