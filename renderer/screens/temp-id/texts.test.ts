import { describe, expect, it } from 'vitest';
import { CommonReason, IdentityProblem, MoneyStatus, commonViews } from '../../../contract/flows/common';
import { tempIdContract, tempIdViews } from '../../../contract/flows/temp-id-card';
import { createTestI18n } from '../../flow/test-support';

const LOCALES = ['zh-CN', 'en'] as const;

/** Every key must exist in that very locale (no fallback to Chinese for an English resident). */
function expectTranslated(key: string, params: Record<string, unknown> = {}, minLength = 4) {
  for (const locale of LOCALES) {
    const { global } = createTestI18n(locale);
    expect(global.te(key, locale), `${locale}: ${key}`).toBe(true);
    expect(global.t(key, params).length, `${locale}: ${key}`).toBeGreaterThanOrEqual(minLength);
  }
}

describe('shared flow texts', () => {
  it.each(CommonReason.options)('common reason %s: a title and what to do instead, in both languages', (reason) => {
    expectTranslated(`flow.reasons.${reason}.title`);
    expectTranslated(`flow.reasons.${reason}.next`);
  });

  it.each(IdentityProblem.options)('identity problem %s is explained in both languages', (problem) => {
    expectTranslated(`flow.identityProblems.${problem}`);
  });

  it.each(MoneyStatus.options)('money status %s says what happens to the money, with the amount', (status) => {
    expectTranslated(`flow.money.${status}`, { amount: '10' });
    if (status !== 'notCharged') for (const locale of LOCALES) expect(createTestI18n(locale).global.t(`flow.money.${status}`, { amount: '10' })).toContain('10');
  });

  it('every declined payment has words in both languages', () => {
    for (const code of commonViews.payment.shape.declined.unwrap().options) expectTranslated(`flow.payment.declined.${code}`);
  });
});

describe('temp-id texts', () => {
  it.each(tempIdContract.Reason.options)('reason %s: a title and what to do instead, in both languages', (reason) => {
    expectTranslated(`tempId.reasons.${reason}.title`);
    expectTranslated(`tempId.reasons.${reason}.next`);
  });

  it('every step of the contract has a label, and every printer problem words, in both languages', () => {
    for (const step of tempIdContract.steps) expectTranslated(`tempId.steps.${step}`, {}, 2);
    for (const problem of tempIdViews.printing.shape.printerProblem.unwrap().options) expectTranslated(`tempId.printing.printerProblem.${problem}`);
  });
});

describe('all flow texts', () => {
  it('the English texts are English (no untranslated Chinese left)', () => {
    const { global } = createTestI18n('en');
    const walk = (node: unknown, path: string): void => {
      if (typeof node === 'string') expect(node, path).not.toMatch(/[\u4e00-\u9fff]/);
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
    };
    const messages = global.getLocaleMessage('en') as Record<string, unknown>;
    walk(messages.tempId, 'tempId');
    walk(messages.flow, 'flow');
  });

  it('no text uses vue-i18n special characters by accident', () => {
    for (const locale of LOCALES) {
      const walk = (node: unknown, path: string): void => {
        if (typeof node === 'string') expect(node, path).not.toMatch(/[|@$%]/);
        else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
      };
      const messages = createTestI18n(locale).global.getLocaleMessage(locale) as Record<string, unknown>;
      walk(messages.tempId, 'tempId');
      walk(messages.flow, 'flow');
    }
  });
});
