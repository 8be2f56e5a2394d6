/**
 * SW3 status codes of the ID-card reader, mapped to XFS completion codes, a device-specific error
 * and a message staff can act on.
 */
import type { CompletionCode } from '../types';

/** Device-specific errors that ride alongside the XFS completion code. */
export type IdReaderError =
  | 'noMedia'
  | 'invalidMedia'
  | 'mediaJam'
  | 'readFailed'
  | 'samError'
  | 'communicationError'
  | 'invalidCommand'
  | 'noContent'
  | 'offline'
  | 'timeOut'
  | 'unknownStatus';

export interface StatusInfo {
  /** What the reader's documentation says the code means. */
  meaning: string;
  completion: CompletionCode;
  /** Absent for the success codes. */
  error?: IdReaderError;
  /** For staff screens and logs (no personal data). */
  message: string;
  /** A fault of the reader itself (the SAM), as opposed to the card or the exchange. */
  deviceFault: boolean;
}

export const SW3 = {
  success: 0x90,
  cardFound: 0x9f,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  unauthorised: 0x23,
  unrecognisedError: 0x24,
  cardFailedSamAuth: 0x31,
  samFailedCardAuth: 0x32,
  infoCheckError: 0x33,
  unknownCardType: 0x40,
  readFailed: 0x41,
  randomNumberFailure: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  findCardFailed: 0x80,
  selectCardFailed: 0x81,
  noContent: 0x91,
} as const;

const table: Record<number, StatusInfo> = {
  0x90: { meaning: 'success', completion: 'success', message: 'OK', deviceFault: false },
  0x9f: { meaning: 'card found', completion: 'success', message: 'Card found', deviceFault: false },
  0x10: {
    meaning: 'receive checksum error',
    completion: 'hardwareError',
    error: 'communicationError',
    message: 'Reader received a corrupted command; check the cable',
    deviceFault: false,
  },
  0x11: {
    meaning: 'receive length error',
    completion: 'hardwareError',
    error: 'communicationError',
    message: 'Reader received a truncated command; check the cable',
    deviceFault: false,
  },
  0x21: {
    meaning: 'command error',
    completion: 'invalidCommand',
    error: 'invalidCommand',
    message: 'Reader rejected the command',
    deviceFault: false,
  },
  0x23: {
    meaning: 'unauthorised operation',
    completion: 'hardwareError',
    error: 'samError',
    message: 'Reader refused the operation (SAM not authorised for it)',
    deviceFault: true,
  },
  0x24: {
    meaning: 'unrecognised error',
    completion: 'hardwareError',
    error: 'unknownStatus',
    message: 'Reader reported an unrecognised error; power-cycle the reader',
    deviceFault: true,
  },
  0x31: {
    meaning: 'card failed to authenticate SAM',
    completion: 'userError',
    error: 'invalidMedia',
    message: 'Card did not authenticate the reader; card may be damaged or not genuine',
    deviceFault: false,
  },
  0x32: {
    meaning: 'SAM failed to authenticate card',
    completion: 'userError',
    error: 'invalidMedia',
    message: 'Reader could not authenticate the card; card may be damaged or not genuine',
    deviceFault: false,
  },
  0x33: {
    meaning: 'information check error',
    completion: 'userError',
    error: 'readFailed',
    message: 'Card data failed its integrity check; ask the person to re-place the card',
    deviceFault: false,
  },
  0x40: {
    meaning: 'unknown card type',
    completion: 'userError',
    error: 'invalidMedia',
    message: 'Not a resident ID card',
    deviceFault: false,
  },
  0x41: {
    meaning: 'read failed',
    completion: 'userError',
    error: 'readFailed',
    message: 'Card read failed; ask the person to hold the card still on the reader',
    deviceFault: false,
  },
  0x47: {
    meaning: 'random-number failure',
    completion: 'hardwareError',
    error: 'samError',
    message: 'SAM random-number failure; power-cycle the reader',
    deviceFault: true,
  },
  0x60: {
    meaning: 'SAM self-test failed',
    completion: 'hardwareError',
    error: 'samError',
    message: 'SAM self-test failed; the reader needs service',
    deviceFault: true,
  },
  0x66: {
    meaning: 'SAM not authorised',
    completion: 'hardwareError',
    error: 'samError',
    message: 'SAM module is not authorised; contact the reader vendor',
    deviceFault: true,
  },
  0x80: {
    meaning: 'find card failed',
    completion: 'userError',
    error: 'noMedia',
    message: 'No card on the reader',
    deviceFault: false,
  },
  0x81: {
    meaning: 'select card failed',
    completion: 'userError',
    error: 'noMedia',
    message: 'Card could not be selected; it may have been moved',
    deviceFault: false,
  },
  0x91: {
    meaning: 'no content on card',
    completion: 'invalidData',
    error: 'noContent',
    message: 'The card holds no data for this request',
    deviceFault: false,
  },
};

/** Every SW3 code this module knows (for tests and staff tooling). */
export const knownStatusCodes: readonly number[] = Object.keys(table).map(Number);

/** Maps an SW3 byte to its meaning; unknown codes are a hardware error with 'unknownStatus'. */
export function describeStatus(sw3: number): StatusInfo {
  return (
    table[sw3] ?? {
      meaning: `unknown status 0x${sw3.toString(16).padStart(2, '0')}`,
      completion: 'hardwareError',
      error: 'unknownStatus',
      message: `Reader returned unknown status 0x${sw3.toString(16).padStart(2, '0')}`,
      deviceFault: true,
    }
  );
}
