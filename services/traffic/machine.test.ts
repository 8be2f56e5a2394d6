/**
 * The traffic machine keeps the kit's conventions (the model-based path test of the kit walks it):
 * every state has a time-out on itself or an ancestor, the finals are done / failed / cancelled and
 * set `context.ending`. And a resident who walks away at any step is timed out, with the decisions
 * already made printed and said to stand.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { DRIVERS } from '../backend-sim/fixtures';
import { trafficMachine } from './machine';
import { closeTrafficRenderer, createTrafficRig, fakeJpegBase64, type TrafficRig } from './test-rig';

let rig: TrafficRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});
afterAll(closeTrafficRenderer);

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => allNodes(child))];
}
function hasAfter(node: AnyStateNode | undefined): boolean {
  return !!node && (node.after.length > 0 || hasAfter(node.parent));
}

describe('traffic machine conventions', () => {
  it('every state has a time-out on itself or an ancestor; finals are done, failed, cancelled', () => {
    const nodes = allNodes(trafficMachine.root).filter((node) => node !== trafficMachine.root);
    const finals = nodes.filter((node) => node.type === 'final').map((node) => node.key);
    expect(finals.sort()).toEqual(['cancelled', 'done', 'failed']);
    const untimed = nodes.filter((node) => node.type !== 'final' && !hasAfter(node)).map((node) => node.id);
    expect(untimed).toEqual([]);
  });
});

describe('walking away', () => {
  const timeouts = { notice: 200, entry: 200, identity: 200, face: 200, records: 200, confirm: 200 };

  it.each([
    ['the notice', async (r: TrafficRig): Promise<void> => void (await r.inState('notice', 'waiting')), 'notice'],
    ['the vehicle form', async (r: TrafficRig): Promise<void> => {
      r.send('chooseRoute', { route: 'vehicle' });
      await r.inState('vehicleEntry', 'waiting');
    }, 'vehicleEntry'],
    ['the holder’s ID card', async (r: TrafficRig): Promise<void> => {
      r.send('chooseRoute', { route: 'idCard' });
      await r.inState('identity');
    }, 'identity'],
    ['the face capture', async (r: TrafficRig): Promise<void> => {
      r.send('chooseRoute', { route: 'idCard' });
      await r.inState('identity');
      r.send('idNumberEntered', { idNumber: DRIVERS.lin.idNumber });
      await r.inState('face', 'waiting');
    }, 'face'],
  ] as const)('at %s: failed timeout, nothing recorded', async (_where, reach, state) => {
    rig = await createTrafficRig({ overrides: { timeouts } });
    rig.start();
    await reach(rig);
    expect(await rig.ended()).toMatchObject({ status: 'failed', state, error: { code: 'timeout' } });
    expect(rig.journal.unfinished()).toEqual([]);
  });

  it('after a partial handling: the decision made is printed and stands; nothing charged', async () => {
    let calls = 0;
    rig = await createTrafficRig({
      overrides: { timeouts },
      gateway: (g) =>
        new Proxy(g, {
          get: (target, key: string) =>
            key === 'handleViolation'
              ? (req: never) => (calls++ === 0 ? target.handleViolation(req) : Promise.resolve({ ok: false, error: { kind: 'network', message: 'down', retryable: true } }))
              : (target as unknown as Record<string, unknown>)[key],
        }),
    });
    const driver = DRIVERS.he;
    await rig.recordsByVehicle(driver);
    rig.send('selectRecords', { handle: [...driver.violations], pay: [], reprint: [] });
    await rig.inState('identity');
    rig.send('idNumberEntered', { idNumber: driver.idNumber });
    await rig.inState('face', 'waiting');
    rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('partly') });
    await rig.inState('confirm', 'waiting');
    rig.send('confirm', { acknowledgeCritical: true });
    await rig.inState('handledPartly', 'waiting');
    const end = await rig.ended();
    expect(end).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(end.view).toMatchObject({ money: { status: 'notCharged', amountFen: 10000 }, documentsPrinted: true, decisions: [{ issuedHere: true, printed: true }] });
    expect(rig.ledger()).toEqual([]);
  });
});
