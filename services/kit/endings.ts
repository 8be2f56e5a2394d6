/**
 * How every service's machine ends, written once: the failed state's ending from the failure the
 * flow recorded (an internal error when it recorded none), the resident's cancellation, and the
 * machine's output (its ending, or an internal error if a final state forgot to set one).
 */
import type { FlowEnding } from './deps';

interface Failure<Code extends string> {
  code: Code;
  message: string;
}

/** The failed state's context update: the failure the flow recorded, and the ending that shows it. */
export function failedEnding<Code extends string>(recorded: Failure<Code> | undefined) {
  const failure = recorded ?? { code: 'internalError' as const, message: 'ended without a reason' };
  return { failure, ending: { status: 'failed' as const, code: failure.code, message: failure.message } };
}

/** The cancelled state's context update. */
export const CANCELLED_ENDING = {
  failure: { code: 'cancelled', message: 'cancelled by the resident' },
  ending: { status: 'cancelled', code: 'cancelled', message: 'cancelled by the resident' },
} as const;

/** The machine's output: the ending its final state set. */
export const endingOutput = ({ context }: { context: { ending?: FlowEnding } }): FlowEnding =>
  context.ending ?? { status: 'failed', code: 'internalError', message: 'ended without an ending' };
