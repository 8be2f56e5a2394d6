/**
 * The ID reader's requests as the driver exchanges them: how long each may take (the typical host
 * timeouts of ../shared/reference/protocols.md §1) and which reply can answer which request, so a
 * stale reply of another command is dropped instead of answering the wrong one.
 */
import { decodeCardData, type CommandName, type DecodedResponse } from './frame';
import { SW3 } from './status-codes';

export interface IdReaderTimeouts {
  find: number;
  select: number;
  read: number;
  sam: number;
}

export const defaultTimeouts: IdReaderTimeouts = { find: 100, select: 100, read: 2000, sam: 300 };

/** The timeout of one request. */
export const commandTimeout = (t: IdReaderTimeouts, c: CommandName): number => {
  switch (c) {
    case 'readSamId':
      return t.sam;
    case 'findCard':
      return t.find;
    case 'selectCard':
      return t.select;
    case 'readTextAndPhoto':
    case 'readExtraAddress':
      return t.read;
    case 'readWithFingerprint':
      return t.read + 1000;
  }
};

/** Whether `reply` can be the answer to `command` (drops stale replies of other commands). */
export function plausibleReply(command: CommandName, reply: DecodedResponse): boolean {
  if (reply.sw3 === SW3.cardFound) return command === 'findCard' && reply.data.length === 4;
  if (reply.sw3 !== SW3.success) return command !== 'findCard' || reply.sw3 !== SW3.success;
  switch (command) {
    case 'findCard':
      return false;
    case 'selectCard':
      return reply.data.length === 8;
    case 'readSamId':
    case 'readExtraAddress':
      return true;
    case 'readTextAndPhoto':
      return decodeCardData(reply.data, false) !== null;
    case 'readWithFingerprint':
      return decodeCardData(reply.data, true) !== null;
  }
}
