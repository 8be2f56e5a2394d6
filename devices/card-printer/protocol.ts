/**
 * Evolis-style card printer protocol (protocols.md §3), both directions, pure.
 *
 * Host → printer: `ESC name;param;… CR`. The bitmap download `ESC Db;<panel>;2;<bits> CR` carries
 * a BINARY payload that can contain 0x0D, so it is taken by its length: one 1-bit panel of
 * 648 x 1016 dots, rows of 648 dots MSB-first = 81 bytes per row x 1016 rows = 82,296 bytes.
 *
 * Printer → host (ACK/NACK mode, enabled with `Pcom;…;ACK/NACK;…`): action commands are answered
 * with ACK (0x06) or NACK (0x15) followed by one code character. Query commands (R…) are answered
 * with ASCII text terminated by CR. *Unconfirmed*: the terminator of text replies and the exact
 * words of the Rse reply vary by model — both are options here (`textTerminator`, and a tolerant
 * word parser that keeps unknown words).
 */
import { PANEL_BYTES } from './bitmap';
import { ChunkFramer } from '../shared/framer';

export const ESC = 0x1b;
export const CR = 0x0d;
export const ACK = 0x06;
export const NACK = 0x15;

export type NackCode =
  'command' | 'parameter' | 'mechanical' | 'coverOpen' | 'feederEmpty' | 'ribbon' | 'magnetic' | 'unknown';

const NACK_BY_CHAR: Record<string, NackCode> = {
  '1': 'command',
  '2': 'parameter',
  T: 'mechanical',
  C: 'coverOpen',
  F: 'feederEmpty',
  R: 'ribbon',
  K: 'magnetic',
  D: 'magnetic',
  W: 'magnetic',
};
const CHAR_BY_NACK: Record<Exclude<NackCode, 'unknown' | 'magnetic'>, string> = {
  command: '1',
  parameter: '2',
  mechanical: 'T',
  coverOpen: 'C',
  feederEmpty: 'F',
  ribbon: 'R',
};

/** The NACK code letter for a cause (simulator side). */
export const nackChar = (code: Exclude<NackCode, 'unknown' | 'magnetic'>): string => CHAR_BY_NACK[code];

export interface ProtocolOptions {
  /** Bytes of one bitmap panel (default 648 x 1016 / 8). */
  panelBytes?: number;
  /** Terminator of text replies (unconfirmed: CR by default). */
  textTerminator?: number;
  /** Longest text reply or command header accepted before resynchronising. */
  maxLineLength?: number;
}

/** `ESC name;p1;p2… CR`. */
export function encodeCommand(name: string, ...params: (string | number)[]): Uint8Array {
  const text = [name, ...params.map(String)].join(';');
  if (!/^[\x20-\x7e]+$/.test(text)) throw new RangeError('card printer commands are printable ASCII');
  return Uint8Array.from([ESC, ...Array.from(text, (c) => c.charCodeAt(0)), CR]);
}

/** `ESC Db;<panel>;2;<packed 1-bit panel> CR`; the payload length must be exactly one panel. */
export function encodeBitmapDownload(panel: string, packed: Uint8Array, panelBytes = PANEL_BYTES): Uint8Array {
  if (packed.length !== panelBytes) throw new RangeError(`a panel is ${panelBytes} bytes, got ${packed.length}`);
  const header = encodeCommand('Db', panel, 2, '').subarray(0, -1); // "ESC Db;k;2;" without the CR
  const out = new Uint8Array(header.length + packed.length + 1);
  out.set(header, 0);
  out.set(packed, header.length);
  out[out.length - 1] = CR;
  return out;
}

export type CardReply =
  { kind: 'ack' } | { kind: 'nack'; code: NackCode; char: string } | { kind: 'text'; text: string };

/**
 * Host-side reply framer. Never throws; resynchronises after garbage: bytes that cannot start a
 * reply are dropped, a NACK followed by a non-printable byte is dropped and that byte re-examined,
 * an over-long text line is discarded.
 */
