/**
 * How every service's machine ends, written once: the failed state's ending from the failure the
 * flow recorded (an internal error when it recorded none), the resident's cancellation, and the
 * machine's output (its ending, or an internal error if a final state forgot to set one).
 */
import type { EventObject, MachineContext, MetaObject, ParameterizedObject, StateNodeConfig } from 'xstate';
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

/** The named actions the ending states take from the service's `setup({ actions })`. */
type EndingAction =
  | { type: 'endFailed'; params: undefined }
  | { type: 'endCancelled'; params: undefined }
  | { type: 'logEnd'; params: { status: FlowEnding['status'] } }
  | { type: 'wipe'; params: undefined };
type Final<TContext extends MachineContext, TEvent extends EventObject, TAction extends ParameterizedObject> = StateNodeConfig<TContext, TEvent, never, TAction, never, never, string, unknown, EventObject, MetaObject>;
type Endings<TContext extends MachineContext, TEvent extends EventObject, TAction extends ParameterizedObject> = { failed: Final<TContext, TEvent, TAction>; cancelled: Final<TContext, TEvent, TAction> };
type CloseUnpaid = { type: 'closeUnpaid'; params: undefined };

/**
 * The `failed` and `cancelled` final states, the same in every service: the ending
 * (`endFailed` / `endCancelled`), an unpaid transaction closed (`closeUnpaid`, for a service that
 * opens one), the end logged (`logEnd`), every personal datum dropped (`wipe`) — each the
 * service's own named action, so each keeps its own context and log event.
 */
export function endingStates<TContext extends MachineContext, TEvent extends EventObject>(options: { closeUnpaid: false }): Endings<TContext, TEvent, EndingAction>;
export function endingStates<TContext extends MachineContext, TEvent extends EventObject>(options: { closeUnpaid: true }): Endings<TContext, TEvent, EndingAction | CloseUnpaid>;
export function endingStates<TContext extends MachineContext, TEvent extends EventObject>(options: { closeUnpaid: boolean }): Endings<TContext, TEvent, EndingAction | CloseUnpaid> {
  const closing = options.closeUnpaid ? [{ type: 'closeUnpaid' } as const] : [];
  const ending = (status: 'failed' | 'cancelled', end: 'endFailed' | 'endCancelled'): Final<TContext, TEvent, EndingAction | CloseUnpaid> => ({
    type: 'final',
    entry: [{ type: end }, ...closing, { type: 'logEnd', params: { status } }, { type: 'wipe' }],
  });
  return { failed: ending('failed', 'endFailed'), cancelled: ending('cancelled', 'endCancelled') };
}
