/**
 * From IPP printer attributes to the kiosk's `documentPrinter` status (pure).
 *
 * printer-state-reasons keywords (RFC 8011 §5.4.12, PWG 5100.9) may carry a severity suffix:
 * "-report", "-warning" or "-error". Known reasons map onto paper, toner, door and jam; a known
 * warning (toner low, paper low) keeps the printer online. An unknown reason blocks printing only
 * when it says "-error" or the printer has stopped, so CUPS's informational reasons
 * (cups-waiting-for-job-completed, cups-missing-filter-warning …) never take a working queue down.
 */
import type { StatusOf } from '../types';
import { PrinterState } from './ipp/constants';

export type DocumentPrinterStatus = StatusOf<'documentPrinter'>;

/** Why the printer cannot take a job now, most actionable first. */
export type NotReadyCause = 'coverOpen' | 'paperJammed' | 'paperOut' | 'tonerOut' | 'offline' | 'notAcceptingJobs' | 'hardwareError';

export interface PrinterFacts {
  /** printer-state enum: 3 idle, 4 processing, 5 stopped. */
  state: number;
  /** printer-state-reasons, as reported. */
  reasons: readonly string[];
  acceptingJobs: boolean;
  /** printer-state-message, if any (shown to staff). */
  message?: string;
}

const stripSeverity = (reason: string): { keyword: string; severity: 'report' | 'warning' | 'error' | undefined } => {
  const match = /^(.*)-(report|warning|error)$/.exec(reason);
  return match ? { keyword: match[1]!, severity: match[2] as 'report' | 'warning' | 'error' } : { keyword: reason, severity: undefined };
};

/** Reasons that say nothing is wrong, or that are CUPS's own bookkeeping. */
const BENIGN = new Set(['none', 'moving-to-paused', 'cups-waiting-for-job-completed', 'cups-missing-filter', 'cups-insecure-filter', 'other']);
const DOOR = new Set(['door-open', 'cover-open', 'interlock-open']);
const PAPER_OUT = new Set(['media-empty', 'media-needed', 'input-tray-missing']);
const TONER_LOW = new Set(['toner-low', 'marker-supply-low', 'developer-low']);
const TONER_OUT = new Set(['toner-empty', 'marker-supply-empty', 'developer-empty']);
const OFFLINE = new Set(['offline', 'shutdown', 'connecting-to-device', 'timed-out', 'paused']);

interface Reading {
  paper: DocumentPrinterStatus['paper'];
  toner: DocumentPrinterStatus['toner'];
  cover: DocumentPrinterStatus['cover'];
  media: DocumentPrinterStatus['media'];
  offline: boolean;
  unknownErrors: string[];
}

function read(facts: PrinterFacts): Reading {
  const reading: Reading = { paper: 'full', toner: 'full', cover: 'closed', media: 'ok', offline: false, unknownErrors: [] };
  for (const reason of facts.reasons) {
    const { keyword, severity } = stripSeverity(reason);
    if (BENIGN.has(keyword) || keyword.startsWith('cups-')) continue;
    if (DOOR.has(keyword)) reading.cover = 'open';
    else if (keyword === 'media-jam') reading.media = 'jammed';
    else if (PAPER_OUT.has(keyword)) reading.paper = 'out';
    else if (keyword === 'media-low') reading.paper = reading.paper === 'out' ? 'out' : 'low';
    else if (TONER_OUT.has(keyword)) reading.toner = 'out';
    else if (TONER_LOW.has(keyword)) reading.toner = reading.toner === 'out' ? 'out' : 'low';
    else if (OFFLINE.has(keyword)) reading.offline = true;
    else if (severity === 'error') reading.unknownErrors.push(reason);
  }
  return reading;
}

/** The cause that blocks a new job, if any. */
export function notReadyCause(facts: PrinterFacts): NotReadyCause | undefined {
  const r = read(facts);
  if (r.cover === 'open') return 'coverOpen';
  if (r.media === 'jammed') return 'paperJammed';
  if (r.paper === 'out') return 'paperOut';
  if (r.toner === 'out') return 'tonerOut';
  if (r.offline) return 'offline';
  if (r.unknownErrors.length > 0) return 'hardwareError';
  if (facts.state === PrinterState.stopped) return 'hardwareError';
  if (!facts.acceptingJobs) return 'notAcceptingJobs';
  return undefined;
}

const ADVICE: Record<string, string> = {
  cover: 'door open: close the printer door',
  jam: 'paper jam: open the printer, remove the jammed sheet, close it',
  paperOut: 'out of paper: load A4 paper',
  paperLow: 'paper low: add A4 paper soon',
  tonerOut: 'toner empty: replace the toner cartridge',
  tonerLow: 'toner low: order a toner cartridge',
  offline: 'printer offline: check its power and network cable',
  notAccepting: 'print queue is not accepting jobs: enable it (cupsenable / cupsaccept)',
};

/** Maps the printer's attributes to the kiosk status, with a staff-readable detail. */
export function statusFromFacts(facts: PrinterFacts): DocumentPrinterStatus {
  const r = read(facts);
  const cause = notReadyCause(facts);
  const device: DocumentPrinterStatus['device'] =
    cause === undefined
      ? 'online'
      : cause === 'coverOpen' || cause === 'paperOut' || cause === 'paperJammed' || cause === 'tonerOut'
        ? 'userError'
        : cause === 'offline' || cause === 'notAcceptingJobs'
          ? 'offline'
          : 'hardwareError';
  const notes = [
    r.cover === 'open' ? ADVICE.cover : '',
    r.media === 'jammed' ? ADVICE.jam : '',
    r.paper === 'out' ? ADVICE.paperOut : r.paper === 'low' ? ADVICE.paperLow : '',
    r.toner === 'out' ? ADVICE.tonerOut : r.toner === 'low' ? ADVICE.tonerLow : '',
    r.offline ? ADVICE.offline : '',
    cause === 'notAcceptingJobs' ? ADVICE.notAccepting : '',
    r.unknownErrors.length ? `printer error: ${r.unknownErrors.join(', ')}` : '',
    cause === 'hardwareError' && r.unknownErrors.length === 0 ? `printer stopped${facts.message ? `: ${facts.message}` : ''}` : '',
  ].filter(Boolean);
  const reasons = facts.reasons.filter((reason) => reason !== 'none').slice(0, 16).map((reason) => reason.slice(0, 64));
  const status: DocumentPrinterStatus = { kind: 'documentPrinter', device, paper: r.paper, toner: r.toner, cover: r.cover, media: r.media, reasons };
  const detail = notes.join('; ').slice(0, 200);
  return detail ? { ...status, detail } : status;
}

/** The status when the printer cannot be asked at all. */
export const unreachableStatus = (detail: string): DocumentPrinterStatus => ({
  kind: 'documentPrinter',
  device: 'offline',
  paper: 'unknown',
  toner: 'unknown',
  cover: 'unknown',
  media: 'unknown',
  reasons: [],
  detail: detail.slice(0, 200),
});

