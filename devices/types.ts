/**
 * The device abstraction every driver implements. Expected failures are values, not exceptions:
 * a command resolves to a CommandResult (contract/result.ts `Result`) whose failure carries
 * exactly one XFS completion code.
 */
import { err, ok, type Result } from '../contract/result';
import type {
  CompletionCode,
  DeviceIdentity,
  DeviceKind,
  DeviceStatus,
  StatusOf,
} from '../contract/device';

export type { CompletionCode, DeviceIdentity, DeviceKind, DeviceStatus, StatusOf };

/** Every command takes a timeout and can be cancelled through an AbortSignal. */
export interface CommandOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Why a command did not succeed: exactly one XFS completion code, the device-specific cause (XFS
 * "command-specific error", e.g. 'paperOut' for a printer or 'noMedia' for a card reader) when
 * there is one, and a message for logs and staff.
 */
export interface DeviceError<E extends string = string> {
  readonly code: Exclude<CompletionCode, 'success'>;
  readonly error?: E;
  readonly message: string;
}

/** Completion of one command: its value, or a DeviceError (the kiosk's one Result shape). */
export type CommandResult<T, E extends string = string> = Result<T, DeviceError<E>>;

export { ok };

/** A command that did not succeed, with its completion code, message and optional cause. */
export const fail = <E extends string>(
  code: Exclude<CompletionCode, 'success'>,
  message: string,
  error?: E,
): CommandResult<never, E> => err(error === undefined ? { code, message } : { code, error, message });

/** Events are either the result of a running command or unsolicited (card removed, paper low…). */
export interface DeviceEvent<Name extends string = string, Data = unknown> {
  readonly name: Name;
  readonly solicited: boolean;
  readonly data: Data;
  readonly at: Date;
}

export interface DeviceListeners<K extends DeviceKind, E extends DeviceEvent> {
  status: (status: StatusOf<K>) => void;
  event: (event: E) => void;
}

/**
 * A device as the rest of the kiosk sees it. Drivers connect lazily, treat any transport failure
 * as "offline", keep trying to reconnect, and emit `status` only when the status changes.
 */
export interface Device<K extends DeviceKind, E extends DeviceEvent = DeviceEvent> {
  readonly identity: DeviceIdentity & { kind: K };
  status(): StatusOf<K>;
  /** Starts the driver (opening the port, polling). Never throws for a missing device. */
  start(): Promise<void>;
  /** Stops polling and closes the port. Pending commands complete with `canceled`. */
  stop(): Promise<void>;
  on<L extends keyof DeviceListeners<K, E>>(name: L, listener: DeviceListeners<K, E>[L]): () => void;
}
