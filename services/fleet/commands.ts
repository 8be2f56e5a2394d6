/**
 * Carries out a checked fleet command (command-check.ts) and reports every outcome: published on
 * `…/cmd/result` and journaled in `fleet_commands`, refusals included. Printing a test page or
 * reopening a device takes a while: an `accepted` result goes out first, the final one follows.
 * Commands run one at a time in the order they arrived (a pause and a resume sent together end
 * resumed; a replayed copy's refusal follows the original's result), however long one of them takes.
 */
import type Database from 'better-sqlite3';
import type { ServiceAvailability } from '../../contract/api';
import type { CommandFailure, CommandResultMessage, FleetAction, SignedCommand } from '../../contract/fleet/commands';
import type { DeviceManager } from '../../devices/manager';
import type { Logger } from '../log/logger';
import { TEST_PRINTS, type TestPrintInfo } from '../staff/test-prints';
import type { CheckResult, CommandChecker } from './command-check';
import type { ServicePauseStore } from './service-pauses';

export interface CommandDeps {
  kioskId: string;
  db: Database.Database;
  checker: CommandChecker;
  pauses: ServicePauseStore;
  services(): ServiceAvailability[];
  devices: Pick<DeviceManager, 'list' | 'reopen'>;
  testPrintInfo(deviceId: string): TestPrintInfo;
  /** Publishes a fresh state now. */
  snapshot(): void;
  publish(result: CommandResultMessage): void;
  log: Logger;
  now(): Date;
}

type Final = { outcome: 'done'; message?: string } | { outcome: 'failed'; reason: CommandFailure; message: string };

const targetOf = (action: FleetAction | undefined): string | null =>
  !action ? null : 'service' in action ? action.service : 'deviceId' in action ? action.deviceId : null;

export function createCommandRunner(deps: CommandDeps): { handle(payload: Buffer | string): Promise<void> } {
  const journal = deps.db.prepare<
    [string, string | null, string | null, string | null, string | null, string, string | null, string | null]
  >(
    `INSERT INTO fleet_commands (received_at, command_id, staff_id, action, target, outcome, reason, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const report = (
    about: Partial<Pick<SignedCommand, 'id' | 'staffId' | 'action'>> | undefined,
    result: Pick<CommandResultMessage, 'outcome' | 'reason' | 'message'>,
  ) => {
    const at = deps.now().toISOString();
    const message: CommandResultMessage = {
      v: 1,
      kioskId: deps.kioskId,
      at,
      ...(about?.id ? { id: about.id } : {}),
      ...(about?.staffId ? { staffId: about.staffId } : {}),
      ...(about?.action ? { action: about.action.type } : {}),
      outcome: result.outcome,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.message ? { message: result.message.slice(0, 200) } : {}),
    };
    try {
      journal.run(
        at,
        about?.id ?? null,
        about?.staffId ?? null,
        about?.action?.type ?? null,
        targetOf(about?.action),
        result.outcome,
        result.reason ?? null,
        result.message ?? null,
      );
    } catch (error) {
      deps.log.error('fleet-command-journal-failed', { error: (error as Error).message });
    }
    deps.log.info('fleet-command', {
      id: about?.id,
      staffId: about?.staffId,
      action: about?.action?.type,
      outcome: result.outcome,
      reason: result.reason,
    });
    deps.publish(message);
  };

  const serviceProblem = (service: string): Final | undefined => {
    const entry = deps.services().find((s) => s.id === service);
    if (!entry || entry.state === 'notImplemented')
      return { outcome: 'failed', reason: 'noSuchService', message: `${service} is not in this build` };
    if (entry.state === 'off')
      return { outcome: 'failed', reason: 'serviceOff', message: `${service} is switched off at this kiosk` };
    return undefined;
  };

  async function run(command: SignedCommand, accepted: () => void): Promise<Final> {
    const { action } = command;
    switch (action.type) {
      case 'pauseService': {
        const problem = serviceProblem(action.service);
        if (problem) return problem;
        const changed = deps.pauses.pause(
          action.service,
          { staffId: command.staffId, commandId: command.id },
          deps.now(),
        );
        deps.snapshot();
        return { outcome: 'done', message: changed ? 'paused' : 'was already paused' };
      }
      case 'resumeService': {
        const problem = serviceProblem(action.service);
        if (problem) return problem;
        const changed = deps.pauses.resume(action.service);
        deps.snapshot();
        return { outcome: 'done', message: changed ? 'resumed' : 'was not paused' };
      }
      case 'testPrint': {
        const device = deps.devices.list().find((d) => d.id === action.deviceId);
        if (!device) return { outcome: 'failed', reason: 'noSuchDevice', message: `no device ${action.deviceId}` };
        const print = TEST_PRINTS[device.spec.kind];
        if (!print)
          return {
            outcome: 'failed',
            reason: 'notAPrinter',
            message: `${action.deviceId} (${device.spec.kind}) does not print`,
          };
        accepted();
        const printed = await print(device.driver, deps.testPrintInfo(action.deviceId));
        return printed.ok
          ? { outcome: 'done', message: `job ${printed.jobId}` }
          : { outcome: 'failed', reason: printed.reason, message: printed.message };
      }
      case 'reopenDevice': {
        const device = deps.devices.list().find((d) => d.id === action.deviceId);
        if (!device) return { outcome: 'failed', reason: 'noSuchDevice', message: `no device ${action.deviceId}` };
        accepted();
        if (!(await deps.devices.reopen(action.deviceId)))
          return { outcome: 'failed', reason: 'noSuchDevice', message: `no device ${action.deviceId}` };
        deps.snapshot();
        return { outcome: 'done', message: `state ${device.driver.status().device}` };
      }
      case 'snapshot':
        deps.snapshot();
        return { outcome: 'done' };
    }
  }

  async function handleOne(payload: Buffer | string): Promise<void> {
    const checked: CheckResult = deps.checker.check(payload, deps.now());
    if (!checked.ok)
      return report(checked.command, { outcome: 'refused', reason: checked.reason, message: checked.message });
    const { command } = checked;
    try {
      const final = await run(command, () => report(command, { outcome: 'accepted' }));
      report(
        command,
        final.outcome === 'done' ? { outcome: 'done', ...(final.message ? { message: final.message } : {}) } : final,
      );
    } catch (error) {
      report(command, { outcome: 'failed', reason: 'internal', message: (error as Error).message });
    }
  }

  let queue: Promise<void> = Promise.resolve();
  return {
    handle(payload) {
      const turn = queue.then(() => handleOne(payload));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
