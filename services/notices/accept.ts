/**
 * Which of the backend's notices this kiosk shows. The wire contract is generous; the kiosk applies
 * its own, stricter limits (services/notices/config.ts) and drops a notice that breaks one — never
 * the whole list, and never by cutting the police's words short. Pure.
 */
import type { NoticeView } from '../../contract/notices';
import type { Notice } from '../gateway/schemas';
import type { NoticesConfig } from './config';

export type NoticeProblem = 'notYetValid' | 'expired' | 'titleTooLong' | 'bodyTooLong' | 'controlCharacters' | 'qrMissing' | 'qrNotAllowed' | 'imageTooLarge';

/** A notice accepted for the screen (its image still to be fetched and cleaned). */
export type AcceptedNotice = Omit<NoticeView, 'image'> & { priority: number; validUntil?: string; image?: NonNullable<Notice['image']> };

export type Acceptance = { ok: true; value: AcceptedNotice } | { ok: false; error: { noticeId: string; problem: NoticeProblem } };

const length = (text: string) => [...text].length;
/** English versions may be this many times as long as the Chinese limit. */
export const ENGLISH_FACTOR = 3;
// Line breaks are fine; other control and bidirectional-override characters can disguise text.
const DISGUISING = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** Whether `payload` is an https link to one of the allowed hosts (a QR a police kiosk shows is trusted by whoever scans it). */
export function qrAllowed(payload: string, hosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(payload);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && hosts.includes(url.hostname);
}

export function acceptNotice(notice: Notice, limits: NoticesConfig, now: Date): Acceptance {
  const refuse = (problem: NoticeProblem): Acceptance => ({ ok: false, error: { noticeId: notice.noticeId, problem } });
  if (Date.parse(notice.validFrom) > now.getTime()) return refuse('notYetValid');
  if (notice.validUntil && Date.parse(notice.validUntil) <= now.getTime()) return refuse('expired');
  // The limits count Chinese characters; the same words in English take about three times the letters.
  const tooLong = (text: { 'zh-CN': string; en?: string | undefined }, max: number) => length(text['zh-CN']) > max || (text.en !== undefined && length(text.en) > max * ENGLISH_FACTOR);
  if (tooLong(notice.title, limits.maxTitleLength)) return refuse('titleTooLong');
  if (tooLong(notice.body, limits.maxBodyLength)) return refuse('bodyTooLong');
  const titles = [notice.title['zh-CN'], notice.title.en].filter((t): t is string => t !== undefined);
  const bodies = [notice.body['zh-CN'], notice.body.en].filter((t): t is string => t !== undefined);
  if ([...titles, ...bodies].some((t) => DISGUISING.test(t.replaceAll('\n', '')))) return refuse('controlCharacters');
  if (notice.kind === 'wechatGroup' && !notice.qrPayload) return refuse('qrMissing');
  if (notice.qrPayload !== undefined && !qrAllowed(notice.qrPayload, limits.qrHosts)) return refuse('qrNotAllowed');
  if (notice.image && notice.image.byteLength > limits.maxImageBytes) return refuse('imageTooLarge');
  return {
    ok: true,
    value: {
      noticeId: notice.noticeId,
      kind: notice.kind,
      title: { ...notice.title },
      body: { ...notice.body },
      updatedAt: notice.updatedAt,
      priority: notice.priority,
      ...(notice.validUntil ? { validUntil: notice.validUntil } : {}),
      ...(notice.qrPayload ? { qrPayload: notice.qrPayload } : {}),
      ...(notice.image ? { image: notice.image } : {}),
    },
  };
}

/** Highest priority first, equal ones newest first; at most `max`. */
export function rankNotices<T extends { priority: number; updatedAt: string }>(notices: readonly T[], max: number): T[] {
  return [...notices].sort((a, b) => b.priority - a.priority || Date.parse(b.updatedAt) - Date.parse(a.updatedAt)).slice(0, max);
}
