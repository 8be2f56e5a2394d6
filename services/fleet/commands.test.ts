import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CommandBody, CommandResultMessage } from '../../contract/fleet/commands';
import { generateFleetKeyPair, signCommand } from '../../contract/fleet/signing';
import type { DeviceManager } from '../../devices/manager';
import { migrate } from '../journal/migrations';
import { createMemoryLogger } from '../log/logger';
import { createCommandChecker } from './command-check';
import { createCommandRunner } from './commands';
import { createServicePauseStore } from './service-pauses';
import { COMMAND_NOW, commandBody } from './test-commands';

const officer = generateFleetKeyPair();
const now = COMMAND_NOW;
const command = (action: CommandBody['action']) => signCommand(commandBody({ action }), officer.privateKey);

function rig(options: { listThrows?: boolean } = {}) {
  const db = new Database(':memory:');
  migrate(db);
  const published: CommandResultMessage[] = [];
  let finishReopen: (ok: boolean) => void = () => undefined;
  const devices = {
    list: () => {
      if (options.listThrows) throw new Error('device manager gone');
      return [
        { id: 'receiptPrinter', spec: { kind: 'receiptPrinter' }, driver: { status: () => ({ device: 'online' }) } },
      ];
    },
    reopen: () => new Promise<boolean>((resolve) => (finishReopen = resolve)),
  } as unknown as Pick<DeviceManager, 'list' | 'reopen'>;
  const runner = createCommandRunner({
    kioskId: 'K-1',
    db,
    checker: createCommandChecker({
      kioskId: 'K-1',
      db,
      commands: {
        enabled: true,
        maxLifetimeSeconds: 300,
        clockSkewSeconds: 60,
        signers: [{ staffId: '010123', publicKey: officer.publicKey }],
      },
    }),
    pauses: createServicePauseStore(db),
    services: () => [{ id: 'tempIdCard', state: 'ready' }] as never,
    devices,
    testPrintInfo: (deviceId) => ({ kioskId: 'K-1', postName: 'Post', deviceId, at: now, timeZone: 'Asia/Shanghai' }),
    snapshot: () => undefined,
    publish: (result) => published.push(result),
    log: createMemoryLogger(),
    now: () => now,
  });
  return { runner, published, finishReopen: (ok: boolean) => finishReopen(ok) };
}

describe('fleet command runner', () => {
  it('runs commands one at a time in arrival order: a slow reopen holds the pause and the replay behind it', async () => {
    const { runner, published, finishReopen } = rig();
    const reopen = command({ type: 'reopenDevice', deviceId: 'receiptPrinter' });
    const pause = command({ type: 'pauseService', service: 'tempIdCard' });
    // All three arrive in one network read, as mqtt.js may deliver them.
    const handled = [reopen, pause, reopen].map((c) => runner.handle(JSON.stringify(c)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(published.map((r) => [r.id, r.outcome])).toEqual([[reopen.id, 'accepted']]);
    finishReopen(true);
    await Promise.all(handled);
    expect(published.map((r) => [r.id, r.outcome, r.reason])).toEqual([
      [reopen.id, 'accepted', undefined],
      [reopen.id, 'done', undefined],
      [pause.id, 'done', undefined],
      [reopen.id, 'refused', 'replayed'],
    ]);
  });

  it('a command that throws is reported failed and the queue goes on with the next', async () => {
    const { runner, published } = rig({ listThrows: true });
    const reopen = command({ type: 'reopenDevice', deviceId: 'receiptPrinter' });
    const pause = command({ type: 'pauseService', service: 'tempIdCard' });
    await Promise.all([
      runner.handle(JSON.stringify(reopen)),
      runner.handle('{"not": "a command"'),
      runner.handle(JSON.stringify(pause)),
    ]);
    expect(published.map((r) => [r.id, r.outcome, r.reason])).toEqual([
      [reopen.id, 'failed', 'internal'],
      [undefined, 'refused', 'malformed'],
      [pause.id, 'done', undefined],
    ]);
  });
});
