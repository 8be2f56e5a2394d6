/** Every code the staff console can show has words in both languages; the words read right. */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { DeviceKind, DeviceState } from '../../../contract/device';
import { BoardReasonCode, FourColour, type BoardReason } from '../../../contract/four-colour';
import { MismatchKind } from '../../../contract/reconciliation';
import { ResolutionAction, StaffRefusalReason, SupplyId, TicketKind, TicketState } from '../../../contract/staff';
import { reasonWords, subjectWords } from '../../composables/staff-words';
import { MESSAGES } from '../../i18n';
import { isVoicePromptKey } from '../../voice/prompts';

const LOCALES = ['zh-CN', 'en'] as const;
const i18n = (locale: (typeof LOCALES)[number]) =>
  createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    missingWarn: false,
    fallbackWarn: false,
    messages: MESSAGES,
  });

function expectTranslated(key: string) {
  for (const locale of LOCALES) expect(i18n(locale).global.te(key, locale), `${locale}: ${key}`).toBe(true);
}

function leaves(node: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof node === 'string') out.push([path, node]);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) leaves(v, `${path}.${k}`, out);
  return out;
}

describe('staff console texts', () => {
  it('has the same keys in both languages', () => {
    expect(leaves(MESSAGES.en.staff, 'staff').map(([k]) => k)).toEqual(
      leaves(MESSAGES['zh-CN'].staff, 'staff').map(([k]) => k),
    );
  });

  it.each([
    ['staff.reason', BoardReasonCode.options],
    ['staff.refusal', StaffRefusalReason.options],
    ['staff.tickets.kind', TicketKind.options],
    ['staff.tickets.state', TicketState.options],
    ['staff.tickets.action', ResolutionAction.options],
    ['staff.reconciliation.kind', MismatchKind.options],
    ['staff.supply', SupplyId.options],
    ['staff.device', DeviceKind.options],
    ['staff.state', DeviceState.options],
    ['staff.colour', FourColour.options],
    ['staff.colourMeaning', FourColour.options],
  ] as const)('%s: every code has words', (prefix, codes) => {
    for (const code of codes) expectTranslated(`${prefix}.${code}`);
  });

  it('the English texts are English, except the 补打 mark staff will see on paper', () => {
    for (const [key, text] of leaves(MESSAGES.en.staff, 'staff'))
      if (key !== 'staff.reprint.hint') expect(text, key).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('nothing here is taken for a spoken prompt, and no text uses vue-i18n special characters', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of leaves(MESSAGES[locale].staff, 'staff')) {
        expect(isVoicePromptKey(key), key).toBe(false);
        expect(text, key).not.toMatch(/[|@$%]/);
      }
    }
  });

  it('words board reasons with their parameters worded too', () => {
    const t = i18n('zh-CN').global.t as (key: string, params?: Record<string, unknown>) => string;
    const words = (reason: BoardReason) => reasonWords(t, reason);
    expect(words({ code: 'servicePaused', params: { device: 'cardPrinter', problem: 'jammed' } })).toBe(
      '暂停办理：制证机卡住',
    );
    expect(words({ code: 'consumableLow', params: { supply: 'receiptPaper', remaining: 156, unit: 'mm' } })).toBe(
      '凭条纸剩余约 156 毫米',
    );
    expect(
      words({
        code: 'moneyUnresolved',
        params: { transactionId: 'TK1-20261201-00001', amountFen: 1050, why: 'refundFailed' },
      }),
    ).toBe('TK1-20261201-00001：10.50 元，自动退款失败，需人工退款');
    expect(words({ code: 'ticketOverdue', params: { number: 'W1', kind: 'receiptPending', ageMinutes: 45 } })).toBe(
      '回执待补打，已 45 分钟，已超时',
    );
    const en = i18n('en').global.t as (key: string, params?: Record<string, unknown>) => string;
    expect(reasonWords(en, { code: 'paperLow' })).toBe('Paper running low');
    expect(
      subjectWords(en, {
        key: 'service:tempIdCard',
        subject: 'service',
        ref: 'tempIdCard',
        colour: 'green',
        reasons: [{ code: 'serviceReady' }],
      }),
    ).toBe('Temporary ID card');
  });
});
