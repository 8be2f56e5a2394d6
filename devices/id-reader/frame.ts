/**
 * Frame encoding for the resident ID card reader (SAM) serial protocol, both directions:
 *
 *   request : AA AA AA 96 69 | LEN_HI LEN_LO | CMD PARA | DATA… | CHK
 *   response: AA AA AA 96 69 | LEN_HI LEN_LO | SW1 SW2 SW3 | DATA… | CHK
 *
 * LEN counts every byte after the length field including CHK (frame size = 7 + LEN);
 * CHK is the XOR of every byte from LEN_HI to the byte before CHK. Pure functions only.
 */

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Bytes before the payload: preamble + 2 length bytes. */
export const HEADER_SIZE = 7;
/** Smallest LEN: a request's CMD PARA CHK. */
export const MIN_LEN = 3;
/** Largest LEN in the protocol: read with fingerprint (0x090A). Anything above is garbage. */
export const MAX_LEN = 0x090a;

/** The commands the kiosk uses, with their CMD/PARA bytes. */
export const commands = {
  readSamId: { cmd: 0x12, para: 0xff },
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readTextAndPhoto: { cmd: 0x30, para: 0x01 },
  readExtraAddress: { cmd: 0x30, para: 0x03 },
  readWithFingerprint: { cmd: 0x30, para: 0x10 },
} as const;
export type CommandName = keyof typeof commands;

/** Looks a CMD/PARA pair up in the command table. */
export function commandNameOf(cmd: number, para: number): CommandName | undefined {
  for (const [name, c] of Object.entries(commands)) {
    if (c.cmd === cmd && c.para === para) return name as CommandName;
  }
  return undefined;
}

/** XOR of bytes[start, end). */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i] ?? 0;
  return x;
}

/** Wraps a payload (CMD PARA DATA or SW1 SW2 SW3 DATA) into a complete frame with length and checksum. */
export function encodeFrame(payload: Uint8Array): Buffer {
  const len = payload.length + 1;
  const frame = Buffer.alloc(HEADER_SIZE + len);
  frame.set(PREAMBLE, 0);
  frame.writeUInt16BE(len, 5);
  frame.set(payload, HEADER_SIZE);
  frame[frame.length - 1] = xorChecksum(frame, 5, frame.length - 1);
  return frame;
}

/** Encodes a request frame for a named command (or raw CMD/PARA) with optional data. */
export function encodeRequest(
  command: CommandName | { cmd: number; para: number },
  data: Uint8Array = new Uint8Array(0),
): Buffer {
  const { cmd, para } = typeof command === 'string' ? commands[command] : command;
  return encodeFrame(Buffer.concat([Uint8Array.of(cmd, para), data]));
}

/** Encodes a response frame (simulator side): SW1 SW2 are 00 00 in every observed reply. */
export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Buffer {
  return encodeFrame(Buffer.concat([Uint8Array.of(sw1, sw2, sw3), data]));
}

/** True when `frame` is one complete, well-formed frame (preamble, length and checksum agree). */
export function isCompleteFrame(frame: Uint8Array): boolean {
  if (frame.length < HEADER_SIZE + MIN_LEN) return false;
  for (let i = 0; i < PREAMBLE.length; i++) if (frame[i] !== PREAMBLE[i]) return false;
  const len = ((frame[5] ?? 0) << 8) | (frame[6] ?? 0);
  return frame.length === HEADER_SIZE + len && xorChecksum(frame, 5, frame.length - 1) === frame[frame.length - 1];
}

export interface DecodedRequest {
  cmd: number;
  para: number;
  command: CommandName | undefined;
  data: Buffer;
}

export interface DecodedResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Buffer;
}

/** Splits a complete request frame (as emitted by the framer) into CMD, PARA and data. */
export function decodeRequest(frame: Buffer): DecodedRequest {
  const cmd = frame[7] ?? 0;
  const para = frame[8] ?? 0;
  return { cmd, para, command: commandNameOf(cmd, para), data: frame.subarray(9, frame.length - 1) };
}

/** Splits a complete response frame into SW1 SW2 SW3 and data. */
export function decodeResponse(frame: Buffer): DecodedResponse {
  return { sw1: frame[7] ?? 0, sw2: frame[8] ?? 0, sw3: frame[9] ?? 0, data: frame.subarray(10, frame.length - 1) };
}

export const TEXT_BLOCK_SIZE = 256;
export const PHOTO_SIZE = 1024;
export const FINGERPRINT_SIZE = 1024;

export interface CardData {
  text: Buffer;
  photo: Buffer;
  fingerprint?: Buffer;
}

/**
 * Encodes the data of a successful read reply: length fields (big-endian) then the blocks.
 * With a fingerprint there are three length fields (30 10), otherwise two (30 01).
 */
export function encodeCardData(card: CardData): Buffer {
  const blocks = card.fingerprint ? [card.text, card.photo, card.fingerprint] : [card.text, card.photo];
  const lengths = Buffer.alloc(blocks.length * 2);
  blocks.forEach((b, i) => lengths.writeUInt16BE(b.length, i * 2));
  return Buffer.concat([lengths, ...blocks]);
}

/** Parses a successful read reply's data; null when the length fields do not match the data. */
export function decodeCardData(data: Buffer, withFingerprint: boolean): CardData | null {
  const fields = withFingerprint ? 3 : 2;
  if (data.length < fields * 2) return null;
  const lengths = Array.from({ length: fields }, (_, i) => data.readUInt16BE(i * 2));
  if (fields * 2 + lengths.reduce((a, b) => a + b, 0) !== data.length) return null;
  const [textLen = 0, photoLen = 0] = lengths;
  if (textLen !== TEXT_BLOCK_SIZE) return null;
  let at = fields * 2;
  const text = data.subarray(at, (at += textLen));
  const photo = data.subarray(at, (at += photoLen));
  if (!withFingerprint) return { text, photo };
  return { text, photo, fingerprint: data.subarray(at) };
}

/**
 * Formats the 16-byte SAM id the way vendor tools print it ("05.01-20101018-0012345678-1234567890").
 * The byte layout (two u16 LE, three u32 LE) comes from public reader code and is unconfirmed;
 * any other length is printed as hex.
 */
export function formatSamId(data: Uint8Array): string {
  if (data.length !== 16) return Buffer.from(data).toString('hex');
  const b = Buffer.from(data);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(b.readUInt16LE(0), 2)}.${pad(b.readUInt16LE(2), 2)}-${pad(b.readUInt32LE(4), 8)}-${pad(
    b.readUInt32LE(8),
    10,
  )}-${pad(b.readUInt32LE(12), 10)}`;
}
