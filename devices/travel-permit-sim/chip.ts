/**
 * PermitChip: the card side of a travel-permit chip, ISO/IEC 7816-4 over ISO 14443-4 as ICAO 9303
 * describes it: SELECT of the eMRTD application, GET CHALLENGE and EXTERNAL AUTHENTICATE (BAC),
 * then SELECT / READ BINARY under secure messaging, and UPDATE BINARY of the endorsement file
 * (this project's model, see devices/icao9303/endorsement.ts). Any secure-messaging error ends the
 * session, as on a real chip. RAM state (session, staged write) is lost on power-off (`reset`).
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { type CommandApdu, encodeResponse, parseCommand, SW } from '../icao9303/apdu';
import { answerExternalAuthenticate } from '../icao9303/bac';
import { sameBytes } from '../icao9303/bytes';
import {
  encodeEndorsementFile,
  ENDORSEMENT_FILE_CAPACITY,
  parseEndorsementFile,
  verifyAuthorisation,
} from '../icao9303/endorsement';
import { bacKeys } from '../icao9303/keys';
import { EMRTD_AID, FILE_ID } from '../icao9303/lds';
import { SecureMessaging } from '../icao9303/secure-messaging';
import { tlvTotalLength } from '../icao9303/tlv';
import type { PermitCard } from './fixtures';

/** Largest READ BINARY answer the chip gives (extended length supported). */
const MAX_READ = 0x7f00;

/** Hooks the simulated reader uses to take the card away at the worst moment of a write. */
export interface ChipWriteHooks {
  /** Called when a complete, authorised image is about to be committed; 'removed' stops before the commit. */
  beforeCommit?(): 'removed' | void;
  /** Called right after the commit; 'removed' loses the answer (the card left the field). */
  afterCommit?(): 'removed' | void;
}

/** `undefined` from process(): the card left the field while handling the command; no answer. */
export type ChipAnswer = Uint8Array | undefined;

