/**
 * IPP message encoding and decoding (RFC 8010 §3): version, operation-id or status-code,
 * request-id, attribute groups, end-of-attributes, then the document data.
 *
 * Written here rather than taken from npm: `ipp` 2.0.1 declares `engines: node <4`, has no types
 * and a callback API; `ipp-encoder` 5.0.0 has no types, reads tags as signed bytes, has no
 * collections and no bounds checks (a truncated reply throws a RangeError from deep inside). The
 * encoding is small and fully specified, so this module is tested byte for byte against the
 * examples of RFC 8010 Appendix A. Decoding never reads past the buffer: anything malformed is an
 * IppDecodeError naming the offset, so a reply that is not IPP is a clear error, not a crash.
 */
import { GroupTag, ValueTag } from './constants';

export type StringTag =
  | typeof ValueTag.textWithoutLanguage
  | typeof ValueTag.nameWithoutLanguage
  | typeof ValueTag.keyword
  | typeof ValueTag.uri
  | typeof ValueTag.uriScheme
  | typeof ValueTag.charset
  | typeof ValueTag.naturalLanguage
  | typeof ValueTag.mimeMediaType;

export type OutOfBandTag = typeof ValueTag.unsupported | typeof ValueTag.unknown | typeof ValueTag.noValue;

export type IppValue =
  | { type: 'integer'; value: number }
  | { type: 'enum'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'string'; tag: StringTag; value: string }
  | { type: 'withLanguage'; tag: typeof ValueTag.textWithLanguage | typeof ValueTag.nameWithLanguage; language: string; value: string }
  | { type: 'octetString'; value: Uint8Array }
  | { type: 'dateTime'; value: Date }
  | { type: 'resolution'; x: number; y: number; units: number }
  | { type: 'range'; lower: number; upper: number }
  | { type: 'collection'; members: IppAttribute[] }
  | { type: 'outOfBand'; tag: OutOfBandTag };

export interface IppAttribute {
  name: string;
  values: IppValue[];
}

export interface IppGroup {
  tag: GroupTag;
  attributes: IppAttribute[];
}

export interface IppMessage {
  version: { major: number; minor: number };
  /** operation-id in a request, status-code in a response. */
  code: number;
  requestId: number;
  groups: IppGroup[];
  /** Document data after end-of-attributes (a PDF in Print-Job). */
  data: Uint8Array;
}

export class IppDecodeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`not a valid IPP message: ${message} at byte ${offset}`);
    this.name = 'IppDecodeError';
  }
}

const STRING_TAGS = new Set<number>([0x41, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49]);
const OUT_OF_BAND = new Set<number>([0x10, 0x12, 0x13, 0x15, 0x16, 0x17]);
const KNOWN_GROUPS = new Set<number>([0x01, 0x02, 0x04, 0x05, 0x06, 0x07, 0x09]);

// ---- encoding ----------------------------------------------------------------------------------

