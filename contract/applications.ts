/**
 * What a resident's applications are and where they stand, in one vocabulary shared by the police
 * backend's contract (services/gateway/info-schemas.ts) and the progress query's screens. Pure zod.
 */
import { z } from 'zod';

/** idCard 居民身份证 · tempIdCard 临时身份证 · exitEntryEndorsement 出入境签注 · householdTransfer 户口迁移 · noCriminalRecordCertificate 无犯罪记录证明 · trafficDecision 交通违法处罚决定 · tipOff 举报. */
export const ApplicationKind = z.enum(['idCard', 'tempIdCard', 'exitEntryEndorsement', 'householdTransfer', 'noCriminalRecordCertificate', 'trafficDecision', 'tipOff']);
export type ApplicationKind = z.infer<typeof ApplicationKind>;

/**
 * submitted 受理 · reviewing 审核中 · producing 制证中 · readyForCollection 待领取 · collected 已领取 ·
 * issued 已开具 · awaitingPayment 待缴款 · paid 已缴款 · received 已接收 · closed 已办结 ·
 * rejected 不予受理 · withdrawn 已撤回 · voided 已作废.
 */
export const ApplicationStatus = z.enum(['submitted', 'reviewing', 'producing', 'readyForCollection', 'collected', 'issued', 'awaitingPayment', 'paid', 'received', 'closed', 'rejected', 'withdrawn', 'voided']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** 随手举报: what a tip-off is about. */
export const TipOffCategory = z.enum(['fraud', 'drugs', 'gambling', 'publicOrder', 'other']);
export type TipOffCategory = z.infer<typeof TipOffCategory>;

/** An application number as printed on a receipt: two capital letters and 8–20 digits (SQ2025060100001). */
export const ApplicationNumber = z.string().regex(/^[A-Z]{2}\d{8,20}$/, 'two capital letters and 8 to 20 digits');

/**
 * A tip-off's tracking number: `JB`, the date (8 digits), a 4-digit sequence and 6 random digits.
 * The random part makes it unguessable, so the number alone may show an anonymous tip-off's state.
 */
export const TrackingNo = z.string().regex(/^JB\d{18}$/, 'JB and 18 digits');
export const isTrackingNo = (value: string): boolean => TrackingNo.safeParse(value).success;
