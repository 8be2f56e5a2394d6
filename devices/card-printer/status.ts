/**
 * The card printer's status and outcomes as pure functions, shared by the driver and the in-memory
 * fake (devices/fakes): sensor words → kiosk status, what blocks a card, which unsolicited events a
 * status change brings, and how a failed card is reported.
 */
import { fail, type CommandResult, type CompletionCode, type DeviceEvent, type StatusOf } from '../types';
import type { SensorFlags } from './protocol';

export type CardPrinterStatus = StatusOf<'cardPrinter'>;
export type CardPrintError =
  | 'feederEmpty'
  | 'ribbonOut'
  | 'coverOpen'
  | 'cardJam'
  | 'offline'
  | 'timeOut'
  | 'canceled'
  | 'commandRejected'
  | 'invalidData';

export type CardPrinterEvent =
  | DeviceEvent<'cardStockThreshold', { cardStock: CardPrinterStatus['cardStock'] }>
  | DeviceEvent<'ribbonThreshold', { ribbon: CardPrinterStatus['ribbon'] }>
  | DeviceEvent<'coverChanged', { cover: CardPrinterStatus['cover'] }>
  | DeviceEvent<'mediaChanged', { media: CardPrinterStatus['media'] }>
  | DeviceEvent<'deviceChanged', { device: CardPrinterStatus['device'] }>
  | DeviceEvent<'cardFailed', { jobId: string; step: string; cause: CardPrintError }>;

/** The status while the printer cannot be asked. */
export const cardPrinterOffline = (detail: string): CardPrinterStatus => ({
  kind: 'cardPrinter',
  device: 'offline',
  cardStock: 'unknown',
  ribbon: 'unknown',
  cover: 'unknown',
  media: 'unknown',
  detail,
});

const CAUSE_CODE: Record<
  CardPrintError,
  'userError' | 'hardwareError' | 'deviceNotReady' | 'timeOut' | 'canceled' | 'invalidData' | 'internalError'
> = {
  feederEmpty: 'userError',
  ribbonOut: 'userError',
  coverOpen: 'userError',
  cardJam: 'hardwareError',
  offline: 'deviceNotReady',
  timeOut: 'timeOut',
  canceled: 'canceled',
  commandRejected: 'internalError',
  invalidData: 'invalidData',
};

/** Maps sensor words and the ribbon count to the kiosk status. */
export function cardStatusFromSensors(
  flags: SensorFlags,
  ribbonCount: number | undefined,
  ribbonLowCount: number,
): CardPrinterStatus {
  const cardStock = flags.feederEmpty ? 'out' : flags.feederNearEmpty ? 'low' : 'full';
  const ribbon =
    flags.ribbonEnded || flags.noRibbon || ribbonCount === 0
      ? 'out'
      : flags.ribbonLow || (ribbonCount !== undefined && ribbonCount <= ribbonLowCount)
        ? 'low'
        : 'full';
  const cover = flags.coverOpen ? 'open' : 'closed';
  const media = flags.mechanicalError ? 'jammed' : 'ok';
  const device =
    media === 'jammed'
      ? 'hardwareError'
      : cover === 'open' || cardStock === 'out' || ribbon === 'out'
        ? 'userError'
        : 'online';
  const detail = [
    media === 'jammed' ? 'card jammed: open the cover and remove the card' : '',
    cover === 'open' ? 'cover open: close the printer cover' : '',
    cardStock === 'out' ? 'no blank cards: refill the feeder' : cardStock === 'low' ? 'few blank cards left' : '',
    ribbon === 'out'
      ? 'ribbon used up: replace the ribbon'
      : ribbon === 'low'
        ? `ribbon low${ribbonCount !== undefined ? ` (${ribbonCount} prints left)` : ''}`
        : '',
    flags.unknown.length ? `printer reports ${flags.unknown.join(',').slice(0, 60)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const base = { kind: 'cardPrinter' as const, device, cardStock, ribbon, cover, media } satisfies CardPrinterStatus;
  return detail ? { ...base, detail } : base;
}

/** The cause that blocks printing, or undefined when a card can be printed. */
export function cardNotReadyCause(s: CardPrinterStatus): CardPrintError | undefined {
  if (s.media === 'jammed') return 'cardJam';
  if (s.cover === 'open') return 'coverOpen';
  if (s.cardStock === 'out') return 'feederEmpty';
  if (s.ribbon === 'out') return 'ribbonOut';
  if (s.device === 'offline') return 'offline';
  return undefined;
}

/** Whether `next` is news after `previous`: still offline for another reason is not (the first reason is kept). */
export function cardStatusIsNews(previous: CardPrinterStatus, next: CardPrinterStatus): boolean {
  return !(
    previous.device === 'offline' &&
    next.device === 'offline' &&
    previous.cover === 'unknown' &&
    next.cover === 'unknown'
  );
}

/** The unsolicited events a status change brings: a change from a known value, or news of a problem. */
export function cardStatusEvents(
  previous: CardPrinterStatus,
  next: CardPrinterStatus,
  at = new Date(),
): CardPrinterEvent[] {
  const events: CardPrinterEvent[] = [];
  const changed = (from: string, to: string, problems: string[]) =>
    from !== to && to !== 'unknown' && (from !== 'unknown' || problems.includes(to));
  const push = (event: Omit<CardPrinterEvent, 'solicited' | 'at'>) =>
    events.push({ ...event, solicited: false, at } as CardPrinterEvent);
  if (next.device !== previous.device) push({ name: 'deviceChanged', data: { device: next.device } });
  if (changed(previous.cardStock, next.cardStock, ['low', 'out']))
    push({ name: 'cardStockThreshold', data: { cardStock: next.cardStock } });
  if (changed(previous.ribbon, next.ribbon, ['low', 'out']))
    push({ name: 'ribbonThreshold', data: { ribbon: next.ribbon } });
  if (changed(previous.cover, next.cover, ['open'])) push({ name: 'coverChanged', data: { cover: next.cover } });
  if (changed(previous.media, next.media, ['jammed'])) push({ name: 'mediaChanged', data: { media: next.media } });
  return events;
}

/**
 * How a card that was not printed is reported. `step`: where a started sequence stopped (the card
 * may be spoiled); undefined when the card was refused before the sequence started.
 */
export function cardJobFailure(
  jobId: string,
  cause: CardPrintError,
  step?: string,
): CommandResult<never, CardPrintError> {
  const started = step !== undefined;
  const code = started || cause === 'canceled' || cause === 'timeOut' ? CAUSE_CODE[cause] : 'deviceNotReady';
  const message = started
    ? `${jobId} failed at ${step}: ${cause}; the card may be spoiled — not reprinted automatically`
    : `${jobId} not printed: ${cause}`;
  return fail(code, message, cause);
}

/** The XFS completion code a cause is reported with once a card was started. */
export const cardCauseCode = (cause: CardPrintError): Exclude<CompletionCode, 'success'> => CAUSE_CODE[cause];
