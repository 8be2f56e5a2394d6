/**
 * Checks a command received on the kiosk's command topic before anything is done: well-formed,
 * signed by a configured staff key, for this kiosk, within its validity window, no longer-lived
 * than allowed, an action that staff member may issue, and never seen before (the nonce is kept in
 * the journal's database until the command would have expired, so a replay is refused after a
 * restart too). The first failed check is the refusal.
 */
import type Database from 'better-sqlite3';
import { CommandBody, SignedCommand, type CommandRefusal } from '../../contract/fleet/commands';
import { verifyCommandSignature } from '../../contract/fleet/signing';
import type { FleetConfig } from '../config/fleet-schema';

export type CheckResult =
  | { ok: true; command: SignedCommand }
  | { ok: false; reason: CommandRefusal; message: string; command?: Partial<Pick<SignedCommand, 'id' | 'staffId' | 'action'>> };

export interface CommandChecker {
  check(payload: Buffer | string, now: Date): CheckResult;
  /** Forgets nonces whose commands can no longer be accepted anyway. */
  purge(now: Date): void;
}

export function createCommandChecker(options: { kioskId: string; commands: FleetConfig['commands']; db: Database.Database }): CommandChecker {
  const { kioskId, commands, db } = options;
  const signers = new Map(commands.signers.map((signer) => [signer.staffId, signer]));
  const remember = db.prepare<[string, string]>(`INSERT INTO fleet_nonces (id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING`);
  const forget = db.prepare<[string]>(`DELETE FROM fleet_nonces WHERE expires_at < ?`);
  const skewMs = commands.clockSkewSeconds * 1000;

  return {
    check(payload, now) {
      let json: unknown;
      try {
        json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed', message: 'not JSON' };
      }
      const signed = SignedCommand.safeParse(json);
      if (!signed.success) {
        // Well-formed but for the signature: say "unsigned" rather than "malformed".
        const body = CommandBody.safeParse(json);
        if (body.success) return { ok: false, reason: 'unsigned', message: 'the command carries no signature', command: pick(body.data) };
        return { ok: false, reason: 'malformed', message: signed.error.issues[0]?.message.slice(0, 200) ?? 'not a command' };
      }
      const command = signed.data;
      const about = pick(command);
      const refuse = (reason: CommandRefusal, message: string): CheckResult => ({ ok: false, reason, message, command: about });
      if (!commands.enabled) return refuse('commandsDisabled', 'this kiosk takes no fleet commands');
      const signer = signers.get(command.staffId);
      if (!signer) return refuse('unknownSigner', `no key configured for staff ${command.staffId}`);
      if (!verifyCommandSignature(command, signer.publicKey)) return refuse('badSignature', 'the signature does not verify');
      if (command.kioskId !== kioskId) return refuse('otherKiosk', `the command is for ${command.kioskId}`);
      const issued = Date.parse(command.issuedAt);
      const expires = Date.parse(command.expiresAt);
      if (expires <= issued) return refuse('malformed', 'expiresAt is not after issuedAt');
      if (expires - issued > commands.maxLifetimeSeconds * 1000) return refuse('lifetimeTooLong', `a command may live at most ${commands.maxLifetimeSeconds} s`);
      if (issued - skewMs > now.getTime()) return refuse('notYetValid', 'issued in the future (check the console’s clock)');
      if (expires + skewMs < now.getTime()) return refuse('expired', `expired at ${command.expiresAt}`);
      if (signer.actions && !signer.actions.includes(command.action.type)) return refuse('notAllowed', `${command.staffId} may not ${command.action.type}`);
      // Kept until the command could no longer pass the expiry check above.
      if (remember.run(command.id, new Date(expires + skewMs).toISOString()).changes === 0) return refuse('replayed', 'this command was received before');
      return { ok: true, command };
    },
    purge: (now) => void forget.run(now.toISOString()),
  };
}

const pick = (body: CommandBody) => ({ id: body.id, staffId: body.staffId, action: body.action });
