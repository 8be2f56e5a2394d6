import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackendSimulator, type BackendSimulator } from '../backend-sim/server';
import { DEV_CREDENTIALS, FIXTURE_NOW, PAYMENT_CODE, RESIDENT } from '../backend-sim/fixtures';
import { createHttpGateway, type GatewayLogEvent, type HttpGatewayOptions } from './http-client';

describe('HTTP client faults', () => {
  let sim: BackendSimulator;
  const client = (o: Partial<HttpGatewayOptions> = {}) =>
    createHttpGateway({ baseUrl: sim.url, credentials: DEV_CREDENTIALS, timeoutMs: 2000, retries: 0, backoffMs: 10, ...o });

  beforeEach(async () => {
    sim = await startBackendSimulator({ port: 0, now: () => FIXTURE_NOW });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('times out with kind timeout instead of hanging', async () => {
    sim.controls.injectFault('verifyIdentity', { kind: 'delay', ms: 3000 });
    const started = Date.now();
    const r = await client({ timeoutMs: 150 }).verifyIdentity({ idNumber: RESIDENT.standard });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ kind: 'timeout', retryable: true }) });
  });

  it('a retry after a timeout succeeds (read-only query)', async () => {
    sim.controls.injectFault('verifyIdentity', { kind: 'delay', ms: 3000 });
    const r = await client({ timeoutMs: 150, retries: 1 }).verifyIdentity({ idNumber: RESIDENT.standard });
    expect(r.ok).toBe(true);
    expect(sim.controls.requestCount('verifyIdentity')).toBe(2);
  });

  it('500: kind server, retryable; retried when retries > 0', async () => {
    sim.controls.injectFault('checkCriminalRecord', { kind: 'status500' });
    const once = await client().checkCriminalRecord({ idNumber: RESIDENT.standard });
    expect(once).toEqual({ ok: false, error: expect.objectContaining({ kind: 'server', status: 500, code: 'internal', retryable: true }) });
    sim.controls.injectFault('checkCriminalRecord', { kind: 'status500' });
    const retried = await client({ retries: 2 }).checkCriminalRecord({ idNumber: RESIDENT.standard });
    expect(retried.ok).toBe(true);
    expect(sim.controls.requestCount('checkCriminalRecord')).toBe(3);
  });

  it('malformed JSON body: kind malformed, not retried, never a throw', async () => {
    sim.controls.injectFault('getApplicationProgress', { kind: 'malformedJson' });
    const r = await client({ retries: 3 }).getApplicationProgress({ idNumber: RESIDENT.standard });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ kind: 'malformed', retryable: false }) });
    expect(sim.controls.requestCount('getApplicationProgress')).toBe(1);
  });

  it('a JSON body that fails the schema is malformed', async () => {
    const fakeFetch: typeof fetch = async () => new Response(JSON.stringify({ idNumber: RESIDENT.standard, name: 42 }), { status: 200 });
    const r = await client({ fetch: fakeFetch }).verifyIdentity({ idNumber: RESIDENT.standard });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ kind: 'malformed', status: 200 }) });
  });

  it('response lost after payWithCode: the retry with the same key returns the original paid order, one charge', async () => {
    const gw = client({ retries: 2 });
    const order = await gw.createPaymentOrder({ idempotencyKey: 'o-1', amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
    if (!order.ok) throw new Error('create failed');
    sim.controls.injectFault('payWithCode', { kind: 'dropResponse' });
    const paid = await gw.payWithCode({ idempotencyKey: 'pay-1', orderId: order.value.orderId, authCode: PAYMENT_CODE.wechat });
    expect(paid).toEqual({ ok: true, value: expect.objectContaining({ status: 'paid' }) });
    expect(sim.controls.requestCount('payWithCode')).toBe(2);
    const ledger = sim.controls.providerLedger(order.value.orderId);
    expect(ledger.filter((e) => e.kind === 'charge')).toHaveLength(1);
    expect(paid.ok && paid.value.transactionId).toBe(ledger[0]?.reference);
  });

  it('response lost without automatic retry: network error, then the same key (or a query) finds the true state', async () => {
    const gw = client({ retries: 0 });
    const order = await gw.createPaymentOrder({ idempotencyKey: 'o-2', amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' });
    if (!order.ok) throw new Error('create failed');
    sim.controls.injectFault('payWithCode', { kind: 'dropResponse' });
    const lost = await gw.payWithCode({ idempotencyKey: 'pay-2', orderId: order.value.orderId, authCode: PAYMENT_CODE.wechat });
    expect(lost).toEqual({ ok: false, error: expect.objectContaining({ kind: 'network', retryable: true }) });
    const status = await gw.getPaymentOrder({ orderId: order.value.orderId });
    expect(status.ok && status.value.status).toBe('paid');
    const again = await gw.payWithCode({ idempotencyKey: 'pay-2', orderId: order.value.orderId, authCode: PAYMENT_CODE.wechat });
    expect(again.ok && again.value).toEqual(status.ok && status.value);
    expect(sim.controls.providerLedger(order.value.orderId)).toHaveLength(1);
  });

  it('unauthorized: kind unauthorized, not retried', async () => {
    const r = await client({ credentials: { clientId: DEV_CREDENTIALS.clientId, secret: 'wrong' }, retries: 3 }).verifyIdentity({ idNumber: RESIDENT.standard });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ kind: 'unauthorized', status: 401, code: 'unauthorized', retryable: false }) });
  });

  it('a closed port is a network failure', async () => {
    const url = sim.url;
    await sim.close();
    const r = await createHttpGateway({ baseUrl: url, credentials: DEV_CREDENTIALS, timeoutMs: 1000, retries: 1, backoffMs: 10 }).verifyIdentity({ idNumber: RESIDENT.standard });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ kind: 'network' }) });
    sim = await startBackendSimulator({ port: 0 }); // for afterEach
  });

  it('the server answers 400 with a typed body for invalid JSON and schema failures', async () => {
    const auth = `Basic ${Buffer.from(`${DEV_CREDENTIALS.clientId}:${DEV_CREDENTIALS.secret}`).toString('base64')}`;
    const bad = await fetch(`${sim.url}/v1/identity/verify`, { method: 'POST', headers: { authorization: auth }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'badRequest', message: 'body is not JSON' } });
    const invalid = await fetch(`${sim.url}/v1/payments/orders`, { method: 'POST', headers: { authorization: auth, 'idempotency-key': 'k' }, body: JSON.stringify({ amountFen: -1 }) });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.code).toBe('badRequest');
    const noKey = await fetch(`${sim.url}/v1/payments/orders`, { method: 'POST', headers: { authorization: auth }, body: JSON.stringify({ amountFen: 100, purpose: 'other', channel: 'wechat' }) });
    expect(noKey.status).toBe(400);
    expect((await noKey.json()).error.code).toBe('idempotencyKeyRequired');
  });

  it('log events carry no ID number or name', async () => {
    const events: GatewayLogEvent[] = [];
    const gw = client({ log: (e) => events.push(e) });
    await gw.verifyIdentity({ idNumber: RESIDENT.rareCharacter });
    await gw.checkTempIdEligibility({ idNumber: RESIDENT.under16, jurisdictionCode: '110101001', localRegistrationOnly: true });
    const text = JSON.stringify(events);
    expect(events).toHaveLength(2);
    expect(text).not.toContain(RESIDENT.rareCharacter);
    expect(text).not.toContain(RESIDENT.under16);
    expect(text).not.toContain('䶮');
  });
});