class Writer {
  private chunks: Buffer[] = [];
  u8(n: number): void {
    this.chunks.push(Buffer.of(n & 0xff));
  }
  u16(n: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(n);
    this.chunks.push(b);
  }
  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    this.chunks.push(b);
  }
  bytes(b: Uint8Array): void {
    this.chunks.push(Buffer.from(b));
  }
  /** A length-prefixed field (name or value). */
  field(b: Uint8Array): void {
    if (b.length > 0xffff) throw new RangeError(`IPP field longer than 65535 bytes (${b.length})`);
    this.u16(b.length);
    this.bytes(b);
  }
  result(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

function valueTagOf(value: IppValue): number {
  switch (value.type) {
    case 'integer':
      return ValueTag.integer;
    case 'enum':
      return ValueTag.enum;
    case 'boolean':
      return ValueTag.boolean;
    case 'string':
    case 'withLanguage':
    case 'outOfBand':
      return value.tag;
    case 'octetString':
      return ValueTag.octetString;
    case 'dateTime':
      return ValueTag.dateTime;
    case 'resolution':
      return ValueTag.resolution;
    case 'range':
      return ValueTag.rangeOfInteger;
    case 'collection':
      return ValueTag.begCollection;
  }
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** RFC 2579 DateAndTime, 11 octets, written in UTC. */
function encodeDate(date: Date): Buffer {
  const b = Buffer.alloc(11);
  b.writeUInt16BE(date.getUTCFullYear(), 0);
  b.writeUInt8(date.getUTCMonth() + 1, 2);
  b.writeUInt8(date.getUTCDate(), 3);
  b.writeUInt8(date.getUTCHours(), 4);
  b.writeUInt8(date.getUTCMinutes(), 5);
  b.writeUInt8(date.getUTCSeconds(), 6);
  b.writeUInt8(Math.floor(date.getUTCMilliseconds() / 100), 7);
  b.write('+', 8, 'latin1');
  return b;
}

function writeValue(w: Writer, name: string, value: IppValue): void {
  w.u8(valueTagOf(value));
  w.field(utf8(name));
  switch (value.type) {
    case 'integer':
    case 'enum':
      return w.field(int32(value.value));
    case 'boolean':
      return w.field(Buffer.of(value.value ? 1 : 0));
    case 'string':
      return w.field(utf8(value.value));
    case 'withLanguage': {
      const lang = utf8(value.language);
      const text = utf8(value.value);
      const b = Buffer.alloc(4 + lang.length + text.length);
      b.writeUInt16BE(lang.length, 0);
      lang.copy(b, 2);
      b.writeUInt16BE(text.length, 2 + lang.length);
      text.copy(b, 4 + lang.length);
      return w.field(b);
    }
    case 'octetString':
      return w.field(value.value);
    case 'dateTime':
      return w.field(encodeDate(value.value));
    case 'resolution': {
      const b = Buffer.alloc(9);
      b.writeInt32BE(value.x, 0);
      b.writeInt32BE(value.y, 4);
      b.writeInt8(value.units, 8);
      return w.field(b);
    }
    case 'range':
      return w.field(Buffer.concat([int32(value.lower), int32(value.upper)]));
    case 'outOfBand':
      return w.field(Buffer.alloc(0));
    case 'collection':
      w.field(Buffer.alloc(0));
      for (const member of value.members) {
        member.values.forEach((memberValue, i) => {
          if (i === 0) {
            w.u8(ValueTag.memberAttrName);
            w.field(Buffer.alloc(0));
            w.field(utf8(member.name));
          }
          writeValue(w, '', memberValue);
        });
      }
      w.u8(ValueTag.endCollection);
      w.field(Buffer.alloc(0));
      w.field(Buffer.alloc(0));
      return;
  }
}

function writeAttribute(w: Writer, attribute: IppAttribute): void {
  if (attribute.values.length === 0) throw new RangeError(`IPP attribute ${attribute.name} has no value`);
  attribute.values.forEach((value, i) => writeValue(w, i === 0 ? attribute.name : '', value));
}

/** Encodes a request or response. */
export function encodeMessage(message: IppMessage): Buffer {
  const w = new Writer();
  w.u8(message.version.major);
  w.u8(message.version.minor);
  w.u16(message.code);
  w.i32(message.requestId);
  for (const group of message.groups) {
    w.u8(group.tag);
    for (const attribute of group.attributes) writeAttribute(w, attribute);
  }
  w.u8(GroupTag.endOfAttributes);
  w.bytes(message.data);
  return w.result();
}

// ---- decoding ----------------------------------------------------------------------------------

class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  get remaining(): number {
    return this.buf.length - this.offset;
  }
  need(n: number, what: string): void {
    if (this.remaining < n) throw new IppDecodeError(`${what} needs ${n} bytes, ${this.remaining} left`, this.offset);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf.readUInt8(this.offset++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  i32(what: string): number {
    this.need(4, what);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  field(what: string): Buffer {
    const length = this.u16(`${what} length`);
    this.need(length, what);
    const b = this.buf.subarray(this.offset, this.offset + length);
    this.offset += length;
    return b;
  }
  peek(): number | undefined {
    return this.remaining > 0 ? this.buf.readUInt8(this.offset) : undefined;
  }
  rest(): Buffer {
    const b = this.buf.subarray(this.offset);
    this.offset = this.buf.length;
    return b;
  }
}

function decodeUtf8(b: Buffer, offset: number, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    throw new IppDecodeError(`${what} is not UTF-8`, offset);
  }
}

function decodeDate(b: Buffer, at: number): Date {
  if (b.length !== 11) throw new IppDecodeError(`dateTime must be 11 bytes, got ${b.length}`, at);
  const direction = String.fromCharCode(b[8] ?? 0);
  if (direction !== '+' && direction !== '-') throw new IppDecodeError('dateTime direction is not + or -', at);
  const utc = Date.UTC(b.readUInt16BE(0), (b[2] ?? 1) - 1, b[3], b[4], b[5], b[6], (b[7] ?? 0) * 100);
  const offsetMs = ((b[9] ?? 0) * 60 + (b[10] ?? 0)) * 60_000;
  return new Date(direction === '+' ? utc - offsetMs : utc + offsetMs);
}

function decodeValue(r: Reader, tag: number, raw: Buffer, at: number): IppValue {
  const fixed = (n: number) => {
    if (raw.length !== n) throw new IppDecodeError(`value of tag 0x${tag.toString(16)} must be ${n} bytes, got ${raw.length}`, at);
  };
  if (OUT_OF_BAND.has(tag)) return { type: 'outOfBand', tag: tag as OutOfBandTag };
  if (STRING_TAGS.has(tag)) return { type: 'string', tag: tag as StringTag, value: decodeUtf8(raw, at, 'string value') };
  switch (tag) {
    case ValueTag.integer:
      fixed(4);
      return { type: 'integer', value: raw.readInt32BE(0) };
    case ValueTag.enum:
      fixed(4);
      return { type: 'enum', value: raw.readInt32BE(0) };
    case ValueTag.boolean:
      fixed(1);
      if (raw[0] !== 0 && raw[0] !== 1) throw new IppDecodeError('boolean is neither 0 nor 1', at);
      return { type: 'boolean', value: raw[0] === 1 };
    case ValueTag.octetString:
      return { type: 'octetString', value: Uint8Array.from(raw) };
    case ValueTag.dateTime:
      return { type: 'dateTime', value: decodeDate(raw, at) };
    case ValueTag.resolution:
      fixed(9);
      return { type: 'resolution', x: raw.readInt32BE(0), y: raw.readInt32BE(4), units: raw.readInt8(8) };
    case ValueTag.rangeOfInteger:
      fixed(8);
      return { type: 'range', lower: raw.readInt32BE(0), upper: raw.readInt32BE(4) };
    case ValueTag.textWithLanguage:
    case ValueTag.nameWithLanguage: {
      if (raw.length < 4) throw new IppDecodeError('withLanguage value too short', at);
      const langLength = raw.readUInt16BE(0);
      if (2 + langLength + 2 > raw.length) throw new IppDecodeError('withLanguage language overruns the value', at);
      const textLength = raw.readUInt16BE(2 + langLength);
      if (4 + langLength + textLength !== raw.length) throw new IppDecodeError('withLanguage lengths do not add up', at);
      return {
        type: 'withLanguage',
        tag,
        language: decodeUtf8(raw.subarray(2, 2 + langLength), at, 'language'),
        value: decodeUtf8(raw.subarray(4 + langLength), at, 'text'),
      };
    }
    case ValueTag.begCollection:
      return { type: 'collection', members: decodeCollection(r) };
    default:
      throw new IppDecodeError(`unsupported value tag 0x${tag.toString(16)}`, at);
  }
}

/** Reads collection members after a begCollection, up to and including its endCollection. */
function decodeCollection(r: Reader, depth = 0): IppAttribute[] {
  if (depth > 16) throw new IppDecodeError('collections nested too deeply', r.offset);
  const members: IppAttribute[] = [];
  for (;;) {
    const at = r.offset;
    const tag = r.u8('member tag');
    const name = r.field('member name');
    if (name.length !== 0) throw new IppDecodeError('collection member has a name (must use memberAttrName)', at);
    const raw = r.field('member value');
    if (tag === ValueTag.endCollection) return members;
    if (tag === ValueTag.memberAttrName) {
      members.push({ name: decodeUtf8(raw, at, 'member name'), values: [] });
      continue;
    }
    const current = members.at(-1);
    if (!current) throw new IppDecodeError('collection value before any memberAttrName', at);
    current.values.push(tag === ValueTag.begCollection ? { type: 'collection', members: decodeCollection(r, depth + 1) } : decodeValue(r, tag, raw, at));
  }
}

/** Decodes a request or response; throws IppDecodeError for anything that is not valid IPP. */
export function decodeMessage(bytes: Uint8Array): IppMessage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(buf);
  const major = r.u8('version');
  const minor = r.u8('version');
  if (major < 1 || major > 2) throw new IppDecodeError(`unknown IPP version ${major}.${minor}`, 0);
  const code = r.u16('operation or status');
  const requestId = r.i32('request-id');
  const groups: IppGroup[] = [];
  let group: IppGroup | undefined;
  let attribute: IppAttribute | undefined;
  for (;;) {
    const at = r.offset;
    const tag = r.u8('tag');
    if (tag === GroupTag.endOfAttributes) break;
    if (tag <= 0x0f) {
      if (!KNOWN_GROUPS.has(tag)) throw new IppDecodeError(`unknown group tag 0x${tag.toString(16)}`, at);
      group = { tag: tag as GroupTag, attributes: [] };
      groups.push(group);
      attribute = undefined;
      continue;
    }
    if (!group) throw new IppDecodeError('attribute before any group tag', at);
    if (tag === 0x7f) throw new IppDecodeError('extended value tags are not supported', at);
    const nameBytes = r.field('attribute name');
    const raw = tag === ValueTag.begCollection ? r.field('collection value') : r.field('attribute value');
    const value = decodeValue(r, tag, raw, at);
    if (nameBytes.length > 0) {
      attribute = { name: decodeUtf8(nameBytes, at, 'attribute name'), values: [value] };
      group.attributes.push(attribute);
    } else {
      if (!attribute) throw new IppDecodeError('additional value without an attribute', at);
      attribute.values.push(value);
    }
  }
  return { version: { major, minor }, code, requestId, groups, data: Uint8Array.from(r.rest()) };
}
