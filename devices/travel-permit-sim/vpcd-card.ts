/**
 * VpcdCard: puts the simulated permit into a real PC/SC stack through vsmartcard's virtual reader
 * driver (vpcd, Debian package vsmartcard-vpcd). pcscd loads vpcd, which listens on a TCP port; a
 * virtual card connects to it while it is "in the field" and disconnects when it is removed.
 *
 * vpcd protocol (vsmartcard src/vpcd/vpcd.c): every message in both directions is a 2-byte big-endian
 * length and the payload. A 1-byte message from vpcd is a control code — 0 power off, 1 power on,
 * 2 reset, 4 "send the ATR" (answered with the ATR) — anything longer is a command APDU, answered
 * with the response APDU. The card answers nothing to power off/on/reset.
 */
import { type Socket, connect } from 'node:net';
import { PermitChip } from './chip';
import type { PermitField } from './field';

const CTRL = { off: 0, on: 1, reset: 2, atr: 4 } as const;

export interface VpcdCardOptions {
  host?: string;
  port: number;
}

export class VpcdCard {
  private socket: Socket | undefined;
  private offField: (() => void)[] = [];
  /** Messages received and sent, for the figures. */
  readonly counters = { apdus: 0, bytesIn: 0, bytesOut: 0 };

  constructor(
    private readonly field: PermitField,
    private readonly options: VpcdCardOptions,
  ) {}

  /** Follows the field: a placed card connects to vpcd, a removed one disconnects. */
  attach(): void {
    this.offField = [
      this.field.on('placed', (chip) => this.connect(chip)),
      this.field.on('removed', () => this.disconnect()),
    ];
    if (this.field.chip) this.connect(this.field.chip);
  }

  detach(): void {
    for (const off of this.offField.splice(0)) off();
    this.disconnect();
  }

  private connect(chip: PermitChip): void {
    this.disconnect();
    // vpcd sends the length and the payload in two writes; noDelay keeps our answers from waiting on Nagle.
    const socket = connect({ host: this.options.host ?? '127.0.0.1', port: this.options.port, noDelay: true });
    this.socket = socket;
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2) {
        const length = buffer.readUInt16BE(0);
        if (buffer.length < 2 + length) break;
        const message = buffer.subarray(2, 2 + length);
        buffer = buffer.subarray(2 + length);
        this.handle(socket, chip, message);
      }
    });
    socket.on('error', () => undefined); // vpcd gone or refused: the card is simply not in a reader
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
    });
  }

  private handle(socket: Socket, chip: PermitChip, message: Buffer): void {
    if (message.length === 1) {
      const code = message[0];
      if (code === CTRL.atr) return this.send(socket, PermitChip.ATR);
      if (code === CTRL.off || code === CTRL.on || code === CTRL.reset) chip.reset();
      return;
    }
    if (message.length === 0) return;
    this.counters.apdus++;
    this.counters.bytesIn += message.length;
    const answer = chip.process(new Uint8Array(message));
    if (answer === undefined) {
      socket.destroy(); // the card left the field mid-command: vpcd sees the connection drop
      return;
    }
    this.counters.bytesOut += answer.length;
    this.send(socket, answer);
  }

  private send(socket: Socket, payload: Uint8Array): void {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    socket.write(Buffer.concat([header, payload]));
  }

  private disconnect(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
