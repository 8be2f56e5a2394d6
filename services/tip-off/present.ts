/**
 * What the resident sees of the tip-off machine: the public state (the contract's names) and its
 * view. The report's words appear only in this resident's own views (to change them, to read them
 * back); an ending shows nothing of them.
 */
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import type { TipOffViews } from '../../contract/flows/tip-off';
import { maskIdNumber } from '../../contract/id-number';
import type { Presented } from '../kit/runner';
import type { TipOffContext } from './machine';

const child = (snapshot: AnyMachineSnapshot, id: string): AnyMachineSnapshot | undefined =>
  ((snapshot.children as Record<string, AnyActorRef | undefined>)[id]?.getSnapshot() as AnyMachineSnapshot | undefined) ?? undefined;

export function presentTipOff(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as TipOffContext;
  const { settings } = context.deps;
  if (snapshot.matches('notice')) return { state: 'notice', view: { maxTextLength: settings.textMaxLength } satisfies TipOffViews['notice'] };
  if (snapshot.matches('category')) return { state: 'category', view: { categories: [...settings.categories] } satisfies TipOffViews['category'] };
  if (snapshot.matches('place')) {
    return { state: 'place', view: { maxLength: settings.placeMaxLength, ...(context.placeProblem ? { problem: context.placeProblem } : {}), ...(context.place ? { draft: context.place } : {}) } satisfies TipOffViews['place'] };
  }
  if (snapshot.matches('text')) {
    return {
      state: 'text',
      view: { minLength: settings.textMinLength, maxLength: settings.textMaxLength, ...(context.textProblem ? { problem: context.textProblem } : {}), ...(context.text ? { draft: context.text } : {}) } satisfies TipOffViews['text'],
    };
  }
  if (snapshot.matches('anonymity')) return { state: 'anonymity', view: {} satisfies TipOffViews['anonymity'] };
  if (snapshot.matches('identity')) {
    const step = child(snapshot, 'identity')?.context as { problem?: TipOffViews['identity']['problem']; attempts: number } | undefined;
    return { state: 'identity', view: { ...(step?.problem ? { problem: step.problem } : {}), attempts: step?.attempts ?? 0 } satisfies TipOffViews['identity'] };
  }
  if (snapshot.matches('lookup')) return { state: 'lookup', view: { maskedIdNumber: maskIdNumber(context.identity?.idNumber ?? '') } satisfies TipOffViews['lookup'] };
  if (snapshot.matches('face')) {
    const step = child(snapshot, 'face');
    const face = step?.context as { attempt: number; lastResult?: 'noMatch' | 'badImage' } | undefined;
    const attempt = face?.attempt ?? 1;
    if (step?.value === 'checking') return { state: 'faceCheck', view: { attempt, maxAttempts: settings.maxFaceAttempts } satisfies TipOffViews['faceCheck'] };
    return { state: 'face', view: { attempt, maxAttempts: settings.maxFaceAttempts, ...(face?.lastResult ? { lastResult: face.lastResult } : {}) } satisfies TipOffViews['face'] };
  }
  if (snapshot.matches('confirm')) {
    return {
      state: 'confirm',
      view: {
        category: context.category!,
        text: context.text ?? '',
        anonymous: context.anonymous,
        ...(context.place ? { place: context.place } : {}),
        ...(!context.anonymous && context.identity ? { maskedIdNumber: maskIdNumber(context.identity.idNumber) } : {}),
      } satisfies TipOffViews['confirm'],
    };
  }
  if (snapshot.matches('submitting')) return { state: 'submitting', view: {} satisfies TipOffViews['submitting'] };
  return { state: 'printing', view: { trackingNo: context.sent?.trackingNo ?? '' } satisfies TipOffViews['printing'] };
}

export function presentTipOffEnding(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as TipOffContext;
  if (snapshot.value === 'done' && context.sent) {
    return { state: 'done', view: { trackingNo: context.sent.trackingNo, anonymous: context.anonymous, slipPrinted: context.slipPrinted } satisfies TipOffViews['done'] };
  }
  return { state: context.at, view: {} };
}
