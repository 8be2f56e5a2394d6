import { createI18n } from 'vue-i18n';
import en from '../i18n/en';
import staffEn from '../i18n/staff.en';
import staffZh from '../i18n/staff.zh-CN';
import zhCN from '../i18n/zh-CN';
import fleetEn from './texts.en';
import fleetZh from './texts.zh-CN';

/** The console's own texts (`fleet`), and the kiosk's words for board reasons, devices and supplies (`staff`) and services. */
export const FLEET_MESSAGES = {
  'zh-CN': { fleet: fleetZh, staff: staffZh, services: zhCN.services },
  en: { fleet: fleetEn, staff: staffEn, services: en.services },
} as const;

export const createFleetI18n = (locale: 'zh-CN' | 'en' = 'zh-CN') => createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: FLEET_MESSAGES });
