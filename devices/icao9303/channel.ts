/**
 * How the ICAO layer talks to a chip: an APDU channel (the contactless reader's transmit, or an
 * in-memory link to the simulator), and the typed failures every chip operation can end with.
 * Failures are plain, JSON-safe values: the flow shows them and records them; nothing is thrown.
 */
import { err, ok, type Result } from '../../contract/result';
import type { CommandOptions, CommandResult, DeviceError } from '../types';
import { type CommandApdu, encodeCommand, parseResponse, type ResponseApdu, swHex } from './apdu';
import type { SecureMessaging } from './secure-messaging';

/** What the contactless driver offers: one APDU out, one response in, with timeout and cancellation. */
export interface ApduChannel {
  transmit(apdu: Uint8Array, options?: CommandOptions): Promise<CommandResult<Uint8Array, TransmitError>>;
}

/** Command-specific errors of a transmit (XFS words). */
export type TransmitError = 'noMedia' | 'mediaRemoved' | 'transportFailed';

/** Every way reading or writing the permit's chip can fail. */
export type ChipFailure =
  | { kind: 'noChip'; detail: string }
  | { kind: 'cardRemoved'; detail: string }
  | { kind: 'timeOut'; detail: string }
  | { kind: 'canceled'; detail: string }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'bacFailed'; detail: string }
  | { kind: 'readFailed'; detail: string; sw?: string }
  | { kind: 'smFailed'; detail: string };

/** Maps a transmit that did not succeed to a chip failure. */
export function transmitFailure(failure: DeviceError<TransmitError>): ChipFailure {
  const detail = failure.message.slice(0, 200);
  if (failure.error === 'mediaRemoved') return { kind: 'cardRemoved', detail };
  if (failure.error === 'noMedia') return { kind: 'noChip', detail };
  if (failure.code === 'timeOut') return { kind: 'timeOut', detail };
  if (failure.code === 'canceled') return { kind: 'canceled', detail };
  return { kind: 'unreadable', detail };
}

/** Sends a plain command and parses the response. */
export async function exchange(
  channel: ApduChannel,
  command: CommandApdu,
  options?: CommandOptions,
): Promise<Result<ResponseApdu, ChipFailure>> {
  const sent = await channel.transmit(encodeCommand(command), options);
  if (!sent.ok) return err(transmitFailure(sent.error));
  const response = parseResponse(sent.value);
  if (!response) return err({ kind: 'unreadable', detail: `response of ${sent.value.length} bytes` });
  return ok(response);
}

/** A channel under secure messaging: commands are wrapped, responses checked and opened. */
export class SecureChannel {
  constructor(
    readonly channel: ApduChannel,
    readonly sm: SecureMessaging,
  ) {}

  /** Sends a command under SM; a response whose MAC or objects are wrong ends the session (smFailed). */
  async send(command: CommandApdu, options?: CommandOptions): Promise<Result<ResponseApdu, ChipFailure>> {
    const sent = await this.channel.transmit(this.sm.protectCommand(command), options);
    if (!sent.ok) return err(transmitFailure(sent.error));
    const response = parseResponse(sent.value);
    if (!response) return err({ kind: 'unreadable', detail: `response of ${sent.value.length} bytes` });
    const opened = this.sm.unprotectResponse(response);
    if (!opened.ok) {
      // An error status without SM objects is how a chip refuses outright (e.g. 6987/6988, or 6982 after a reset).
      if (opened.error.failure === 'missingObjects' && response.data.length === 0) {
        return err({ kind: 'smFailed', detail: `chip answered ${swHex(response.sw)} without secure messaging` });
      }
      return err({ kind: 'smFailed', detail: `response ${opened.error.failure}` });
    }
    return ok(opened.value);
  }
}
