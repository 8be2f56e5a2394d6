/**
 * Secure messaging with 3DES session keys (ICAO 9303 Part 11 §9.8): DO'87' carries the padded,
 * encrypted command or response data, DO'97' the expected length, DO'99' the status word and DO'8E'
 * the retail MAC over the send-sequence counter and the protected header and objects.
 *
 * The counter advances before every command and again before every response, on both sides, so
 * one exchange uses two values. Both roles live here: the reader (protectCommand, unprotectResponse)
 * and the chip (unprotectCommand, protectResponse) — the simulator is the second.
 */
import { err, ok, type Result } from '../../contract/result';
import { type CommandApdu, encodeCommand, type ResponseApdu, SW } from './apdu';
import { concat, sameBytes } from './bytes';
import { pad, retailMac, tdesDecrypt, tdesEncrypt, unpad } from './des';
import { findTlv, isTlvError, readTlvList, type Tlv, tlv } from './tlv';

export interface SessionKeys {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
}

export type SmFailure = 'missingObjects' | 'badMac' | 'badPadding' | 'malformed';

/** A protected message that did not check out, and the status word that goes with it. */
export interface SmRejection {
  failure: SmFailure;
  sw: number;
}

export class SecureMessaging {
  private readonly ssc: Uint8Array;

  constructor(
    private readonly keys: SessionKeys,
    initialSsc: Uint8Array,
  ) {
    if (initialSsc.length !== 8) throw new RangeError('SSC must be 8 bytes');
    this.ssc = new Uint8Array(initialSsc);
  }

  /** The current send-sequence counter (a copy). */
  get counter(): Uint8Array {
    return new Uint8Array(this.ssc);
  }

  /** Reader side: wraps a plain command. Le is always sent as 00 (or 0000) as the standard's example does. */
  protectCommand(command: CommandApdu): Uint8Array {
    this.increment();
    const cla = command.cla | 0x0c;
    const header = Uint8Array.of(cla, command.ins, command.p1, command.p2);
    const do87 =
      command.data && command.data.length > 0
        ? tlv(0x87, concat(Uint8Array.of(0x01), tdesEncrypt(this.keys.ksEnc, pad(command.data))))
        : new Uint8Array(0);
    // Extended length when the expected answer or the protected body (DO'87', DO'97', DO'8E') exceeds short form.
    const extended = (command.ne ?? 0) > 256 || do87.length + 4 + 10 > 255;
    const do97 = command.ne === undefined ? new Uint8Array(0) : tlv(0x97, encodeNe(command.ne, extended));
    const mac = retailMac(this.keys.ksMac, pad(concat(this.ssc, pad(header), do87, do97)));
    const body = concat(do87, do97, tlv(0x8e, mac));
    return encodeCommand({
      cla,
      ins: command.ins,
      p1: command.p1,
      p2: command.p2,
      data: body,
      ne: extended ? 65536 : 256,
      extended,
    });
  }

  /** Reader side: checks and opens a protected response. */
  unprotectResponse(response: ResponseApdu): Result<ResponseApdu, SmRejection> {
    this.increment();
    const objects = readTlvList(response.data);
    if (isTlvError(objects))
      return err({ failure: response.data.length === 0 ? 'missingObjects' : 'malformed', sw: response.sw });
    const do87 = findTlv(objects, 0x87);
    const do99 = findTlv(objects, 0x99);
    const do8e = findTlv(objects, 0x8e);
    if (!do99 || !do8e || do99.value.length !== 2) return err({ failure: 'missingObjects', sw: response.sw });
    const raw87 = do87 ? rawOf(response.data, do87) : new Uint8Array(0);
    const raw99 = rawOf(response.data, do99);
    const expected = retailMac(this.keys.ksMac, pad(concat(this.ssc, raw87, raw99)));
    if (!sameBytes(expected, do8e.value)) return err({ failure: 'badMac', sw: response.sw });
    const sw = do99.value[0]! * 256 + do99.value[1]!;
    if (!do87) return ok({ data: new Uint8Array(0), sw });
    const opened = this.open(do87.value);
    if (!opened) return err({ failure: 'badPadding', sw });
    return ok({ data: opened, sw });
  }

