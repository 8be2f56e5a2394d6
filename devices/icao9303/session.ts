/**
 * A BAC-protected session with a permit chip: select the eMRTD application, run BAC with the key from
 * the OCR line, then SELECT and READ BINARY files under secure messaging.
 */
import type { CommandOptions } from '../types';
import { SW, swHex } from './apdu';
import { performBac, type BacOptions } from './bac';
import { concat } from './bytes';
import { err, ok, type Result } from '../../contract/result';
import { type ApduChannel, type ChipFailure, exchange, SecureChannel } from './channel';
import { bacKeys } from './keys';
import { EMRTD_AID } from './lds';
import { tlvTotalLength } from './tlv';

/** Largest plaintext a short-length protected READ BINARY can return (ICAO 9303-10 recommends 0xDF). */
export const SHORT_READ_CHUNK = 0xdf;

export interface PermitSession {
  channel: SecureChannel;
  /** Bytes of file content read in this session (for the benchmark's figures). */
  bytesRead: number;
  /** READ BINARY size: 0xDF with short APDUs; larger values use extended length (the chip must support it). */
  readChunk: number;
}

export interface OpenSessionOptions extends CommandOptions, Pick<BacOptions, 'rndIfd' | 'kIfd'> {
  readChunk?: number;
}

/** Selects the eMRTD application and runs BAC; a chip without it is `unreadable`. */
export async function openSession(
  channel: ApduChannel,
  key: { documentNumber: string; birthDate: string; expiry: string },
  options: OpenSessionOptions = {},
): Promise<Result<PermitSession, ChipFailure>> {
  const selectApplication = () => exchange(channel, { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID }, options);
  let select = await selectApplication();
  if (!select.ok) return select;
  // A chip still in an earlier session (the card stayed in the field) ends that session on the first
  // plain command and refuses it (ICAO 9303-11 §9.8.6): the second SELECT starts afresh.
  if (select.value.sw === SW.securityNotSatisfied || select.value.sw === 0x6987 || select.value.sw === 0x6988) {
    select = await selectApplication();
    if (!select.ok) return select;
  }
  if (select.value.sw !== SW.ok)
    return err({ kind: 'unreadable', detail: `no eMRTD application (${swHex(select.value.sw)})` });
  const sm = await performBac(channel, bacKeys(key.documentNumber, key.birthDate, key.expiry), options);
  if (!sm.ok) return sm;
  const readChunk = Math.max(8, Math.min(options.readChunk ?? SHORT_READ_CHUNK, 0x7f00));
  return ok({ channel: new SecureChannel(channel, sm.value), bytesRead: 0, readChunk });
}

export async function selectFile(
  session: PermitSession,
  fileId: number,
  options?: CommandOptions,
): Promise<Result<void, ChipFailure>> {
  const answer = await session.channel.send(
    { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fileId >> 8, fileId & 0xff) },
    options,
  );
  if (!answer.ok) return answer;
  if (answer.value.sw !== SW.ok)
    return err({
      kind: 'readFailed',
      detail: `SELECT ${fileId.toString(16)} answered ${swHex(answer.value.sw)}`,
      sw: swHex(answer.value.sw),
    });
  return ok(undefined);
}

async function readBinary(
  session: PermitSession,
  offset: number,
  length: number,
  options?: CommandOptions,
): Promise<Result<Uint8Array, ChipFailure>> {
  const answer = await session.channel.send(
    { cla: 0, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, ne: length },
    options,
  );
  if (!answer.ok) return answer;
  const { sw, data } = answer.value;
  if (sw !== SW.ok && sw !== SW.endOfFile)
    return err({ kind: 'readFailed', detail: `READ BINARY at ${offset} answered ${swHex(sw)}`, sw: swHex(sw) });
  session.bytesRead += data.length;
  return ok(data);
}

/** Selects and reads a whole TLV-structured file: the first read gives the length, the rest follows in chunks. */
export async function readFile(
  session: PermitSession,
  fileId: number,
  options?: CommandOptions,
): Promise<Result<Uint8Array, ChipFailure>> {
  const selected = await selectFile(session, fileId, options);
  if (!selected.ok) return selected;
  const head = await readBinary(session, 0, session.readChunk, options);
  if (!head.ok) return head;
  const total = tlvTotalLength(head.value);
  if (total === undefined)
    return err({ kind: 'readFailed', detail: `file ${fileId.toString(16)} does not start with a TLV` });
  if (total > 0x7fff) return err({ kind: 'readFailed', detail: `file ${fileId.toString(16)} claims ${total} bytes` });
  const parts = [head.value.subarray(0, total)];
  for (let offset = head.value.length; offset < total;) {
    const chunk = await readBinary(session, offset, Math.min(session.readChunk, total - offset), options);
    if (!chunk.ok) return chunk;
    if (chunk.value.length === 0)
      return err({ kind: 'readFailed', detail: `file ${fileId.toString(16)} ended at ${offset} of ${total}` });
    parts.push(chunk.value);
    offset += chunk.value.length;
  }
  return ok(concat(...parts));
}
