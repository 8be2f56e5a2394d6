/**
 * `flow.send` keeps its own contract whatever a client sends: every event of every flow, with
 * random payloads (huge keys, dozens of unknown keys, wrong types, deep nesting), answers with a
 * refusal the contract can carry (`invalidPayload`, `notAllowed` …) — never `badResult` or `internal`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../contract/api';
import type { FlowProgress } from '../../contract/flow';
import { tempIdContract } from '../../contract/flows/temp-id-card';
import { developmentConfig } from '../../services/config/load';
import { createKioskCore, type KioskCore } from '../../services/core/kiosk-core';
import { createMemoryLogger } from '../../services/log/logger';
import { createRig, type Rig } from '../../services/temp-id/test-rig';

const FLOWS = [{ service: 'tempIdCard' as const, events: Object.keys(tempIdContract.events) }];

let rig: Rig;
let core: KioskCore;
let flowId: string;
let latest: FlowProgress | undefined;

beforeAll(async () => {
  rig = await createRig();
  core = createKioskCore({ config: developmentConfig(), version: 't', log: createMemoryLogger(), flows: { tempIdCard: rig.launcher } });
  core.onEvent((name, payload) => {
    if (name === 'flow.progress') latest = payload as FlowProgress;
  });
  await core.start();
  flowId = await startFlow();
});

/** A fresh session and temporary-ID flow (the property test may have ended the last one). */
async function startFlow(): Promise<string> {
  const session = await core.dispatch({ type: 'request', id: 1, method: 'session.start', params: { locale: 'zh-CN' } }, { via: 'test' });
  const sessionId = session.ok ? (session.result as { sessionId: string }).sessionId : '';
  const started = await core.dispatch({ type: 'request', id: 2, method: 'flow.start', params: { sessionId, service: 'tempIdCard' } }, { via: 'test' });
  return started.ok ? (started.result as FlowProgress).flowId : '';
}

afterAll(async () => {
  await core.stop();
  await rig.close();
});

const hostilePayload = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.string({ minLength: 300, maxLength: 500 }), fc.anything(), { maxKeys: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.integer(), { minKeys: 50, maxKeys: 70 }),
  fc.record({ idNumber: fc.string({ maxLength: 400 }), imageJpegBase64: fc.string({ maxLength: 600 }), reason: fc.string() }),
);

describe('flow.send with random payloads', () => {
  it.each(FLOWS)('$service: every event answers within the contract', async ({ events }) => {
    expect(flowId).not.toBe('');
    const resultSchema = methods['flow.send'].result;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events, 'nope', 'x'.repeat(64)), hostilePayload, async (event, payload) => {
        const answer = await core.dispatch({ type: 'request', id: 3, method: 'flow.send', params: { flowId, event, payload } }, { via: 'test' });
        if (!answer.ok) throw new Error(`${event}: ${answer.error.code} ${answer.error.message}`);
        expect(resultSchema.safeParse(answer.result).success).toBe(true);
        const result = answer.result as { accepted: boolean; reason?: string };
        if (!result.accepted) expect(['notAllowed', 'invalidPayload', 'flowEnded', 'unknownFlow']).toContain(result.reason);
      }),
      { numRuns: 150 },
    );
  });

  it('a payload with a 400-character key or 60 unknown keys is an invalid payload', async () => {
    flowId = await startFlow();
    await core.dispatch({ type: 'request', id: 4, method: 'flow.send', params: { flowId, event: 'accept', payload: {} } }, { via: 'test' });
    await expect.poll(() => latest?.flowId === flowId && latest.state).toBe('identity');
    for (const payload of [{ ['k'.repeat(400)]: 1 }, Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`key${i}`, i]))]) {
      const answer = await core.dispatch({ type: 'request', id: 5, method: 'flow.send', params: { flowId, event: 'idNumberEntered', payload } }, { via: 'test' });
      expect(answer).toMatchObject({ ok: true, result: { accepted: false, reason: 'invalidPayload' } });
      expect((answer as { result: { message: string } }).result.message.length).toBeLessThanOrEqual(300);
    }
  });
});