  /** Chip side: checks and opens a protected command; the failure maps to 6987 / 6988. */
  unprotectCommand(command: CommandApdu): Result<CommandApdu, SmRejection> {
    this.increment();
    const objects = readTlvList(command.data ?? new Uint8Array(0));
    if (isTlvError(objects)) return err({ failure: 'malformed', sw: SW.smObjectsIncorrect });
    const do87 = findTlv(objects, 0x87);
    const do97 = findTlv(objects, 0x97);
    const do8e = findTlv(objects, 0x8e);
    if (!do8e) return err({ failure: 'missingObjects', sw: SW.smObjectsMissing });
    const header = Uint8Array.of(command.cla, command.ins, command.p1, command.p2);
    const body = command.data ?? new Uint8Array(0);
    const raw87 = do87 ? rawOf(body, do87) : new Uint8Array(0);
    const raw97 = do97 ? rawOf(body, do97) : new Uint8Array(0);
    const expected = retailMac(this.keys.ksMac, pad(concat(this.ssc, pad(header), raw87, raw97)));
    if (!sameBytes(expected, do8e.value)) return err({ failure: 'badMac', sw: SW.smObjectsIncorrect });
    let data: Uint8Array | undefined;
    if (do87) {
      data = this.open(do87.value);
      if (!data) return err({ failure: 'badPadding', sw: SW.smObjectsIncorrect });
    }
    const plain: CommandApdu = { cla: command.cla & ~0x0c, ins: command.ins, p1: command.p1, p2: command.p2 };
    if (data) plain.data = data;
    if (do97) plain.ne = decodeNe(do97.value);
    return ok(plain);
  }

  /** Chip side: protects a response (data, status word) into DO'87' ‖ DO'99' ‖ DO'8E'. */
  protectResponse(data: Uint8Array, sw: number): Uint8Array {
    this.increment();
    const do87 =
      data.length > 0
        ? tlv(0x87, concat(Uint8Array.of(0x01), tdesEncrypt(this.keys.ksEnc, pad(data))))
        : new Uint8Array(0);
    const do99 = tlv(0x99, Uint8Array.of(sw >> 8, sw & 0xff));
    const mac = retailMac(this.keys.ksMac, pad(concat(this.ssc, do87, do99)));
    return concat(do87, do99, tlv(0x8e, mac), Uint8Array.of(sw >> 8, sw & 0xff));
  }

  private open(value: Uint8Array): Uint8Array | undefined {
    if (value.length < 9 || value[0] !== 0x01 || (value.length - 1) % 8 !== 0) return undefined;
    return unpad(tdesDecrypt(this.keys.ksEnc, value.subarray(1)));
  }

  private increment(): void {
    for (let i = this.ssc.length - 1; i >= 0; i--) {
      this.ssc[i] = (this.ssc[i]! + 1) & 0xff;
      if (this.ssc[i] !== 0) break;
    }
  }
}

/** The TLV's own bytes (tag, length as sent, value): the MAC covers them as sent. */
const rawOf = (bytes: Uint8Array, t: Tlv): Uint8Array => bytes.subarray(t.end - t.value.length - t.headerLength, t.end);

function encodeNe(ne: number, extended: boolean): Uint8Array {
  if (!extended) return Uint8Array.of(ne === 256 ? 0 : ne);
  return ne === 65536 ? Uint8Array.of(0, 0) : Uint8Array.of(ne >> 8, ne & 0xff);
}

function decodeNe(value: Uint8Array): number {
  if (value.length === 1) return value[0] === 0 ? 256 : value[0]!;
  const n = (value[0] ?? 0) * 256 + (value[1] ?? 0);
  return n === 0 ? 65536 : n;
}
