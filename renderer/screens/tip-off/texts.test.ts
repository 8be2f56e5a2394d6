import { describe, expect, it } from 'vitest';
import { TipOffCategory } from '../../../contract/applications';
import { tipOffContract } from '../../../contract/flows/tip-off';
import { createTestI18n } from '../../flow/test-support';

const LOCALES = ['zh-CN', 'en'] as const;

describe('tip-off texts', () => {
  it('every step, category and reason has words in both languages', () => {
    for (const locale of LOCALES) {
      const { global } = createTestI18n(locale);
      const has = (key: string) => expect(global.te(key, locale) && global.t(key).length >= 2, `${locale}: ${key}`).toBe(true);
      for (const step of tipOffContract.steps) has(`tipOff.steps.${step}`);
      for (const category of TipOffCategory.options) {
        has(`tipOff.category.options.${category}.name`);
        has(`tipOff.category.options.${category}.hint`);
      }
      for (const reason of tipOffContract.Reason.options) {
        expect(global.te(`tipOff.reasons.${reason}.title`, locale) || global.te(`flow.reasons.${reason}.title`, locale), `${locale}: ${reason}`).toBe(true);
      }
      has('tipOff.reasons.rateLimited.next');
      has('tipOff.reasons.notSent.next');
    }
  });

  it('the notice sends emergencies to 110 in both languages', () => {
    for (const locale of LOCALES) {
      const { global } = createTestI18n(locale);
      expect(global.t('tipOff.notice.emergencyTitle')).toContain('110');
      expect(global.t('tipOff.notice.voice')).toContain('110');
    }
  });
});