export class CardReplyFramer extends ChunkFramer<CardReply> {
  private text: number[] | undefined;
  private nackPending = false;
  private readonly terminator: number;
  private readonly maxLine: number;

  constructor(options: ProtocolOptions = {}) {
    super();
    this.terminator = options.textTerminator ?? CR;
    this.maxLine = options.maxLineLength ?? 256;
  }

  protected override parse(chunk: Uint8Array): CardReply[] {
    const replies: CardReply[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0;
      if (this.nackPending) {
        this.nackPending = false;
        if (b >= 0x21 && b <= 0x7e) {
          const char = String.fromCharCode(b);
          replies.push({ kind: 'nack', code: NACK_BY_CHAR[char] ?? 'unknown', char });
          continue;
        }
        // not a code: fall through and look at this byte afresh
      }
      if (this.text) {
        if (b === this.terminator) {
          replies.push({ kind: 'text', text: String.fromCharCode(...this.text) });
          this.text = undefined;
          continue;
        }
        if (b >= 0x20 && b <= 0x7e && this.text.length < this.maxLine) {
          this.text.push(b);
          continue;
        }
        this.text = undefined; // garbage inside a line, or too long: drop it
      }
      if (b === ACK) replies.push({ kind: 'ack' });
      else if (b === NACK) this.nackPending = true;
      else if (b >= 0x20 && b <= 0x7e) this.text = [b];
      // anything else is noise
    }
    return replies;
  }

  /** Forgets partial replies (after a reconnect or a timeout). */
  override reset(): void {
    this.text = undefined;
    this.nackPending = false;
  }
}

export type CardCommand =
  | { kind: 'command'; name: string; params: string[] }
  | { kind: 'bitmap'; panel: string; data: Uint8Array }
  | { kind: 'malformed'; reason: string };

type ParserState =
  | { s: 'idle' }
  | { s: 'header'; bytes: number[] }
  | { s: 'payload'; panel: string; data: Uint8Array; filled: number }
  | { s: 'trailer'; panel: string; data: Uint8Array };

/**
 * Printer-side command parser: handles commands and binary Db payloads split anywhere across
 * chunks. Never throws. Bytes outside `ESC … CR` are ignored; an ESC inside a header restarts it;
 * a Db payload not followed by CR is reported malformed and the byte is re-examined.
 */
export class CardCommandParser extends ChunkFramer<CardCommand> {
  private state: ParserState = { s: 'idle' };
  private readonly panelBytes: number;
  private readonly maxHeader: number;

  constructor(options: ProtocolOptions = {}) {
    super();
    this.panelBytes = options.panelBytes ?? PANEL_BYTES;
    this.maxHeader = options.maxLineLength ?? 256;
  }

  /** Forgets a partial command or payload. */
  override reset(): void {
    this.state = { s: 'idle' };
  }

  protected override parse(chunk: Uint8Array): CardCommand[] {
    const out: CardCommand[] = [];
    let i = 0;
    while (i < chunk.length) {
      const st = this.state;
      if (st.s === 'payload') {
        const take = Math.min(chunk.length - i, st.data.length - st.filled);
        st.data.set(chunk.subarray(i, i + take), st.filled);
        st.filled += take;
        i += take;
        if (st.filled === st.data.length) this.state = { s: 'trailer', panel: st.panel, data: st.data };
        continue;
      }
      const b = chunk[i] ?? 0;
      i++;
      switch (st.s) {
        case 'idle':
          if (b === ESC) this.state = { s: 'header', bytes: [] };
          break;
        case 'trailer':
          this.state = { s: 'idle' };
          if (b === CR) out.push({ kind: 'bitmap', panel: st.panel, data: st.data });
          else {
            out.push({ kind: 'malformed', reason: 'bitmap payload not followed by CR' });
            i--; // look at this byte again
          }
          break;
        case 'header':
          if (b === ESC) {
            if (st.bytes.length > 0) out.push({ kind: 'malformed', reason: 'command interrupted by ESC' });
            st.bytes = [];
          } else if (b === CR) {
            this.state = { s: 'idle' };
            const [name = '', ...params] = String.fromCharCode(...st.bytes).split(';');
            out.push(name ? { kind: 'command', name, params } : { kind: 'malformed', reason: 'empty command' });
          } else if (b < 0x20 || b > 0x7e || st.bytes.length >= this.maxHeader) {
            this.state = { s: 'idle' };
            out.push({ kind: 'malformed', reason: 'non-text byte or over-long command' });
          } else {
            st.bytes.push(b);
            if (b === 0x3b && st.bytes[0] === 0x44 && st.bytes[1] === 0x62) this.checkBitmapHeader(st.bytes, out);
          }
          break;
      }
    }
    return out;
  }

