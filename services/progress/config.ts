/**
 * The progress query's configuration fragment (`services.progress`). Defaults are written once,
 * here; unknown keys are refused.
 */
import { z } from 'zod';
import { NumberPrefix } from '../../contract/flows/progress';

/** 办理进度查询 (services/progress): free, read-only. */
export const ProgressConfig = z.strictObject({
  enabled: z.boolean().default(false),
  /** The numbers a resident may type, by prefix (SQ application numbers, JB tip-off tracking numbers). */
  prefixes: z.array(NumberPrefix).min(1).refine((list) => new Set(list).size === list.length, 'each prefix at most once').default(['SQ', 'JB']),
  /** Face captures (a typed ID number only) before the resident is sent to the counter. */
  maxFaceAttempts: z.number().int().min(1).max(10).default(3),
});
export type ProgressConfig = z.infer<typeof ProgressConfig>;
