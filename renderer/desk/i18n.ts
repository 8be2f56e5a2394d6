/** The desk page's texts: its own (`desk`) and the staff console's, for the four-colour words (`staff`). */
import { createI18n } from 'vue-i18n';
import staffEn from '../i18n/staff.en';
import staffZh from '../i18n/staff.zh-CN';
import deskEn from './texts.en';
import deskZh from './texts.zh-CN';

export type DeskLocale = 'zh-CN' | 'en';

export const DESK_MESSAGES = {
  'zh-CN': { desk: deskZh, staff: staffZh },
  en: { desk: deskEn, staff: staffEn },
} as const;

export function createDeskI18n(locale: DeskLocale = 'zh-CN') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: DESK_MESSAGES });
}
