/**
 * The card printer's status and outcomes as pure functions, shared by the driver and the in-memory
 * fake (devices/fakes): sensor words → kiosk status, what blocks a card, which unsolicited events a
 * status change brings, and how a failed card is reported.
 */
import { fail, type CommandResult, type CompletionCode, type DeviceEvent, type StatusOf } from '../types';
import { statusChangeEvents, type StatusRules } from '../shared/device-base';
import { PANEL_BYTES } from './bitmap';
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
  | DeviceEvent<'cardFailed', { jobId: string; step: string; cause: CardPrintError }>
  /** A card printed and ejected; `sides` ribbon panels were used (for consumable counting). */
  | DeviceEvent<'cardPrinted', { jobId: string; sides: 1 | 2 }>;

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

/** The cause that blocks printing, or undefined when a card can be printed (a manual card needs no blank cards). */
export function cardNotReadyCause(s: CardPrinterStatus, source: 'feeder' | 'manual' = 'feeder'): CardPrintError | undefined {
  if (s.media === 'jammed') return 'cardJam';
  if (s.cover === 'open') return 'coverOpen';
  if (s.cardStock === 'out' && source === 'feeder') return 'feederEmpty';
  if (s.ribbon === 'out') return 'ribbonOut';
  if (s.device === 'offline') return 'offline';
  return undefined;
}

/**
 * How a card printer reports status changes: still offline for another reason is no news (the first
 * reason is kept); supply, cover and jam changes bring their unsolicited events.
 */
export const cardStatusRules: StatusRules<CardPrinterStatus, CardPrinterEvent> = {
  isNews: (previous, next) =>
    !(
      previous.device === 'offline' &&
      next.device === 'offline' &&
      previous.cover === 'unknown' &&
      next.cover === 'unknown'
    ),
  events: (previous, next) =>
    statusChangeEvents(previous, next, [
      ['cardStockThreshold', 'cardStock', ['low', 'out']],
      ['ribbonThreshold', 'ribbon', ['low', 'out']],
      ['coverChanged', 'cover', ['open']],
      ['mediaChanged', 'media', ['jammed']],
    ]),
};

/** No side at all, or a panel of the wrong size, refused before the printer is touched; undefined when the sides fit. */
export function invalidSides(sides: {
  front?: Uint8Array | undefined;
  back?: Uint8Array | undefined;
}): CommandResult<never, CardPrintError> | undefined {
  if (!sides.front && !sides.back) return fail('invalidData', 'a card needs at least one side to print', 'invalidData');
  for (const [name, panel] of [
    ['front', sides.front],
    ['back', sides.back],
  ] as const) {
    if (panel && panel.length !== PANEL_BYTES)
      return fail('invalidData', `${name} panel must be ${PANEL_BYTES} bytes, got ${panel.length}`, 'invalidData');
  }
  return undefined;
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
