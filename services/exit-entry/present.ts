/**
 * What the resident sees of the endorsement machine: the public state (the contract's names) and
 * its masked view, from the machine's snapshot and its steps' snapshots. Views never carry the
 * permit number in clear, the face, the access key or the holder's ID number.
 */
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import type { ExitEntryViews } from '../../contract/flows/exit-entry';
import { maskPermitNumber, parseOcrLine } from '../../contract/permit-ocr';
import type { Presented } from '../kit/runner';
import { paymentPhase } from '../kit/steps/payment';
import type { ExitEntryContext } from './context';

const child = (snapshot: AnyMachineSnapshot, id: string): AnyMachineSnapshot | undefined =>
  ((snapshot.children as Record<string, AnyActorRef | undefined>)[id]?.getSnapshot() as AnyMachineSnapshot | undefined) ?? undefined;

const withMoney = <T extends object>(context: ExitEntryContext, view: T): T & { money?: ExitEntryContext['money'] } => (context.money ? { ...view, money: context.money } : view);

/** 张伟 → 张*, 欧阳娜娜 → 欧***: the first character only. */
export const maskName = (name: string): string => {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

const masked = (context: ExitEntryContext) => maskPermitNumber(context.permit?.documentNumber ?? '');

function holderView(context: ExitEntryContext): ExitEntryViews['choose']['holder'] {
  return {
    documentCode: 'CS',
    maskedNumber: masked(context),
    ...(context.permit?.names.chinese ? { maskedName: maskName(context.permit.names.chinese) } : {}),
    permitExpiry: context.permit!.expiry,
  };
}

function presentPermit(snapshot: AnyMachineSnapshot, context: ExitEntryContext): Presented {
  const step = child(snapshot, 'permit');
  const permit = step?.context as { cardPresent: boolean; line?: string; ocr: 'waiting' | 'read' | 'typed'; problem?: ExitEntryViews['permit']['problem']; attempt: number } | undefined;
  const { settings } = context.deps;
  if (step?.value === 'reading' && permit?.line) {
    const ocr = parseOcrLine(permit.line);
    return { state: 'reading', view: { maskedNumber: maskPermitNumber(ocr.ok ? ocr.value.documentNumber : '') } satisfies ExitEntryViews['reading'] };
  }
  return {
    state: 'permit',
    view: {
      cardPresent: permit?.cardPresent ?? false,
      ocr: permit?.ocr ?? 'waiting',
      ocrReaderReady: context.deps.ocrReader()?.status().device === 'online',
      ...(permit?.problem ? { problem: permit.problem } : {}),
      attempt: Math.min(permit?.attempt ?? 1, settings.maxReadAttempts),
      maxAttempts: settings.maxReadAttempts,
    } satisfies ExitEntryViews['permit'],
  };
}

function presentPayment(snapshot: AnyMachineSnapshot, context: ExitEntryContext): Presented {
  const { settings, kit } = context.deps;
  const step = child(snapshot, 'payment');
  const payment = step?.context as
    | { attempt?: { order: { amountFen: number; qrPayload: string; expiresAt: string } }; money: NonNullable<ExitEntryContext['money']>; declined?: ExitEntryViews['payment']['declined'] }
    | undefined;
  const order = payment?.attempt?.order;
  const secondsLeft = order ? Math.max(0, Math.min(Math.round((Date.parse(order.expiresAt) - kit.now().getTime()) / 1000), Math.round(settings.paymentTimeoutMs / 1000))) : undefined;
  return {
    state: 'payment',
    view: {
      phase: paymentPhase(step?.value),
      amountFen: order?.amountFen ?? context.choice?.feeFen ?? 0,
      ...(order ? { qrPayload: order.qrPayload, expiresAt: order.expiresAt, secondsLeft: secondsLeft!, money: payment!.money } : {}),
      ...(payment?.declined ? { declined: payment.declined } : {}),
    } satisfies ExitEntryViews['payment'],
  };
}

function presentWriting(snapshot: AnyMachineSnapshot, context: ExitEntryContext): Presented {
  const step = child(snapshot, 'write');
  if (snapshot.matches('writing') && step) {
    const write = step.context as { cardPresent: boolean; problem?: ExitEntryViews['replace']['problem'] };
    if (step.value === 'replace') {
      return {
        state: 'replace',
        view: withMoney(context, { cardPresent: write.cardPresent, ...(write.problem ? { problem: write.problem } : {}), seconds: Math.round(context.deps.settings.replaceMs / 1000) }) satisfies ExitEntryViews['replace'],
      };
    }
    const phase = step.value === 'approving' ? 'approving' : step.value === 'confirming' ? 'verifying' : 'writing';
    return { state: 'writing', view: withMoney(context, { phase }) satisfies ExitEntryViews['writing'] };
  }
  // The card's back, the receipt, and settling after a failed write.
  return { state: 'writing', view: withMoney(context, { phase: context.phase, ...(context.backProblem ? { backProblem: context.backProblem } : {}) }) satisfies ExitEntryViews['writing'] };
}

export function presentExitEntry(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as ExitEntryContext;
  const { settings } = context.deps;
  if (snapshot.matches('notice')) return { state: 'notice', view: { fees: { ...settings.fees }, types: settings.offers.map((offer) => offer.type) } satisfies ExitEntryViews['notice'] };
  if (snapshot.matches('permit')) return presentPermit(snapshot, context);
  if (snapshot.matches('face')) {
    const step = child(snapshot, 'face');
    const face = step?.context as { attempt: number; lastResult?: 'noMatch' | 'badImage' } | undefined;
    const attempt = face?.attempt ?? 1;
    if (step?.value === 'checking') return { state: 'faceCheck', view: { attempt, maxAttempts: settings.maxFaceAttempts } satisfies ExitEntryViews['faceCheck'] };
    return { state: 'face', view: { attempt, maxAttempts: settings.maxFaceAttempts, ...(face?.lastResult ? { lastResult: face.lastResult } : {}) } satisfies ExitEntryViews['face'] };
  }
  if (snapshot.matches('eligibility')) return { state: 'eligibility', view: { maskedNumber: masked(context) } satisfies ExitEntryViews['eligibility'] };
  if (snapshot.matches('choose')) {
    return { state: 'choose', view: { holder: holderView(context), offers: context.offers ?? [], onChip: context.onChip, ...(context.chooseProblem ? { problem: context.chooseProblem } : {}) } satisfies ExitEntryViews['choose'] };
  }
  if (snapshot.matches('confirm')) {
    const choice = context.choice!;
    return {
      state: 'confirm',
      view: {
        holder: holderView(context),
        choice: { type: choice.type, destination: choice.destination, validityMonths: choice.validityMonths, trips: choice.trips, stayDays: choice.stayDays },
        feeFen: choice.feeFen,
        ...(context.confirmProblem ? { problem: context.confirmProblem } : {}),
      } satisfies ExitEntryViews['confirm'],
    };
  }
  if (snapshot.matches('payment')) return presentPayment(snapshot, context);
  return presentWriting(snapshot, context);
}

export function presentExitEntryEnding(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as ExitEntryContext;
  if (snapshot.value === 'done') return { state: 'done', view: withMoney(context, { ...context.doneView! }) satisfies ExitEntryViews['done'] };
  // An ending shows no personal data: the money, the refusal, a ticket, an expiry date.
  return {
    state: context.at,
    view: withMoney(context, {
      ...(context.refusal ? { refusal: context.refusal } : {}),
      ...(context.ticketNo ? { ticketNo: context.ticketNo } : {}),
      ...(context.permitExpiry ? { permitExpiry: context.permitExpiry } : {}),
    }),
  };
}
