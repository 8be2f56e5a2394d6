import { describe, expect, it } from 'vitest';
import { A4PrinterProblem } from '../../../contract/flows/common';
import { CertificatePurpose, noCriminalRecordContract } from '../../../contract/flows/no-criminal-record';
import { createTestI18n } from '../../flow/test-support';

const LOCALES = ['zh-CN', 'en'] as const;

function expectTranslated(key: string, params: Record<string, unknown> = {}) {
  for (const locale of LOCALES) {
    const { global } = createTestI18n(locale);
    expect(global.te(key, locale), `${locale}: ${key}`).toBe(true);
    expect(global.t(key, params).length, `${locale}: ${key}`).toBeGreaterThanOrEqual(2);
  }
}

describe('no-criminal-record texts', () => {
  it.each(noCriminalRecordContract.Reason.options)('reason %s: a title and what to do instead, in both languages', (reason) => {
    expectTranslated(`noCriminalRecord.reasons.${reason}.title`);
    expectTranslated(`noCriminalRecord.reasons.${reason}.next`);
  });

  it('every step, purpose and printer problem has words in both languages', () => {
    for (const step of noCriminalRecordContract.steps) expectTranslated(`noCriminalRecord.steps.${step}`);
    for (const step of noCriminalRecordContract.steps) expectTranslated(`noCriminalRecord.notice.stepDetail.${step}`);
    for (const purpose of CertificatePurpose.options) expectTranslated(`noCriminalRecord.purpose.options.${purpose}`);
    for (const problem of A4PrinterProblem.options) expectTranslated(`noCriminalRecord.printing.printerProblem.${problem}`);
  });

  it('"not issuable here" says where to go and nothing about why', () => {
    for (const locale of LOCALES) {
      const { global } = createTestI18n(locale);
      const words = `${global.t('noCriminalRecord.reasons.notIssuableHere.title')} ${global.t('noCriminalRecord.reasons.notIssuableHere.next')}`;
      expect(words).not.toMatch(/犯罪|记录|违法|crim|record|offen|convict/i);
      expect(words).toMatch(/窗口|counter/);
    }
  });
});
