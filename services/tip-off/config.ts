/**
 * The tip-off's configuration fragment (`services.tipOff`). Defaults are written once, here;
 * unknown keys are refused.
 */
import { z } from 'zod';
import { TipOffCategory } from '../../contract/applications';
import { MAX_TIP_OFF_PLACE, MAX_TIP_OFF_TEXT } from '../../contract/flows/tip-off';

/** 随手举报 (services/tip-off). */
export const TipOffConfig = z.strictObject({
  enabled: z.boolean().default(false),
  /** The categories offered, in order (`other` last by custom). */
  categories: z.array(TipOffCategory).min(1).refine((list) => new Set(list).size === list.length, 'each category at most once').default(['fraud', 'drugs', 'gambling', 'publicOrder', 'other']),
  /** Shortest and longest text, in characters. */
  textMinLength: z.number().int().min(1).max(50).default(5),
  textMaxLength: z.number().int().min(10).max(MAX_TIP_OFF_TEXT).default(200),
  placeMaxLength: z.number().int().min(4).max(MAX_TIP_OFF_PLACE).default(30),
  /**
   * Tip-offs this kiosk accepts in a rolling hour and a rolling day (every attempt to send counts,
   * kept in the journal so a restart does not reset it). Beyond them the resident is sent to 110
   * or the counter: a kiosk is not a channel for flooding the police with reports.
   */
  rateLimit: z.strictObject({ perHour: z.number().int().min(1).max(1000).default(6), perDay: z.number().int().min(1).max(10000).default(30) }).prefault({}),
  /** Face captures (a typed ID number only) before a named tip-off is sent to the counter. */
  maxFaceAttempts: z.number().int().min(1).max(10).default(3),
});
export type TipOffConfig = z.infer<typeof TipOffConfig>;
