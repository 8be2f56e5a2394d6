import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION, OVERDUE_DECISION_NO, RESIDENT, TIP_OFF, UNKNOWN_ID_NUMBER } from '../backend-sim/fixtures';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import type { ResidentRecord } from '../../devices/id-reader/text-block';
import { createProgressLauncher } from './launcher';
import { createInfoRig, fakeJpegBase64, unreachable, type InfoRig } from './test-rig';
import { acceptedNumber } from './work';

const settings = { enabled: true, prefixes: ['SQ', 'JB'] as const, maxFaceAttempts: 3 };
let rig: InfoRig;
const open = async (options: Parameters<typeof createInfoRig>[1] = {}, overrides: Partial<typeof settings> & { timeouts?: Record<string, number> } = {}) => {
  rig = await createInfoRig((base) => createProgressLauncher(base, { ...settings, ...overrides }), options);
  return rig;
};
afterEach(async () => rig?.close());

const resultsOf = (view: Record<string, unknown> | undefined) => (view?.applications as { applicationNo: string; status: string }[]).map((a) => [a.applicationNo, a.status]);

describe('progress query', () => {
  it('by the ID card on the reader: no face needed, every application with its state, masked number only', async () => {
    await open();
    rig.start();
    await rig.inState('choose', 'waiting');
    rig.send('byIdentity');
    await rig.inState('identity');
    rig.reader.placeCard('normalResident');
    const results = await rig.inState('results', 'waiting');
    expect(results.view?.maskedIdNumber).toBe(`${RESIDENT.standard.slice(0, 6)}********${RESIDENT.standard.slice(-4)}`);
    expect(resultsOf(results.view)).toEqual([
      [APPLICATION.idCardProducing, 'producing'],
      [OVERDUE_DECISION_NO, 'awaitingPayment'],
      [APPLICATION.endorsementCollected, 'collected'],
      ['1101012025000002', 'paid'],
    ]);
    expect(JSON.stringify(rig.progress)).not.toContain(RESIDENT.standard);
    rig.send('finish');
    expect(await rig.ended()).toMatchObject({ status: 'done' });
    expect(rig.logger.lines.join('\n')).not.toContain(RESIDENT.standard);
  });

  it('a card whose name the reader cannot render is taken (the query never uses the name)', async () => {
    await open();
    rig.start();
    await rig.inState('choose', 'waiting');
    rig.send('byIdentity');
    await rig.inState('identity');
    // The resident of the first test, with a private-use glyph (the card font's own) in the name.
    const card = fixtureCard('normalResident').record as ResidentRecord;
    rig.reader.placeCard({ ...card, name: `${card.name}\uE1A5` });
    const results = await rig.inState('results', 'waiting');
    expect(results.view?.maskedIdNumber).toBe(`${RESIDENT.standard.slice(0, 6)}********${RESIDENT.standard.slice(-4)}`);
    expect(resultsOf(results.view)).toHaveLength(4);
    rig.send('finish');
    expect(await rig.ended()).toMatchObject({ status: 'done' });
  });

  it('by a typed number: the registry, then the face, then the results', async () => {
    await open();
    rig.start();
    await rig.inState('choose', 'waiting');
    rig.send('byIdentity');
    await rig.inState('identity');
    rig.send('idNumberEntered', { idNumber: RESIDENT.applicationInProgress });
    await rig.inState('face', 'waiting');
    rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('one') });
    const results = await rig.inState('results', 'waiting');
    expect(resultsOf(results.view)).toEqual([
      [TIP_OFF.namedClosed, 'closed'],
      [APPLICATION.tempIdReviewing, 'reviewing'],
      [APPLICATION.idCardReady, 'readyForCollection'],
    ]);
    const ready = (results.view?.applications as { pickUpPlace?: string; submittedOn: string }[])[2];
    expect(ready).toMatchObject({ pickUpPlace: expect.stringContaining('户籍窗口'), submittedOn: '2025-05-20' });
  });

  it('a typed number nobody has ends "identity not found" before any face is taken', async () => {
    await open();
    rig.start();
    await rig.inState('choose', 'waiting');
    rig.send('byIdentity');
    await rig.inState('identity');
    rig.send('idNumberEntered', { idNumber: UNKNOWN_ID_NUMBER });
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'identityNotFound' } });
    expect(rig.progress.some((p) => p.state === 'face')).toBe(false);
  });

  it('a tracking number alone shows the tip-off’s state (category, never the text); an unknown one finds nothing', async () => {
    await open();
    rig.start();
    await rig.inState('choose', 'waiting');
    rig.send('byNumber');
    await rig.inState('number', 'waiting');
    rig.send('numberEntered', { applicationNo: 'JB12' });
    expect((await rig.until((p) => p.view?.problem === 'badFormat')).view).toMatchObject({ attempts: 1 });
    rig.send('numberEntered', { applicationNo: TIP_OFF.anonymousReviewing.toLowerCase() });
    const results = await rig.inState('results', 'waiting');
    expect(results.view).toEqual({ applicationNo: TIP_OFF.anonymousReviewing, applications: [expect.objectContaining({ kind: 'tipOff', status: 'reviewing', category: 'gambling' })] });
    expect(JSON.stringify(results)).not.toContain('赌博');
    rig.send('again');
    await rig.inState('choose', 'waiting');
    rig.send('byNumber');
    await rig.inState('number', 'waiting');
    rig.send('numberEntered', { applicationNo: 'JB202506100001000000' });
    expect((await rig.inState('results', 'waiting')).view).toEqual({ applicationNo: 'JB202506100001000000', applications: [] });
  });

  it('an application number needs identity too, and finds only that person’s application', async () => {
    await open();
    rig.start();
    await rig.inState('choose', 'waiting');
    rig.send('byNumber');
    await rig.inState('number', 'waiting');
    rig.send('numberEntered', { applicationNo: APPLICATION.idCardReady });
    await rig.inState('identity');
    rig.reader.placeCard('normalResident');
    // The card holder is not the applicant: nothing is shown.
    expect((await rig.inState('results', 'waiting')).view?.applications).toEqual([]);
    rig.send('again');
    await rig.inState('choose', 'waiting');
    rig.send('byNumber');
    await rig.inState('number', 'waiting');
    rig.send('numberEntered', { applicationNo: APPLICATION.endorsementCollected });
    await rig.inState('identity');
    rig.reader.placeCard('normalResident');
    expect(resultsOf((await rig.inState('results', 'waiting')).view)).toEqual([[APPLICATION.endorsementCollected, 'collected']]);
  });

  it('the backend down ends "backend unavailable"; nothing is left in the context', async () => {
    await open({ gateway: (embedded) => unreachable(embedded, 'getApplicationProgress') });
    rig.start();
    await rig.inState('choose', 'waiting');
    rig.send('byIdentity');
    await rig.inState('identity');
    rig.reader.placeCard('normalResident');
    const ended = await rig.ended();
    expect(ended).toMatchObject({ status: 'failed', error: { code: 'backendUnavailable' } });
    expect(ended.progress.view).toEqual({});
  });

  it('walking away from the choice times out; events of other states are refused', async () => {
    await open({}, { timeouts: { choose: 50 } });
    rig.start();
    await rig.inState('choose', 'waiting');
    expect(rig.flow.send({ type: 'finish', payload: {} })).toMatchObject({ ok: false, error: { code: 'notAllowed' } });
    expect(rig.flow.send({ type: 'numberEntered', payload: { applicationNo: 1 } })).toMatchObject({ ok: false, error: { code: 'invalidPayload' } });
    expect(await rig.ended()).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
  });
});

describe('acceptedNumber', () => {
  it('takes SQ application numbers and JB tracking numbers, spaces and case forgiven; nothing else', () => {
    expect(acceptedNumber(' sq 2025 0601 00001 ', ['SQ', 'JB'])).toBe('SQ2025060100001');
    expect(acceptedNumber(TIP_OFF.anonymousReviewing, ['SQ', 'JB'])).toBe(TIP_OFF.anonymousReviewing);
    expect(acceptedNumber(TIP_OFF.anonymousReviewing, ['SQ'])).toBeUndefined();
    expect(acceptedNumber('JB2025', ['SQ', 'JB'])).toBeUndefined();
    expect(acceptedNumber('XX2025060100001', ['SQ', 'JB'])).toBeUndefined();
    expect(acceptedNumber('SQ12', ['SQ', 'JB'])).toBeUndefined();
  });
});