  /** After each ';' of a "Db" header: once "Db;<panel>;<levels>;" is complete, switch to the payload. */
  private checkBitmapHeader(bytes: number[], out: CardCommand[]): void {
    const m = /^Db;([^;]*);([^;]*);$/.exec(String.fromCharCode(...bytes));
    if (!m) return;
    if (m[2] !== '2') {
      // only 1-bit (2-level) panels are supported; the payload length of others is unknown here
      out.push({ kind: 'malformed', reason: `unsupported bitmap levels ${m[2]}` });
      this.state = { s: 'idle' };
      return;
    }
    this.state = { s: 'payload', panel: m[1] ?? '', data: new Uint8Array(this.panelBytes), filled: 0 };
  }
}

/** Sensor flags from an Rse reply (newer-model state words, protocols.md §3). */
export interface SensorFlags {
  coverOpen: boolean;
  feederEmpty: boolean;
  feederNearEmpty: boolean;
  ribbonEnded: boolean;
  ribbonLow: boolean;
  noRibbon: boolean;
  mechanicalError: boolean;
  /** Words this driver does not know (kept for the detail text). */
  unknown: string[];
}

const WORDS: Record<string, keyof Omit<SensorFlags, 'unknown'> | undefined> = {
  ERR_COVER_OPEN: 'coverOpen',
  FEEDER_EMPTY: 'feederEmpty',
  INF_FEEDER_NEAR_EMPTY: 'feederNearEmpty',
  RIBBON_ENDED: 'ribbonEnded',
  ERR_RIBBON_ERROR: 'ribbonEnded',
  INF_RIBBON_LOW: 'ribbonLow',
  DEF_NO_RIBBON: 'noRibbon',
  ERR_MECHANICAL: 'mechanicalError',
};

/**
 * Parses an Rse reply: state words separated by commas, semicolons or spaces ("READY" when none).
 * The exact reply of a given model is unconfirmed; unknown words are kept, not fatal.
 */
export function parseSensorReply(text: string): SensorFlags {
  const flags: SensorFlags = {
    coverOpen: false,
    feederEmpty: false,
    feederNearEmpty: false,
    ribbonEnded: false,
    ribbonLow: false,
    noRibbon: false,
    mechanicalError: false,
    unknown: [],
  };
  for (const word of text
    .split(/[,; ]+/)
    .map((w) => w.trim().toUpperCase())
    .filter(Boolean)) {
    const key = WORDS[word];
    if (key) flags[key] = true;
    else if (word !== 'READY' && word !== 'OK') flags.unknown.push(word);
  }
  return flags;
}

/** Encodes sensor flags as an Rse reply text (simulator side). */
export function encodeSensorReply(flags: Omit<SensorFlags, 'unknown'>): string {
  const words = (Object.keys(WORDS) as (keyof typeof WORDS)[]).filter((w) => {
    const key = WORDS[w];
    return key !== undefined && flags[key] && w !== 'ERR_RIBBON_ERROR';
  });
  return words.length ? words.join(',') : 'READY';
}
