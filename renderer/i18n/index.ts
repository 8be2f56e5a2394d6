import { createI18n } from 'vue-i18n';
import en from './en';
import tempIdEn from './temp-id.en';
import tempIdZh from './temp-id.zh-CN';
import zhCN from './zh-CN';
import staffEn from './staff.en';
import staffZh from './staff.zh-CN';
import type { Locale } from '../../contract/api';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Every text of the UI, by locale (also read by the voice prompt catalogue). */
export const MESSAGES = { 'zh-CN': { ...zhCN, tempId: tempIdZh, staff: staffZh }, en: { ...en, tempId: tempIdEn, staff: staffEn } } as const;

export function createKioskI18n(locale: Locale = 'zh-CN') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: MESSAGES,
  });
}

export type KioskI18n = ReturnType<typeof createKioskI18n>;
