/**
 * Basic Access Control (ICAO 9303 Part 11 §4.3): GET CHALLENGE, then EXTERNAL AUTHENTICATE with
 * E_IFD = 3DES(KEnc, RND.IFD ‖ RND.IC ‖ K.IFD) and its retail MAC; the chip proves it knows the same
 * keys by answering with E_IC ‖ M_IC. Session keys come from K.IFD ⊕ K.IC, the SSC from the nonces.
 * Both sides are here: `performBac` (the reader) and `answerExternalAuthenticate` (the chip).
 */
import { randomBytes } from 'node:crypto';
import type { CommandOptions } from '../types';
import { SW, swHex } from './apdu';
import { concat, sameBytes } from './bytes';
import { err, ok, type Result } from '../../contract/result';
import { type ApduChannel, type ChipFailure, exchange } from './channel';
import { pad, retailMac, tdesDecrypt, tdesEncrypt } from './des';
import { type BacKeys, deriveKey } from './keys';
import { SecureMessaging, type SessionKeys } from './secure-messaging';

export interface BacSession {
  keys: SessionKeys;
  ssc: Uint8Array;
}

/** Session keys and SSC from both key halves and both nonces (§9.7.1, §9.8.2). */
export function sessionFrom(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): BacSession {
  const seed = kIfd.map((b, i) => b ^ kIc[i]!);
  return {
    keys: { ksEnc: deriveKey(seed, 1), ksMac: deriveKey(seed, 2) },
    ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
}

/** The reader's EXTERNAL AUTHENTICATE data: E_IFD ‖ M_IFD. */
export function externalAuthenticateData(
  keys: BacKeys,
  rndIfd: Uint8Array,
  rndIc: Uint8Array,
  kIfd: Uint8Array,
): Uint8Array {
  const eIfd = tdesEncrypt(keys.kEnc, concat(rndIfd, rndIc, kIfd));
  return concat(eIfd, retailMac(keys.kMac, pad(eIfd)));
}

export interface BacOptions extends CommandOptions {
  /** The reader's nonce and key half; random unless a test supplies the standard's values. */
  rndIfd?: Uint8Array;
  kIfd?: Uint8Array;
}

/** Runs BAC as the reader. A chip that refuses the cryptogram (wrong OCR line) yields `bacFailed`. */
export async function performBac(
  channel: ApduChannel,
  keys: BacKeys,
  options: BacOptions = {},
): Promise<Result<SecureMessaging, ChipFailure>> {
  const challenge = await exchange(channel, { cla: 0x00, ins: 0x84, p1: 0, p2: 0, ne: 8 }, options);
  if (!challenge.ok) return challenge;
  if (challenge.value.sw !== SW.ok || challenge.value.data.length !== 8) {
    return err({ kind: 'unreadable', detail: `GET CHALLENGE answered ${swHex(challenge.value.sw)}` });
  }
  const rndIc = challenge.value.data;
  const rndIfd = options.rndIfd ?? new Uint8Array(randomBytes(8));
  const kIfd = options.kIfd ?? new Uint8Array(randomBytes(16));
  const data = externalAuthenticateData(keys, rndIfd, rndIc, kIfd);
  const answer = await exchange(channel, { cla: 0x00, ins: 0x82, p1: 0, p2: 0, data, ne: 40 }, options);
  if (!answer.ok) return answer;
  const { sw, data: reply } = answer.value;
  if (sw === SW.verificationFailed || sw === SW.securityNotSatisfied || sw === SW.authenticationBlocked) {
    return err({ kind: 'bacFailed', detail: `chip refused the access key (${swHex(sw)})` });
  }
  if (sw !== SW.ok || reply.length !== 40)
    return err({ kind: 'unreadable', detail: `EXTERNAL AUTHENTICATE answered ${swHex(sw)}` });
  const eIc = reply.subarray(0, 32);
  if (!sameBytes(retailMac(keys.kMac, pad(eIc)), reply.subarray(32))) {
    return err({ kind: 'bacFailed', detail: 'the chip’s cryptogram MAC does not match the access key' });
  }
  const r = tdesDecrypt(keys.kEnc, eIc);
  if (!sameBytes(r.subarray(0, 8), rndIc) || !sameBytes(r.subarray(8, 16), rndIfd)) {
    return err({ kind: 'bacFailed', detail: 'the chip’s cryptogram does not echo the nonces' });
  }
  const session = sessionFrom(kIfd, r.subarray(16, 32), rndIc, rndIfd);
  return ok(new SecureMessaging(session.keys, session.ssc));
}

/**
 * The chip's answer to EXTERNAL AUTHENTICATE: verifies M_IFD and RND.IC, then returns E_IC ‖ M_IC and
 * the session. `undefined` means the cryptogram does not verify (the chip answers 6300).
 */
export function answerExternalAuthenticate(
  keys: BacKeys,
  rndIc: Uint8Array,
  kIc: Uint8Array,
  data: Uint8Array,
): { response: Uint8Array; session: BacSession } | undefined {
  if (data.length !== 40) return undefined;
  const eIfd = data.subarray(0, 32);
  if (!sameBytes(retailMac(keys.kMac, pad(eIfd)), data.subarray(32))) return undefined;
  const s = tdesDecrypt(keys.kEnc, eIfd);
  const rndIfd = s.subarray(0, 8);
  if (!sameBytes(s.subarray(8, 16), rndIc)) return undefined;
  const kIfd = s.subarray(16, 32);
  const eIc = tdesEncrypt(keys.kEnc, concat(rndIc, rndIfd, kIc));
  return { response: concat(eIc, retailMac(keys.kMac, pad(eIc))), session: sessionFrom(kIfd, kIc, rndIc, rndIfd) };
}
