import { createI18n } from 'vue-i18n';
import en from './en';
import helpCallEn from '../help/texts.en';
import helpCallZh from '../help/texts.zh-CN';
import { SERVICE_SCREENS } from '../screens/registry';
import flowEn from './flow.en';
import flowZh from './flow.zh-CN';
import zhCN from './zh-CN';
import staffEn from './staff.en';
import staffZh from './staff.zh-CN';
import type { Locale } from '../../contract/api';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const serviceTexts = (locale: Locale) => Object.fromEntries(SERVICE_SCREENS.map((entry) => [entry.namespace, entry.texts[locale]]));

/** Every text of the UI, by locale: the app's, the shared flow screens' (`flow`), the staff console's (`staff`), the help call's (`helpCall`), each service's (its namespace). */
export const MESSAGES = {
  'zh-CN': { ...zhCN, flow: flowZh, staff: staffZh, helpCall: helpCallZh, ...serviceTexts('zh-CN') },
  en: { ...en, flow: flowEn, staff: staffEn, helpCall: helpCallEn, ...serviceTexts('en') },
} as const;

export function createKioskI18n(locale: Locale = 'zh-CN') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: MESSAGES,
  });
}

export type KioskI18n = ReturnType<typeof createKioskI18n>;
