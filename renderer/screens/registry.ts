/**
 * The police services the UI offers, one entry each: its route (lazy-loaded, so home stays small
 * as services are added) and its texts namespace. Adding a service's screens is one line here.
 */
import type { RouteRecordRaw } from 'vue-router';
import type { ServiceId } from '../../contract/flow';
import exitEntryEn from './exit-entry/texts.en';
import exitEntryZh from './exit-entry/texts.zh-CN';
import noCriminalRecordEn from './no-criminal-record/texts.en';
import noCriminalRecordZh from './no-criminal-record/texts.zh-CN';
import progressEn from './progress/texts.en';
import progressZh from './progress/texts.zh-CN';
import tempIdEn from './temp-id/texts.en';
import tempIdZh from './temp-id/texts.zh-CN';
import tipOffEn from './tip-off/texts.en';
import tipOffZh from './tip-off/texts.zh-CN';
import trafficEn from './traffic/texts.en';
import trafficZh from './traffic/texts.zh-CN';

export interface ServiceScreens {
  service: ServiceId;
  path: string;
  /** The namespace of the service's own texts (`<namespace>.steps.*` …). */
  namespace: string;
  component: NonNullable<RouteRecordRaw['component']>;
  texts: { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
}

export const SERVICE_SCREENS: readonly ServiceScreens[] = [
  { service: 'tempIdCard', path: '/temp-id', namespace: 'tempId', component: () => import('./temp-id/TempIdRoute.vue'), texts: { 'zh-CN': tempIdZh, en: tempIdEn } },
  {
    service: 'noCriminalRecord',
    path: '/no-criminal-record',
    namespace: 'noCriminalRecord',
    component: () => import('./no-criminal-record/NoCriminalRecordRoute.vue'),
    texts: { 'zh-CN': noCriminalRecordZh, en: noCriminalRecordEn },
  },
  { service: 'exitEntry', path: '/exit-entry', namespace: 'exitEntry', component: () => import('./exit-entry/ExitEntryRoute.vue'), texts: { 'zh-CN': exitEntryZh, en: exitEntryEn } },
  { service: 'traffic', path: '/traffic', namespace: 'traffic', component: () => import('./traffic/TrafficRoute.vue'), texts: { 'zh-CN': trafficZh, en: trafficEn } },
  { service: 'progress', path: '/progress', namespace: 'progress', component: () => import('./progress/ProgressRoute.vue'), texts: { 'zh-CN': progressZh, en: progressEn } },
  { service: 'tipOff', path: '/tip-off', namespace: 'tipOff', component: () => import('./tip-off/TipOffRoute.vue'), texts: { 'zh-CN': tipOffZh, en: tipOffEn } },
];
