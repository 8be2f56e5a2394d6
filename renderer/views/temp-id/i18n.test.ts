import { describe, expect, it } from 'vitest';
import { IdentityProblem, MoneyStatus, TempIdReason, tempIdViews } from '../../../contract/flows/temp-id-card';
import { createTestI18n } from './test-support';

const LOCALES = ['zh-CN', 'en'] as const;

/** Every key must exist in that very locale (no fallback to Chinese for an English resident). */
function expectTranslated(key: string, params: Record<string, unknown> = {}) {
  for (const locale of LOCALES) {
    const { global } = createTestI18n(locale);
    expect(global.te(key, locale), `${locale}: ${key}`).toBe(true);
    expect(global.t(key, params).length, `${locale}: ${key}`).toBeGreaterThan(3);
  }
}

describe('temp-id texts', () => {
  it.each(TempIdReason.options)('reason %s: a title and what to do instead, in both languages', (reason) => {
    expectTranslated(`tempId.reasons.${reason}.title`);
    expectTranslated(`tempId.reasons.${reason}.next`);
  });

  it.each(IdentityProblem.options)('identity problem %s is explained in both languages', (problem) => {
    expectTranslated(`tempId.identityProblems.${problem}`);
  });

  it.each(MoneyStatus.options)('money status %s says what happens to the money, with the amount', (status) => {
    expectTranslated(`tempId.money.${status}`, { amount: '10' });
    if (status !== 'notCharged') for (const locale of LOCALES) expect(createTestI18n(locale).global.t(`tempId.money.${status}`, { amount: '10' })).toContain('10');
  });

  it('every printer problem and declined payment has words in both languages', () => {
    const printing = tempIdViews.printing.shape.printerProblem.unwrap().options;
    for (const problem of printing) expectTranslated(`tempId.printing.printerProblem.${problem}`);
    const declined = tempIdViews.payment.shape.declined.unwrap().options;
    for (const code of declined) expectTranslated(`tempId.payment.declined.${code}`);
  });

  it('the English texts are English (no untranslated Chinese left)', () => {
    const { global } = createTestI18n('en');
    const walk = (node: unknown, path: string): void => {
      if (typeof node === 'string') expect(node, path).not.toMatch(/[\u4e00-\u9fff]/);
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
    };
    walk(global.getLocaleMessage('en').tempId, 'tempId');
  });

  it('no text uses vue-i18n special characters by accident', () => {
    for (const locale of LOCALES) {
      const walk = (node: unknown, path: string): void => {
        if (typeof node === 'string') expect(node, path).not.toMatch(/[|@$%]/);
        else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
      };
      walk(createTestI18n(locale).global.getLocaleMessage(locale).tempId, 'tempId');
    }
  });
});
