/**
 * What the resident sees of the progress machine: the public state (the contract's names) and its
 * masked view. Views never carry the clear ID number.
 */
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import type { ProgressViews } from '../../contract/flows/progress';
import { maskIdNumber } from '../../contract/id-number';
import type { Presented } from '../kit/runner';
import type { ProgressContext } from './machine';

const child = (snapshot: AnyMachineSnapshot, id: string): AnyMachineSnapshot | undefined =>
  ((snapshot.children as Record<string, AnyActorRef | undefined>)[id]?.getSnapshot() as AnyMachineSnapshot | undefined) ?? undefined;

const masked = (context: ProgressContext) => (context.identity ? { maskedIdNumber: maskIdNumber(context.identity.idNumber) } : {});

export function presentProgress(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as ProgressContext;
  const { settings } = context.deps;
  if (snapshot.matches('choose')) return { state: 'choose', view: {} satisfies ProgressViews['choose'] };
  if (snapshot.matches('number')) {
    return { state: 'number', view: { prefixes: [...settings.prefixes], attempts: context.numberAttempts, ...(context.numberProblem ? { problem: context.numberProblem } : {}) } satisfies ProgressViews['number'] };
  }
  if (snapshot.matches('identity')) {
    const step = child(snapshot, 'identity')?.context as { problem?: ProgressViews['identity']['problem']; attempts: number } | undefined;
    return { state: 'identity', view: { ...(step?.problem ? { problem: step.problem } : {}), attempts: step?.attempts ?? 0 } satisfies ProgressViews['identity'] };
  }
  if (snapshot.matches('lookup')) return { state: 'lookup', view: { maskedIdNumber: maskIdNumber(context.identity?.idNumber ?? '') } satisfies ProgressViews['lookup'] };
  if (snapshot.matches('face')) {
    const step = child(snapshot, 'face');
    const face = step?.context as { attempt: number; lastResult?: 'noMatch' | 'badImage' } | undefined;
    const attempt = face?.attempt ?? 1;
    if (step?.value === 'checking') return { state: 'faceCheck', view: { attempt, maxAttempts: settings.maxFaceAttempts } satisfies ProgressViews['faceCheck'] };
    return { state: 'face', view: { attempt, maxAttempts: settings.maxFaceAttempts, ...(face?.lastResult ? { lastResult: face.lastResult } : {}) } satisfies ProgressViews['face'] };
  }
  if (snapshot.matches('querying')) return { state: 'querying', view: { ...masked(context), ...(context.applicationNo ? { applicationNo: context.applicationNo } : {}) } satisfies ProgressViews['querying'] };
  return {
    state: 'results',
    view: { ...masked(context), ...(context.applicationNo ? { applicationNo: context.applicationNo } : {}), applications: context.results ?? [] } satisfies ProgressViews['results'],
  };
}

/** An ending shows nothing personal: where it ended, and the reason (in the progress status). */
export function presentProgressEnding(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as ProgressContext;
  return { state: context.at, view: {} };
}
