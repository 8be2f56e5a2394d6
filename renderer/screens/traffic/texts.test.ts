import { describe, expect, it } from 'vitest';
import { TrafficRule, trafficContract } from '../../../contract/flows/traffic';
import { PLATE_TYPES, type PlateProblem } from '../../../contract/plate';
import { createTestI18n } from '../../flow/test-support';

const LOCALES = ['zh-CN', 'en'] as const;

function expectTranslated(key: string, params: Record<string, unknown> = {}, minLength = 4) {
  for (const locale of LOCALES) {
    const { global } = createTestI18n(locale);
    expect(global.te(key, locale), `${locale}: ${key}`).toBe(true);
    expect(global.t(key, params).length, `${locale}: ${key}`).toBeGreaterThanOrEqual(minLength);
  }
}

describe('traffic texts', () => {
  it.each(trafficContract.Reason.options)('reason %s: a title and what to do instead, in both languages', (reason) => {
    expectTranslated(`traffic.reasons.${reason}.title`);
    expectTranslated(`traffic.reasons.${reason}.next`);
  });

  it.each(TrafficRule.options.filter((rule) => rule !== 'alreadyHandled'))('rule %s says why and where to go instead', (rule) => {
    expectTranslated(`traffic.records.rules.${rule}.why`);
    expectTranslated(`traffic.records.rules.${rule}.where`);
  });

  it('every step, plate type, colour and plate problem has words in both languages', () => {
    for (const step of trafficContract.steps) expectTranslated(`traffic.steps.${step}`, {}, 2);
    for (const type of PLATE_TYPES) expectTranslated(`traffic.vehicle.types.${type}`, {}, 2);
    for (const colour of ['blue', 'yellow', 'green', 'yellowGreen', 'white', 'black']) expectTranslated(`traffic.vehicle.colours.${colour}`, {}, 2);
    const problems: PlateProblem[] = ['badProvince', 'badAuthorityLetter', 'letterIO', 'badCharacter', 'suffixNotLast', 'suffixNotAllowed', 'tooLong', 'tooShort', 'newEnergyFormat'];
    for (const problem of problems) expectTranslated(`traffic.vehicle.plateProblems.${problem}`);
  });

  it('the critical notice and the 15-day rule carry their numbers', () => {
    for (const locale of LOCALES) {
      const { global } = createTestI18n(locale);
      expect(global.t('traffic.confirm.critical.body', { after: 9 })).toContain('9');
      expect(global.t('traffic.confirm.critical.body', { after: 9 })).toContain('12');
      expect(global.t('traffic.ended.payWithin', { date: '2026-12-16' })).toContain('2026-12-16');
      expect(global.t('traffic.confirm.legal')).toContain('15');
    }
  });

  it('the English texts are English, and no text uses vue-i18n special characters', () => {
    const walk = (node: unknown, path: string, check: (text: string, path: string) => void): void => {
      if (typeof node === 'string') check(node, path);
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, check);
    };
    const en = createTestI18n('en').global.getLocaleMessage('en') as Record<string, unknown>;
    walk(en.traffic, 'traffic', (text, path) => expect(text, path).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/));
    for (const locale of LOCALES) {
      const messages = createTestI18n(locale).global.getLocaleMessage(locale) as Record<string, unknown>;
      walk(messages.traffic, 'traffic', (text, path) => expect(text, path).not.toMatch(/[|@$%]/));
    }
  });
});
