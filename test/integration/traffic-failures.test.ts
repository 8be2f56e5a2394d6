/**
 * Traffic violations, failures before any money: wrong plate or VIN, no records, everything
 * refused by rule, the holder's face, licence and ownership, the backend down during the look-up
 * and during handling, a partly handled selection, walking away. Each ends explained, with the
 * journal consistent and no personal data in the journal or the logs.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseTrafficView } from '../../contract/flows/traffic';
import { DRIVERS, RESIDENT, VEHICLE, VIOLATION } from '../../services/backend-sim/fixtures';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { journalRows } from '../../services/temp-id/test-rig';
import { closeTrafficRenderer, createTrafficRig, type TrafficRig, type TrafficRigOptions } from '../../services/traffic/test-rig';

let rig: TrafficRig | undefined;
afterEach(async () => {
  if (rig) assertNoPersonalData(rig);
  await rig?.close();
  rig = undefined;
});
afterAll(closeTrafficRenderer);

function assertNoPersonalData(r: TrafficRig): void {
  const logsAndJournal = [...r.logger.lines, ...r.paymentLogs, journalRows(r.journal).all].join('\n');
  const everything = [...r.progress.map((p) => JSON.stringify(p)), logsAndJournal].join('\n');
  for (const d of Object.values(DRIVERS)) {
    expect(everything).not.toContain(d.idNumber);
    expect(everything).not.toContain(d.fileNumber);
    expect(logsAndJournal).not.toContain(d.personName);
  }
  for (const id of Object.values(RESIDENT)) expect(everything).not.toContain(id);
}

const open = async (options?: TrafficRigOptions) => (rig = await createTrafficRig(options));
const down = <T>(): Promise<GatewayResult<T>> => Promise.resolve({ ok: false, error: { kind: 'network', message: 'ECONNREFUSED (test)', retryable: true } });
/** The gateway with some operations failing as if the backend were unreachable (after `okCalls` good ones). */
const withDown = (ops: (keyof PoliceGateway)[], okCalls = 0) => (g: PoliceGateway): PoliceGateway => {
  let calls = 0;
  return new Proxy(g, {
    get: (target, key: string) => {
      const real = (target as unknown as Record<string, (req: unknown) => unknown>)[key];
      if (!ops.includes(key as keyof PoliceGateway)) return real;
      return (req: unknown) => (calls++ < okCalls ? real!.call(target, req) : down());
    },
  });
};

