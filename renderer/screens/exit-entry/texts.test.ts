import { describe, expect, it } from 'vitest';
import { CardBackProblem, EligibilityRefusal, EndorsementDestination, EndorsementType, exitEntryContract, PermitProblem, WritingPhase } from '../../../contract/flows/exit-entry';
import { createTestI18n } from '../../flow/test-support';

const LOCALES = ['zh-CN', 'en'] as const;

function expectTranslated(key: string, params: Record<string, unknown> = {}) {
  for (const locale of LOCALES) {
    const { global } = createTestI18n(locale);
    expect(global.te(key, locale), `${locale}: ${key}`).toBe(true);
    expect(global.t(key, params).length, `${locale}: ${key}`).toBeGreaterThanOrEqual(2);
  }
}

describe('exit-entry texts', () => {
  it.each(exitEntryContract.Reason.options)('reason %s: a title and what to do instead, in both languages', (reason) => {
    expectTranslated(`exitEntry.reasons.${reason}.title`);
    expectTranslated(`exitEntry.reasons.${reason}.next`);
  });

  it('every step, problem, refusal, type, destination, phase and printer problem has words in both languages', () => {
    for (const step of exitEntryContract.steps) expectTranslated(`exitEntry.steps.${step}`);
    for (const step of exitEntryContract.steps) expectTranslated(`exitEntry.notice.stepDetail.${step}`);
    for (const problem of PermitProblem.options) expectTranslated(`exitEntry.permit.problem.${problem}`);
    for (const refusal of EligibilityRefusal.options) expectTranslated(`exitEntry.refusals.${refusal}`);
    for (const type of EndorsementType.options) expectTranslated(`exitEntry.types.${type}`);
    for (const destination of EndorsementDestination.options) expectTranslated(`exitEntry.destinations.${destination}`);
    for (const trips of ['0', '1', '2']) expectTranslated(`exitEntry.trips.${trips}`);
    for (const months of ['3', '12']) expectTranslated(`exitEntry.validity.${months}`);
    for (const phase of WritingPhase.options) expectTranslated(`exitEntry.printing.phases.${phase}`);
    for (const problem of CardBackProblem.options) expectTranslated(`exitEntry.printing.printerProblem.${problem}`);
    for (const kind of ['badCharacter', 'badDocumentCode', 'badDate', 'fillerExpected', 'checkDigit', 'tooLong']) expectTranslated(`exitEntry.permit.typingProblem.${kind}`, { position: 12 });
  });

  it('each screen has spoken guidance', () => {
    for (const key of ['notice', 'permit', 'reading', 'face', 'eligibility', 'choose', 'confirm', 'printing', 'replace', 'done']) expectTranslated(`exitEntry.${key}.voice`);
  });

  it("a card's back not printed says that the chip holds the endorsement and the fee stands", () => {
    const zh = createTestI18n('zh-CN').global;
    expect(`${zh.t('exitEntry.done.backNotPrinted')}${zh.t('exitEntry.done.backTicket', { ticket: 'WK001-20261201-001' })}`).toMatch(/写入芯片.*WK001-20261201-001.*费用不退/s);
    const en = createTestI18n('en').global;
    expect(`${en.t('exitEntry.done.backNotPrinted')} ${en.t('exitEntry.done.backTicket', { ticket: 'T1' })}`).toMatch(/on the chip.*fee stands/s);
  });
});
