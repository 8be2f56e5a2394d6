/** Test fixtures: a fleet command body for kiosk K-1 from officer 010123, current at `COMMAND_NOW`. */
import type { CommandBody } from '../../contract/fleet/commands';

/** Thirty seconds after the command was issued; it expires at 08:02. */
export const COMMAND_NOW = new Date('2026-05-01T08:00:30.000Z');

export const commandBody = (over: Partial<CommandBody> = {}): CommandBody => ({
  v: 1,
  id: crypto.getRandomValues(new Uint8Array(16)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), ''),
  kioskId: 'K-1',
  staffId: '010123',
  issuedAt: '2026-05-01T08:00:00.000Z',
  expiresAt: '2026-05-01T08:02:00.000Z',
  action: { type: 'pauseService', service: 'tempIdCard' },
  ...over,
});