describe('look-up', () => {
  it('a wrong VIN is "not found" in the form (plate not revealed), a bad plate is refused as typed; after 3 misses → window', async () => {
    const r = await open();
    const lin = DRIVERS.lin;
    r.start();
    r.send('chooseRoute', { route: 'vehicle' });
    await r.inState('vehicleEntry', 'waiting');
    r.send('vehicleEntered', { plateNumber: '京AI2345', plateType: '02', checkTail: '123456' });
    expect(parseTrafficView('vehicleEntry', r.last().view)).toMatchObject({ problem: 'badPlate', attempts: 0 });
    r.send('vehicleEntered', { plateNumber: lin.vehicle.plateNumber, plateType: '02', checkTail: 'QQQQQQ' });
    expect(r.last().view?.problem).toBe('badCheck'); // Q is never in a VIN
    for (let attempt = 1; attempt <= 2; attempt++) {
      r.send('vehicleEntered', { plateNumber: lin.vehicle.plateNumber, plateType: '02', checkTail: '999999' });
      const back = await r.until((p) => p.state === 'vehicleEntry' && p.view?.attempts === attempt, 8000, `miss ${attempt}`);
      expect(parseTrafficView('vehicleEntry', back.view)).toMatchObject({ problem: 'notFound', maxAttempts: 3 });
    }
    r.send('vehicleEntered', { plateNumber: lin.vehicle.plateNumber, plateType: '02', checkTail: '999999' });
    expect(await r.ended()).toMatchObject({ status: 'failed', error: { code: 'notFound' } });
    expect(journalRows(r.journal).transactions).toHaveLength(0);
  });

  it('the engine-number check when configured; a licence with a wrong file number is not found', async () => {
    const r = await open({ config: { vehicleCheck: 'engineLast6' } });
    const lin = DRIVERS.lin;
    await r.recordsByVehicle({ ...lin, vehicle: { ...lin.vehicle, vinLast6: lin.vehicle.engineLast6 } });
    r.flow.send({ type: 'cancel' });
    await r.ended();
    r.start();
    r.send('chooseRoute', { route: 'licence' });
    await r.inState('licenceEntry', 'waiting');
    r.send('licenceEntered', { licenceNumber: lin.idNumber, fileNumber: '12345' });
    expect(r.last().view?.problem).toBe('badFileNumber');
    r.send('licenceEntered', { licenceNumber: lin.idNumber, fileNumber: '000000000000' });
    expect((await r.until((p) => p.view?.problem === 'notFound')).state).toBe('licenceEntry');
  });

  it('no records: a friendly empty list; finishing ends quietly, nothing recorded', async () => {
    const r = await open();
    r.start();
    r.send('chooseRoute', { route: 'vehicle' });
    await r.inState('vehicleEntry', 'waiting');
    r.send('vehicleEntered', { plateNumber: VEHICLE.newEnergy.plateNumber, plateType: '52', checkTail: VEHICLE.newEnergy.vinLast6 });
    const records = parseTrafficView('records', (await r.inState('records', 'waiting')).view)!;
    expect(records.records).toEqual([]);
    expect(records.vehicle?.ownerNameMasked).toBe('王*');
    expect(r.flow.send({ type: 'selectRecords', payload: { handle: [], pay: [], reprint: [] } })).toMatchObject({ ok: false });
    r.send('finish');
    expect(await r.ended()).toMatchObject({ status: 'cancelled' });
    expect(journalRows(r.journal).transactions).toHaveLength(0);
  });

  it('everything refused by rule: each record names its rule; nothing can be selected', async () => {
    const r = await open();
    r.start();
    r.send('chooseRoute', { route: 'vehicle' });
    await r.inState('vehicleEntry', 'waiting');
    r.send('vehicleEntered', { plateNumber: VEHICLE.commercial.plateNumber, plateType: '01', checkTail: VEHICLE.commercial.vinLast6 });
    const records = parseTrafficView('records', (await r.inState('records', 'waiting')).view)!;
    expect(records.records.map((v) => [v.action, v.refusal])).toEqual([['none', 'keyManagedVehicle']]);
    expect(r.flow.send({ type: 'selectRecords', payload: { handle: [VIOLATION.commercial], pay: [], reprint: [] } })).toMatchObject({ ok: false });
  });

  it('the backend down during the look-up → backendUnavailable, nothing recorded', async () => {
    const r = await open({ gateway: withDown(['queryViolationsByVehicle']) });
    r.start();
    r.send('chooseRoute', { route: 'vehicle' });
    await r.inState('vehicleEntry', 'waiting');
    r.send('vehicleEntered', { plateNumber: DRIVERS.lin.vehicle.plateNumber, plateType: '02', checkTail: DRIVERS.lin.vehicle.vinLast6 });
    expect(await r.ended()).toMatchObject({ status: 'failed', state: 'searching', error: { code: 'backendUnavailable' } });
    expect(journalRows(r.journal).transactions).toHaveLength(0);
  });
});

describe('the licence holder', () => {
  it('a face that does not match → faceMismatch, no decision', async () => {
    const r = await open();
    await r.recordsByVehicle(DRIVERS.lin);
    r.send('selectRecords', { handle: [DRIVERS.lin.violations[0]], pay: [], reprint: [] });
    await r.inState('identity');
    r.send('idNumberEntered', { idNumber: RESIDENT.faceNeverMatches });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await r.until((p) => p.state === 'face' && p.view?.attempt === attempt, 8000, `face ${attempt}`);
      r.send('faceCaptured', { imageJpegBase64: Buffer.from([0xff, 0xd8, 0xff, 0xe0, attempt, 0xff, 0xd9]).toString('base64') });
    }
    expect(await r.ended()).toMatchObject({ status: 'failed', state: 'faceCheck', error: { code: 'faceMismatch' } });
    const person = await r.embedded.queryPersonTraffic({ idNumber: DRIVERS.lin.idNumber });
    expect(person.ok && person.value.violations.every((v) => !v.handled)).toBe(true);
  });

  it.each([
    ['someone else’s car', DRIVERS.gao.idNumber, DRIVERS.lin, 'notVehicleOwner'],
    ['a suspended licence', RESIDENT.suspendedLicence, { vehicle: { ...VEHICLE.suspended, plateType: '02' as const }, violations: [VIOLATION.suspendedLicence] }, 'licenceNotValid'],
    ['a licence that would reach 12 points', RESIDENT.nearTwelvePoints, { vehicle: { ...VEHICLE.nearTwelve, plateType: '02' as const }, violations: [VIOLATION.reachesTwelve] }, 'wouldReach12Points'],
    ['no licence at all', RESIDENT.elderly, DRIVERS.lin, 'noLicence'],
  ] as const)('%s: the rule is named, nothing is decided', async (_what, holder, car, reason) => {
    const r = await open();
    r.start();
    r.send('chooseRoute', { route: 'vehicle' });
    await r.inState('vehicleEntry', 'waiting');
    r.send('vehicleEntered', { plateNumber: car.vehicle.plateNumber, plateType: car.vehicle.plateType, checkTail: car.vehicle.vinLast6 });
    await r.inState('records', 'waiting');
    r.send('selectRecords', { handle: [car.violations[0]], pay: [], reprint: [] });
    await r.inState('identity');
    r.send('idNumberEntered', { idNumber: holder });
    await r.inState('face', 'waiting');
    r.send('faceCaptured', { imageJpegBase64: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 0xff, 0xd9]).toString('base64') });
    expect(await r.ended()).toMatchObject({ status: 'failed', error: { code: reason } });
    expect(journalRows(r.journal).transactions).toHaveLength(0);
  });
});

