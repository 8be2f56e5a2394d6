/** Shared prop types of the flow components. */

/** Status of one part of a multi-part job (FlowStepProgress). */
export type PartStatus = 'pending' | 'active' | 'done' | 'failed' | 'skipped';
