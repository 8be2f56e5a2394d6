/**
 * The notices' configuration fragment (`notices`): how often the core asks the backend, how fast
 * the attract screen rotates, and the limits a notice must keep to be shown at all. Defaults are
 * written once, here; unknown keys are refused.
 */
import { z } from 'zod';

export const NoticesConfig = z.strictObject({
  enabled: z.boolean().default(true),
  /** Minutes between two fetches from the backend (the cache on disk serves meanwhile and when it is down). */
  refreshMinutes: z.number().min(0.05).max(1440).default(10),
  /** Seconds each notice stays on the attract screen. */
  rotateSeconds: z.number().min(0.2).max(120).default(8),
  /** Most notices kept (highest priority first). */
  maxNotices: z.number().int().min(1).max(50).default(12),
  /**
   * Longest title and body, in Chinese characters (an English version may have three times as many
   * letters); a notice beyond them is not shown (the backend's words are never cut).
   */
  maxTitleLength: z.number().int().min(4).max(200).default(40),
  maxBodyLength: z.number().int().min(20).max(4000).default(600),
  /** Largest image accepted, in bytes and in pixels (width × height), and its largest side. */
  maxImageBytes: z.number().int().min(1024).max(2_000_000).default(600_000),
  maxImagePixels: z.number().int().min(10_000).max(8_000_000).default(1_500_000),
  maxImageSide: z.number().int().min(64).max(4096).default(1600),
  /**
   * Hosts a QR code may point to (the post's WeChat group). A QR a police kiosk shows is trusted by
   * whoever scans it, so a link elsewhere is refused; https only.
   */
  qrHosts: z.array(z.string().regex(/^[a-z0-9.-]{1,253}$/)).default(['work.weixin.qq.com', 'weixin.qq.com', 'u.wechat.com']),
});
export type NoticesConfig = z.infer<typeof NoticesConfig>;
