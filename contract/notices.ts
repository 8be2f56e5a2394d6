/**
 * The police notices the attract screen rotates (anti-fraud tips, missing and wanted persons with a
 * photo, service announcements, the post's WeChat group): what the core hands the UI after it has
 * checked them (services/notices). Public information only — nothing about any resident.
 */
import { z } from 'zod';

/** antiFraud 防骗提醒 · missingPerson 寻人启事 · wantedPerson 通缉/悬赏通告 · announcement 服务公告 · wechatGroup 警民微信群. */
export const NoticeKind = z.enum(['antiFraud', 'missingPerson', 'wantedPerson', 'announcement', 'wechatGroup']);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const NoticeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

/** Chinese always; English when the police published one. */
export const NoticeText = z.object({ 'zh-CN': z.string().min(1).max(4000), en: z.string().min(1).max(4000).optional() }).strict();
export type NoticeText = z.infer<typeof NoticeText>;

export const NoticeView = z
  .object({
    noticeId: NoticeId,
    kind: NoticeKind,
    title: NoticeText,
    body: NoticeText,
    /** The photo or picture, re-encoded by the core (fetch it with `notices.image`). */
    image: z.object({ imageId: NoticeId, width: z.number().int().positive(), height: z.number().int().positive() }).strict().optional(),
    /** wechatGroup: the https link the QR code holds (its host is on the kiosk's allowed list). */
    qrPayload: z.url({ protocol: /^https$/ }).max(500).optional(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type NoticeView = z.infer<typeof NoticeView>;

export const NoticeList = z
  .object({
    notices: z.array(NoticeView).max(50),
    /** Seconds each notice stays on screen. */
    rotateSeconds: z.number().positive(),
    /** Where this list came from: fresh from the backend, the cache kept on disk (backend down), or nothing yet. */
    source: z.enum(['backend', 'cache', 'none']),
    /** When the list was last fetched from the backend (absent: never). */
    fetchedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type NoticeList = z.infer<typeof NoticeList>;

/** A notice image as a `data:image/jpeg;base64,…` URL (the page's CSP allows data: images). */
export const NoticeImageData = z.object({ imageId: NoticeId, dataUrl: z.string().startsWith('data:image/jpeg;base64,').max(3_000_000) }).strict();
export type NoticeImageData = z.infer<typeof NoticeImageData>;