describe('handling', () => {
  it('the backend down during handling: nothing decided → backendUnavailable, transaction failed, nothing charged', async () => {
    const r = await open({ gateway: withDown(['handleViolation']) });
    await r.recordsByVehicle(DRIVERS.gao);
    r.send('selectRecords', { handle: [DRIVERS.gao.violations[0]], pay: [], reprint: [] });
    await r.prove(DRIVERS.gao.idNumber);
    r.send('confirm', { acknowledgeCritical: false });
    expect(await r.ended()).toMatchObject({ status: 'failed', state: 'handling', error: { code: 'backendUnavailable' } });
    await r.flow.done;
    expect(journalRows(r.journal).transactions[0]).toMatchObject({ status: 'failed', reason: 'backendUnavailable' });
    expect(r.ledger()).toEqual([]);
  });

  it('the backend goes down after the first decision: it stands, the second waits; paying the first completes', async () => {
    const r = await open({ gateway: withDown(['handleViolation'], 1) });
    const xu = DRIVERS.xu;
    await r.recordsByVehicle(xu);
    r.send('selectRecords', { handle: [...xu.violations], pay: [], reprint: [] });
    await r.prove(xu.idNumber);
    r.send('confirm', { acknowledgeCritical: true });
    const partly = parseTrafficView('handledPartly', (await r.inState('handledPartly', 'waiting')).view)!;
    expect(partly.decisions.map((d) => d.violationNo)).toEqual([xu.violations[0]]);
    expect(partly.notHandled).toEqual([{ violationNo: xu.violations[1], why: 'backendUnavailable' }]);
    expect(partly.money).toEqual({ status: 'notCharged', amountFen: 10000 });
    r.send('continue');
    const orderId = await r.orderId();
    r.embedded.sim.controls.simulateResidentPays(orderId);
    const done = await r.ended();
    expect(done).toMatchObject({ status: 'done' });
    expect(parseTrafficView('done', done.view)).toMatchObject({ paidFen: 10000, documentsPending: false });
  });

  it('walking away at the records and at confirm ends on time-outs, nothing decided', async () => {
    const r = await open({ overrides: { timeouts: { records: 150, confirm: 150 } } });
    await r.recordsByVehicle(DRIVERS.he);
    expect(await r.ended()).toMatchObject({ status: 'failed', state: 'records', error: { code: 'timeout' } });
    await r.recordsByVehicle(DRIVERS.he);
    r.send('selectRecords', { handle: [DRIVERS.he.violations[0]], pay: [], reprint: [] });
    await r.prove(DRIVERS.he.idNumber);
    expect(await r.ended()).toMatchObject({ status: 'failed', state: 'confirm', error: { code: 'timeout' } });
    await r.flow.done;
    expect(journalRows(r.journal).transactions).toHaveLength(0);
  });

  it('the A4 printer not ready before handling: nothing is decided, nothing charged', async () => {
    const r = await open();
    await r.recordsByVehicle(DRIVERS.deng);
    r.send('selectRecords', { handle: [DRIVERS.deng.violations[0]], pay: [], reprint: [] });
    await r.prove(DRIVERS.deng.idNumber);
    r.pause = { device: 'documentPrinter', problem: 'suppliesOut' };
    r.send('confirm', { acknowledgeCritical: false });
    expect(await r.ended()).toMatchObject({ status: 'failed', state: 'confirm', error: { code: 'deviceNotReady' } });
    const person = await r.embedded.queryPersonTraffic({ idNumber: DRIVERS.deng.idNumber });
    expect(person.ok && person.value.violations.every((v) => !v.handled)).toBe(true);
  });
});
