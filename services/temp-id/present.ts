/**
 * What the resident sees of the temporary-ID machine: the public state (the contract's names) and
 * its masked view, from the machine's snapshot and the snapshots of the kit steps it is in.
 */
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import type { TempIdViews } from '../../contract/flows/temp-id-card';
import { maskIdNumber } from '../../contract/id-number';
import type { Presented } from '../kit/runner';
import { paymentPhase } from '../kit/steps/payment';
import type { TempIdContext } from './context';

const child = (snapshot: AnyMachineSnapshot, id: string): AnyMachineSnapshot | undefined =>
  ((snapshot.children as Record<string, AnyActorRef | undefined>)[id]?.getSnapshot() as AnyMachineSnapshot | undefined) ?? undefined;

const withMoney = <T extends object>(context: TempIdContext, view: T): T & { money?: TempIdContext['money'] } => (context.money ? { ...view, money: context.money } : view);

export function presentTempId(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as TempIdContext;
  const { settings, kit } = context.deps;
  if (snapshot.matches('notice')) return { state: 'notice', view: { feeFen: settings.feeFen, validityMonths: settings.validityMonths } satisfies TempIdViews['notice'] };
  if (snapshot.matches('identity')) {
    const step = child(snapshot, 'identity')?.context as { problem?: TempIdViews['identity']['problem']; attempts: number } | undefined;
    return { state: 'identity', view: withMoney(context, { ...(step?.problem ? { problem: step.problem } : {}), attempts: step?.attempts ?? 0 }) };
  }
  if (snapshot.matches('eligibility')) return { state: 'eligibility', view: { maskedIdNumber: maskIdNumber(context.identity?.idNumber ?? '') } satisfies TempIdViews['eligibility'] };
  if (snapshot.matches('face')) {
    const step = child(snapshot, 'face');
    const face = step?.context as { attempt: number; maxAttempts: number; lastResult?: 'noMatch' | 'badImage' } | undefined;
    const attempt = face?.attempt ?? 1;
    if (step?.value === 'checking') return { state: 'faceCheck', view: { attempt, maxAttempts: settings.maxFaceAttempts } satisfies TempIdViews['faceCheck'] };
    return { state: 'face', view: { attempt, maxAttempts: settings.maxFaceAttempts, ...(face?.lastResult ? { lastResult: face.lastResult } : {}) } satisfies TempIdViews['face'] };
  }
  if (snapshot.matches('confirm')) {
    const registry = context.registry!;
    return {
      state: 'confirm',
      view: {
        name: registry.name,
        sex: registry.sex,
        ethnicity: registry.ethnicity,
        birthDate: registry.birthDate,
        address: registry.registeredAddress,
        maskedIdNumber: maskIdNumber(context.identity?.idNumber ?? ''),
        validFrom: context.validFrom!,
        validUntil: context.validUntil!,
        issuingAuthority: settings.issuingAuthority,
        feeFen: settings.feeFen,
      } satisfies TempIdViews['confirm'],
    };
  }
  if (snapshot.matches('payment')) {
    const step = child(snapshot, 'payment');
    const payment = step?.context as
      | { attempt?: { order: { amountFen: number; qrPayload: string; expiresAt: string } }; money: NonNullable<TempIdContext['money']>; declined?: TempIdViews['payment']['declined'] }
      | undefined;
    const order = payment?.attempt?.order;
    const secondsLeft = order ? Math.max(0, Math.min(Math.round((Date.parse(order.expiresAt) - kit.now().getTime()) / 1000), Math.round(settings.paymentTimeoutMs / 1000))) : undefined;
    return {
      state: 'payment',
      view: {
        phase: paymentPhase(step?.value),
        amountFen: order?.amountFen ?? settings.feeFen,
        ...(order ? { qrPayload: order.qrPayload, expiresAt: order.expiresAt, secondsLeft: secondsLeft!, money: payment!.money } : {}),
        ...(payment?.declined ? { declined: payment.declined } : {}),
      } satisfies TempIdViews['payment'],
    };
  }
  // printing, and settling after a failed print (the printing screen says "refunding").
  return { state: 'printing', view: withMoney(context, { phase: context.printing.phase, ...(context.printing.problem ? { printerProblem: context.printing.problem } : {}) }) satisfies TempIdViews['printing'] };
}

export function presentTempIdEnding(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as TempIdContext;
  if (snapshot.value === 'done') {
    const receipt = context.receiptOf!;
    return { state: 'done', view: withMoney(context, { ...receipt, receiptPending: context.receiptPending }) satisfies TempIdViews['done'] };
  }
  // An ending shows no personal data: the money, and after a print failure the printing view.
  if (context.at === 'printing') return { state: 'printing', view: withMoney(context, { phase: context.printing.phase, ...(context.printing.problem ? { printerProblem: context.printing.problem } : {}) }) };
  return { state: context.at, view: withMoney(context, {}) };
}