export class PermitChip {
  /** Answer to reset: ISO 14443-4 card through a PC/SC reader (T=1, no historical bytes of note). */
  static readonly ATR = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09);

  private applicationSelected = false;
  private challenge: Uint8Array | undefined;
  private sm: SecureMessaging | undefined;
  private selected: number | undefined;
  private staged: Uint8Array | undefined;
  private readonly kIc = new Uint8Array(randomBytes(16));
  private readonly keys;
  /** Commands answered since placement (diagnostics for tests). */
  commands = 0;

  constructor(
    readonly card: PermitCard,
    private readonly issuerKey: KeyObject,
    readonly hooks: ChipWriteHooks = {},
  ) {
    this.keys = bacKeys(card.holder.documentNumber, card.holder.birthDate, card.holder.expiry);
    if (!card.files.has(FILE_ID.endorsements)) card.files.set(FILE_ID.endorsements, encodeEndorsementFile([]));
  }

  /** Power-off / reset: everything in RAM is gone; files (EEPROM) stay. */
  reset(): void {
    this.applicationSelected = false;
    this.challenge = undefined;
    this.sm = undefined;
    this.selected = undefined;
    this.staged = undefined;
  }

  /** Handles one command APDU and returns the response APDU. */
  process(bytes: Uint8Array): ChipAnswer {
    this.commands++;
    const command = parseCommand(bytes);
    if (!command) return this.plain(SW.wrongLength);
    if (this.card.chip === 'mute') return this.plain(command.ins === 0xa4 ? SW.fileNotFound : SW.insNotSupported);
    if (command.extended && this.card.shortLengthOnly) {
      // A chip without extended length cannot parse the command; as any error in a session, it ends it.
      this.sm = undefined;
      this.staged = undefined;
      return this.plain(SW.wrongLength);
    }
    if ((command.cla & 0x0c) === 0x0c) return this.secure(command);
    if (this.sm) {
      // A plain command inside a session ends it (ICAO 9303-11 §9.8.6).
      this.sm = undefined;
      return this.plain(SW.securityNotSatisfied);
    }
    switch (command.ins) {
      case 0xa4:
        if (command.p1 === 0x04 && command.data && sameBytes(command.data, EMRTD_AID)) {
          this.applicationSelected = true;
          return this.plain(SW.ok);
        }
        return this.plain(command.p1 === 0x04 ? SW.fileNotFound : SW.securityNotSatisfied);
      case 0x84:
        if (!this.applicationSelected) return this.plain(SW.conditionsNotSatisfied);
        if (command.ne !== 8) return this.plain(SW.wrongLength);
        this.challenge = new Uint8Array(randomBytes(8));
        return encodeResponse(this.challenge, SW.ok);
      case 0x82: {
        const challenge = this.challenge;
        this.challenge = undefined; // one attempt per challenge
        if (!challenge || !command.data) return this.plain(SW.conditionsNotSatisfied);
        const answer = answerExternalAuthenticate(this.keys, challenge, this.kIc, command.data);
        if (!answer) return this.plain(SW.verificationFailed);
        this.sm = new SecureMessaging(answer.session.keys, answer.session.ssc);
        return encodeResponse(answer.response, SW.ok);
      }
      case 0xb0:
      case 0xd6:
        return this.plain(SW.securityNotSatisfied);
      default:
        return this.plain(SW.insNotSupported);
    }
  }

  private plain(sw: number): Uint8Array {
    return encodeResponse(new Uint8Array(0), sw);
  }

  private secure(wrapped: CommandApdu): ChipAnswer {
    const sm = this.sm;
    if (!sm) return this.plain(SW.securityNotSatisfied);
    const opened = sm.unprotectCommand(wrapped);
    if (!opened.ok) {
      this.sm = undefined;
      this.staged = undefined;
      return this.plain(opened.error.sw);
    }
    const outcome = this.handle(opened.value);
    if (outcome === undefined) return undefined;
    return sm.protectResponse(outcome.data, outcome.sw);
  }

  private handle(command: CommandApdu): { data: Uint8Array; sw: number } | undefined {
    const status = (sw: number) => ({ data: new Uint8Array(0), sw });
    switch (command.ins) {
      case 0xa4: {
        if (command.p1 !== 0x02 || command.data?.length !== 2) return status(SW.wrongP1P2);
        const id = command.data[0]! * 256 + command.data[1]!;
        if (!this.card.files.has(id)) return status(SW.fileNotFound);
        this.selected = id;
        return status(SW.ok);
      }
      case 0xb0: {
        const file = this.selected === undefined ? undefined : this.card.files.get(this.selected);
        if (!file) return status(SW.conditionsNotSatisfied);
        if (command.p1 & 0x80) return status(SW.wrongP1P2); // short-EF-identifier reads are not offered
        const offset = command.p1 * 256 + command.p2;
        if (offset > file.length) return status(SW.wrongP1P2);
        const wanted = Math.min(command.ne ?? 256, MAX_READ);
        const data = file.slice(offset, offset + wanted);
        return { data, sw: data.length < wanted && command.ne !== undefined ? SW.endOfFile : SW.ok };
      }
      case 0xd6:
        return this.update(command);
      default:
        return status(SW.insNotSupported);
    }
  }

  /** The endorsement write model: stage chunks, commit atomically once the image is complete and authorised. */
  private update(command: CommandApdu): { data: Uint8Array; sw: number } | undefined {
    const status = (sw: number) => ({ data: new Uint8Array(0), sw });
    if (this.selected !== FILE_ID.endorsements) return status(SW.securityNotSatisfied);
    const data = command.data ?? new Uint8Array(0);
    const offset = (command.p1 & 0x7f) * 256 + command.p2;
    if (offset === 0) this.staged = new Uint8Array(0);
    if (!this.staged || offset !== this.staged.length) {
      this.staged = undefined;
      return status(SW.wrongP1P2);
    }
    const staged = new Uint8Array(this.staged.length + data.length);
    staged.set(this.staged);
    staged.set(data, this.staged.length);
    const total = tlvTotalLength(staged);
    if (total !== undefined && total > ENDORSEMENT_FILE_CAPACITY) {
      this.staged = undefined;
      return status(0x6a84);
    }
    if (total === undefined || staged.length < total) {
      this.staged = staged;
      return status(SW.ok);
    }
    this.staged = undefined;
    if (staged.length !== total) return status(SW.wrongData);
    const next = parseEndorsementFile(staged);
    const current = parseEndorsementFile(this.card.files.get(FILE_ID.endorsements)!) ?? [];
    if (!next || next.length < current.length) return status(SW.wrongData);
    const unchanged = current.every((old, i) =>
      sameBytes(encodeEndorsementFile([old]), encodeEndorsementFile([next[i]!])),
    );
    const serials = new Set(next.map((e) => e.record.serial));
    if (!unchanged || serials.size !== next.length) return status(SW.wrongData);
    const documentNumber = this.card.holder.documentNumber;
    if (!next.slice(current.length).every((entry) => verifyAuthorisation(this.issuerKey, documentNumber, entry)))
      return status(SW.securityNotSatisfied);
    if (this.hooks.beforeCommit?.() === 'removed') return undefined;
    this.card.files.set(FILE_ID.endorsements, staged);
    if (this.hooks.afterCommit?.() === 'removed') return undefined;
    return status(SW.ok);
  }
}
