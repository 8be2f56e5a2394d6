import { describe, expect, it } from 'vitest';
import { ApplicationKind, ApplicationStatus, TipOffCategory } from '../../../contract/applications';
import { NumberPrefix, progressContract } from '../../../contract/flows/progress';
import { createTestI18n } from '../../flow/test-support';
import { displayNumber, groupedNumber, isComplete } from './number-format';
import { toneOf } from './status-tone';

const LOCALES = ['zh-CN', 'en'] as const;

function expectTranslated(key: string, params: Record<string, unknown> = {}) {
  for (const locale of LOCALES) {
    const { global } = createTestI18n(locale);
    expect(global.te(key, locale), `${locale}: ${key}`).toBe(true);
    expect(global.t(key, params).length, `${locale}: ${key}`).toBeGreaterThanOrEqual(2);
  }
}

describe('progress query texts', () => {
  it('every step, kind, state, next step, category and number prefix has words in both languages', () => {
    for (const step of progressContract.steps) expectTranslated(`progress.steps.${step}`);
    for (const kind of ApplicationKind.options) expectTranslated(`progress.results.kinds.${kind}`);
    for (const status of ApplicationStatus.options) {
      expectTranslated(`progress.results.statuses.${status}`);
      expectTranslated(`progress.results.next.${status}`);
      expect(toneOf(status)).toMatch(/finished|actionNeeded|stopped|inProgress/);
    }
    for (const category of TipOffCategory.options) expectTranslated(`progress.results.categories.${category}`);
    for (const prefix of NumberPrefix.options) {
      expectTranslated(`progress.number.prefixes.${prefix}`);
      expectTranslated(`progress.number.prefixHints.${prefix}`);
    }
  });

  it('every reason an ending can carry has a title and what to do next (shared or own)', () => {
    for (const locale of LOCALES) {
      const { global } = createTestI18n(locale);
      for (const reason of progressContract.Reason.options) {
        expect(global.te(`progress.reasons.${reason}.title`, locale) || global.te(`flow.reasons.${reason}.title`, locale), `${locale}: ${reason}`).toBe(true);
      }
    }
  });
});

describe('typed numbers', () => {
  it('are complete with the digits their prefix needs, and grouped as the slips print them', () => {
    expect(isComplete('SQ', '2025060')).toBe(false);
    expect(isComplete('SQ', '20250601')).toBe(true);
    expect(isComplete('SQ', '1'.repeat(21))).toBe(false);
    expect(isComplete('JB', '20250610000173051')).toBe(false);
    expect(isComplete('JB', '202506100001730518')).toBe(true);
    expect(groupedNumber('JB', '202506100001730518')).toBe('JB 20250610 0001 730518');
    expect(groupedNumber('SQ', '2025060100001')).toBe('SQ 2025 0601 0000 1');
    expect(groupedNumber('SQ', '')).toBe('SQ');
    expect(displayNumber('JB202506100001730518')).toBe('JB 20250610 0001 730518');
    expect(displayNumber('1101012025000123')).toBe('1101 0120 2500 0123');
    expect(displayNumber('京公(东)证字〔2026〕第000004号')).toBe('京公(东)证字〔2026〕第000004号');
  });
});
