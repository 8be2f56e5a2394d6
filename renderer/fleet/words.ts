/** Short words for a kiosk on the console: why it has its colour, how long ago, how much money. */
import type { BoardItem } from '../../contract/four-colour';
import { reasonWords, subjectWords } from '../composables/staff-words';
import { displayColour, offlineWhy, type KioskEntry } from './model';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The worst board item in words ("制证设备：空白卡用完"), or why the kiosk is offline. */
export function headline(t: Translate, entry: KioskEntry, now: number): string {
  const why = offlineWhy(entry, now);
  if (why) return t(`fleet.offline.${why}`);
  const worst: BoardItem | undefined = entry.state?.board.items[0];
  if (!worst || worst.colour === 'green' || displayColour(entry, now) === 'green') return '';
  return `${subjectWords(t, worst)}：${reasonWords(t, worst.reasons[0]!)}`;
}

export function duration(t: Translate, minutes: number): string {
  return minutes < 60 ? t('fleet.tickets.minutes', { n: minutes }) : t('fleet.tickets.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** A time of day in the viewer's zone (the console is used in one city). */
export const clockTime = (ms: number, locale: string): string => new Date(ms).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
