/**
 * What the resident sees of the certificate machine: the public state (the contract's names) and
 * its masked view. Views never carry the clear number, the purpose text or anything about a record.
 */
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import { MAX_STATEMENT_TEXT, type NoCriminalRecordViews } from '../../contract/flows/no-criminal-record';
import { maskIdNumber } from '../../contract/id-number';
import type { Presented } from '../kit/runner';
import type { NoCriminalRecordContext } from './machine';

const child = (snapshot: AnyMachineSnapshot, id: string): AnyMachineSnapshot | undefined =>
  ((snapshot.children as Record<string, AnyActorRef | undefined>)[id]?.getSnapshot() as AnyMachineSnapshot | undefined) ?? undefined;

const masked = (context: NoCriminalRecordContext) => maskIdNumber(context.identity?.idNumber ?? '');

export function presentNoCriminalRecord(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as NoCriminalRecordContext;
  const { settings } = context.deps;
  if (snapshot.matches('notice')) {
    return { state: 'notice', view: { validityMonths: settings.validityMonths, periodRule: settings.periodRule, statementAfter: settings.statementAfterCertificates } satisfies NoCriminalRecordViews['notice'] };
  }
  if (snapshot.matches('identity')) {
    const step = child(snapshot, 'identity')?.context as { problem?: NoCriminalRecordViews['identity']['problem']; attempts: number } | undefined;
    return { state: 'identity', view: { ...(step?.problem ? { problem: step.problem } : {}), attempts: step?.attempts ?? 0 } satisfies NoCriminalRecordViews['identity'] };
  }
  if (snapshot.matches('lookup')) return { state: 'lookup', view: { maskedIdNumber: masked(context) } satisfies NoCriminalRecordViews['lookup'] };
  if (snapshot.matches('face')) {
    const step = child(snapshot, 'face');
    const face = step?.context as { attempt: number; lastResult?: 'noMatch' | 'badImage' } | undefined;
    const attempt = face?.attempt ?? 1;
    if (step?.value === 'checking') return { state: 'faceCheck', view: { attempt, maxAttempts: settings.maxFaceAttempts } satisfies NoCriminalRecordViews['faceCheck'] };
    return { state: 'face', view: { attempt, maxAttempts: settings.maxFaceAttempts, ...(face?.lastResult ? { lastResult: face.lastResult } : {}) } satisfies NoCriminalRecordViews['face'] };
  }
  if (snapshot.matches('purpose')) {
    return {
      state: 'purpose',
      view: {
        purposes: [...settings.purposes],
        periodRule: settings.periodRule,
        periodFrom: context.period!.from,
        periodTo: context.period!.to,
        maxTextLength: settings.purposeTextMaxLength,
        ...(context.purposeProblem ? { problem: context.purposeProblem } : {}),
      } satisfies NoCriminalRecordViews['purpose'],
    };
  }
  if (snapshot.matches('checking')) return { state: 'checking', view: { maskedIdNumber: masked(context) } satisfies NoCriminalRecordViews['checking'] };
  if (snapshot.matches('statement')) {
    return {
      state: 'statement',
      view: {
        certificatesThisYear: context.certificatesThisYear,
        statementAfter: settings.statementAfterCertificates,
        minLength: settings.statementMinLength,
        maxLength: MAX_STATEMENT_TEXT,
        ...(context.statementProblem ? { problem: context.statementProblem } : {}),
      } satisfies NoCriminalRecordViews['statement'],
    };
  }
  // issuing, printing, and keeping / voiding after a failure (the printing screen stays up meanwhile).
  return { state: 'printing', view: { phase: context.phase } satisfies NoCriminalRecordViews['printing'] };
}

export function presentNoCriminalRecordEnding(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as NoCriminalRecordContext;
  if (snapshot.value === 'done') return { state: 'done', view: { ...context.doneView! } satisfies NoCriminalRecordViews['done'] };
  // An ending shows no personal data: the printer's problem and the staff ticket, when there is one.
  return { state: context.at, view: { ...(context.printerProblem ? { printerProblem: context.printerProblem } : {}), ...(context.ticketNo ? { ticketNo: context.ticketNo } : {}) } };
}
