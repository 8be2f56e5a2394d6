/**
 * Service-flow progress as pushed from the core to the UI. Every police service is an explicit
 * state machine in services/flows; the UI renders whatever state the core says it is in.
 */
import { z } from 'zod';

export const ServiceId = z.enum(['tempIdCard', 'traffic', 'noCriminalRecord', 'exitEntry', 'progress', 'tipOff', 'help']);
export type ServiceId = z.infer<typeof ServiceId>;

export const FlowStatus = z.enum(['running', 'waiting', 'done', 'failed', 'cancelled']);
export type FlowStatus = z.infer<typeof FlowStatus>;

/** Why a flow ended badly, in words the UI maps to plain-language, localised text. */
export const FlowError = z.object({
  /** Stable machine code, e.g. 'timeout', 'cancelled', 'backendUnavailable', 'notEligible'. */
  code: z.string().min(1).max(64),
  /** Technical detail for logs and staff; never shown verbatim to residents, never personal data. */
  message: z.string().max(500),
});
export type FlowError = z.infer<typeof FlowError>;

export const FlowProgress = z.object({
  flowId: z.string().min(1).max(64),
  service: ServiceId,
  /** The state machine's current state, e.g. 'identity', 'payment'. */
  state: z.string().min(1).max(64),
  /** 1-based position of the state among the flow's visible steps, for a progress indicator. */
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().positive(),
  status: FlowStatus,
  error: FlowError.optional(),
  /** State-specific data the screen needs (already masked; no raw ID numbers, no photos). */
  view: z.record(z.string(), z.unknown()).optional(),
  at: z.string(),
});
export type FlowProgress = z.infer<typeof FlowProgress>;
