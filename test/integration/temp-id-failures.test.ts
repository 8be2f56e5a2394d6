/**
 * Temporary ID card, failure paths before anything is printed, end to end (real drivers +
 * simulators, embedded backend, temp-file journal, payment service): identity, eligibility, face
 * and payment. Each ends in a safe, explained state with the journal consistent and the money
 * accounted for exactly once. Printing, walking away, restarts and compensation:
 * temp-id-after-payment.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseTempIdView } from '../../contract/flows/temp-id-card';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import { DEV_CREDENTIALS, PAYMENT_CODE, RESIDENT } from '../../services/backend-sim/fixtures';
import { createHttpGateway } from '../../services/gateway/http-client';
import { fakeJpegBase64, journalRows } from '../../services/temp-id/test-rig';
import { charges, ended, refunds, rigPerTest, withDown } from './temp-id-helpers';

const open = rigPerTest();

describe('identity', () => {
  it('a wrong check character is refused in the view, then the right number goes on', async () => {
    const r = await open();
    r.start();
    r.send('accept');
    await r.inState('identity');
    const wrong = RESIDENT.standard.slice(0, 17) + (RESIDENT.standard.endsWith('1') ? '2' : '1');
    r.send('idNumberEntered', { idNumber: wrong });
    expect(parseTempIdView('identity', r.last().view)).toEqual({ problem: 'badCheckCharacter', attempts: 1 });
    r.send('idNumberEntered', { idNumber: '1101011985' });
    expect(r.last().view?.problem).toBe('tooShort');
    expect(r.last().state).toBe('identity');
    r.send('idNumberEntered', { idNumber: RESIDENT.standard });
    await r.inState('face', 'waiting');
  });

  it('an unreadable card stays in identity with readFailed; typing then works', async () => {
    const r = await open();
    r.start();
    r.send('accept');
    await r.inState('identity');
    r.readerSim.placeCard(fixtureCard('unreadable'));
    await r.until((p) => p.view?.problem === 'readFailed', 8000, 'readFailed');
    expect(r.last().state).toBe('identity');
    r.send('idNumberEntered', { idNumber: RESIDENT.standard });
    await r.inState('face', 'waiting');
  });

  it('a residence permit is refused with notResidentCard; a private-use name goes to the counter', async () => {
    const r = await open();
    r.start();
    r.send('accept');
    await r.inState('identity');
    r.readerSim.placeCard(fixtureCard('residencePermit'));
    await r.until((p) => p.view?.problem === 'notResidentCard', 8000, 'notResidentCard');
    r.readerSim.removeCard();
    await new Promise((res) => setTimeout(res, 60));
    r.readerSim.placeCard(fixtureCard('privateUseName'));
    const end = await ended(r);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'rareCharacter' } });
  });

  it('decline on the notice ends cancelled without a transaction', async () => {
    const r = await open();
    r.start();
    await r.inState('notice', 'waiting');
    r.send('decline');
    expect(await ended(r)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(journalRows(r.journal).transactions).toHaveLength(0);
  });
});

describe('eligibility', () => {
  it.each([
    ['under16', RESIDENT.under16, false],
    ['applicationInProgress', RESIDENT.applicationInProgress, false],
    ['notRegisteredInJurisdiction', RESIDENT.nonLocal, true],
  ] as const)('%s is refused with its reason code and a failed transaction', async (reason, id, localOnly) => {
    const r = await open({ settings: { localRegistrationOnly: localOnly } });
    r.start();
    r.send('accept');
    await r.inState('identity');
    r.send('idNumberEntered', { idNumber: id });
    expect(await ended(r)).toMatchObject({ status: 'failed', state: 'eligibility', error: { code: reason } });
    await r.flow.done;
    const [tx] = journalRows(r.journal).transactions;
    expect(tx).toMatchObject({ status: 'failed', reason });
  });

  it('a non-local resident is served when local registration is not required', async () => {
    const r = await open({ settings: { localRegistrationOnly: false } });
    await r.toConfirm(RESIDENT.nonLocal);
  });

  it('backend down (HTTP gateway at a dead port) → backendUnavailable, nothing charged', async () => {
    const r = await open({ gateway: () => createHttpGateway({ baseUrl: 'http://127.0.0.1:9', credentials: DEV_CREDENTIALS, timeoutMs: 300, retries: 0 }) });
    r.start();
    r.send('accept');
    await r.inState('identity');
    r.send('idNumberEntered', { idNumber: RESIDENT.standard });
    expect(await ended(r)).toMatchObject({ status: 'failed', state: 'eligibility', error: { code: 'backendUnavailable' } });
    expect(journalRows(r.journal).transactions).toHaveLength(0);
  });
});

describe('face', () => {
  it('no match after 3 captures → faceMismatch, counter', async () => {
    const r = await open();
    r.start();
    r.send('accept');
    await r.inState('identity');
    r.send('idNumberEntered', { idNumber: RESIDENT.faceNeverMatches });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const face = await r.until((p) => p.state === 'face' && p.view?.attempt === attempt, 8000, `face attempt ${attempt}`);
      if (attempt > 1) expect(face.view?.lastResult).toBe('noMatch');
      r.send('faceCaptured', { imageJpegBase64: fakeJpegBase64(`try-${attempt}`) });
    }
    expect(await ended(r)).toMatchObject({ status: 'failed', state: 'faceCheck', error: { code: 'faceMismatch' } });
    await r.flow.done;
    expect(journalRows(r.journal).transactions[0]).toMatchObject({ status: 'failed', reason: 'faceMismatch' });
  });

  it('camera unavailable → cameraUnavailable; an oversized capture is an invalid payload', async () => {
    const r = await open();
    r.start();
    r.send('accept');
    await r.inState('identity');
    r.send('idNumberEntered', { idNumber: RESIDENT.standard });
    await r.inState('face', 'waiting');
    const big = r.flow.send({ type: 'faceCaptured', payload: { imageJpegBase64: 'A'.repeat(900_000) } });
    expect(big).toMatchObject({ ok: false, error: { code: 'invalidPayload' } });
    r.send('cameraUnavailable', { reason: 'denied' });
    expect(await ended(r)).toMatchObject({ status: 'failed', error: { code: 'cameraUnavailable' } });
  });
});

describe('payment', () => {
  it('timeout: the order is cancelled, nothing charged, transaction failed', async () => {
    const r = await open({ settings: { paymentTimeoutMs: 300 } });
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    const end = await ended(r);
    expect(end).toMatchObject({ status: 'failed', state: 'payment', error: { code: 'paymentTimeout' } });
    expect(end.view?.money).toEqual({ status: 'notCharged', amountFen: 1000 });
    await r.flow.done;
    expect(journalRows(r.journal).transactions[0]).toMatchObject({ status: 'failed', reason: 'paymentTimeout' });
    expect(charges(r)).toHaveLength(0);
  });

  it('cancelled by the resident: nothing charged', async () => {
    const r = await open();
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    await r.orderId();
    r.send('cancelPayment');
    const end = await ended(r);
    expect(end).toMatchObject({ status: 'cancelled', state: 'payment' });
    expect(end.view?.money).toMatchObject({ status: 'notCharged' });
    await r.flow.done;
    expect(journalRows(r.journal).transactions[0]).toMatchObject({ status: 'failed' });
  });

  it('a payment that lands while cancelling is refunded exactly once', async () => {
    const r = await open({ settings: { paymentPollMs: 60_000 } });
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    const orderId = await r.orderId();
    expect(r.embedded.sim.controls.simulateResidentPays(orderId).ok).toBe(true);
    r.send('cancelPayment');
    const end = await ended(r);
    expect(end).toMatchObject({ status: 'cancelled' });
    expect(end.view?.money).toMatchObject({ status: 'refunded', amountFen: 1000 });
    await r.flow.done;
    expect(charges(r)).toHaveLength(1);
    expect(refunds(r)).toHaveLength(1);
    const tx = r.journal.find(r.transactionId())!;
    expect(tx.status).toBe('refunded');
    expect(tx.steps.filter((s) => s.kind === 'refunded')).toHaveLength(1);
    expect(r.cardSim.cardsPrinted()).toHaveLength(0);
  });

  it('idle timeout at payment after the resident paid: refunded once, resolved', async () => {
    const r = await open({ settings: { paymentPollMs: 60_000, timeouts: { payment: 400 } } });
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    const orderId = await r.orderId();
    r.embedded.sim.controls.simulateResidentPays(orderId);
    const end = await ended(r);
    expect(end).toMatchObject({ status: 'failed', state: 'payment', error: { code: 'timeout' } });
    expect(end.view?.money).toMatchObject({ status: 'refunded' });
    await r.flow.done;
    expect(refunds(r)).toHaveLength(1);
    expect(r.journal.find(r.transactionId())!.status).toBe('refunded');
  });

  it('a declined payment code is shown; another code then pays', async () => {
    const r = await open();
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    await r.orderId();
    await r.scannerSim.scan(PAYMENT_CODE.wechatInsufficientFunds);
    await r.until((p) => p.view?.declined === 'insufficientFunds', 8000, 'declined');
    await r.scannerSim.scan(PAYMENT_CODE.wechat2);
    expect(await ended(r)).toMatchObject({ status: 'done' });
    expect(charges(r)).toHaveLength(1);
  });

  it('backend down at payment → backendUnavailable, nothing charged, transaction failed', async () => {
    const r = await open({ gateway: withDown(['createPaymentOrder']) });
    await r.toConfirm(RESIDENT.standard);
    r.send('confirm');
    const end = await ended(r);
    expect(end).toMatchObject({ status: 'failed', state: 'payment', error: { code: 'backendUnavailable' } });
    expect(end.view?.money).toMatchObject({ status: 'notCharged' });
    await r.flow.done;
    expect(journalRows(r.journal).transactions[0]).toMatchObject({ status: 'failed' });
  });
});

describe('elderly mode', () => {
  it('doubles the time a resident has at every step', async () => {
    const r = await open({ settings: { timeouts: { confirm: 150 } } });
    r.timeScale = 2;
    await r.toConfirm(RESIDENT.standard);
    const reachedConfirm = Date.now();
    expect(await ended(r)).toMatchObject({ status: 'failed', state: 'confirm', error: { code: 'timeout' } });
    expect(Date.now() - reachedConfirm).toBeGreaterThanOrEqual(280);
  });
});
