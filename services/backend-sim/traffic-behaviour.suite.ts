/**
 * Behavioural contract of the traffic operations the kiosk's traffic flow relies on, run against
 * both gateways (HTTP client + simulator server, embedded): the other vehicle checks, a person's
 * licence and vehicles, 16-digit decisions found by number, the signed decision document (checked
 * here with the kiosk's own verifier), and one order paying several decisions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIssuedDocument, SIMULATOR_ISSUER_KEY, type TrafficPenaltyDecision } from '../documents';
import type { PoliceGateway } from '../gateway/types';
import { DRIVERS, FIXTURE_NOW, OVERDUE_DECISION_NO, PAID_DECISION_NO, PAYMENT_CODE, RESIDENT, UNKNOWN_ID_NUMBER, VEHICLE, VIOLATION } from './fixtures';
import { rejected, value, type GatewayUnderTest } from './gateway-behaviour.suite';
import type { SimOptions } from './logic';

let keyCounter = 0;
const key = (label: string) => `traffic-${label}-${++keyCounter}-${Math.random().toString(36).slice(2, 8)}`;

export function describeTrafficBehaviour(name: string, start: (options: SimOptions) => Promise<GatewayUnderTest>): void {
  describe(`PoliceGateway traffic behaviour: ${name}`, () => {
    let g: PoliceGateway;
    let sut: GatewayUnderTest;
    const lin = DRIVERS.lin;

    beforeEach(async () => {
      sut = await start({ now: () => FIXTURE_NOW });
      g = sut.gateway;
    });
    afterEach(async () => {
      await sut.close();
    });

    const handle = (violationNo: string, driver = lin) =>
      g.handleViolation({ idempotencyKey: key('h'), violationNo, licenceNumber: driver.idNumber, fileNumber: driver.fileNumber, decisionPlace: '东华门24小时智慧警务室' });

    it('a vehicle is confirmed by the VIN (6 or 4) or the engine number; exactly one is required', async () => {
      const { plateNumber, plateType } = lin.vehicle;
      for (const check of [{ vinLast6: lin.vehicle.vinLast6 }, { vinLast4: lin.vehicle.vinLast4 }, { engineLast6: lin.vehicle.engineLast6 }]) {
        const r = value(await g.queryViolationsByVehicle({ plateNumber, plateType, ...check }));
        expect(r.vehicle).toMatchObject({ plateNumber, use: 'private', ownerNameMasked: '林**' });
        expect(r.violations.map((v) => v.violationNo)).toEqual(lin.violations);
      }
      rejected(await g.queryViolationsByVehicle({ plateNumber, plateType, engineLast6: 'ZZZZZZ' }), 'notFound');
      rejected(await g.queryViolationsByVehicle({ plateNumber, plateType }), 'badRequest');
      rejected(await g.queryViolationsByVehicle({ plateNumber, plateType, vinLast6: lin.vehicle.vinLast6, vinLast4: lin.vehicle.vinLast4 }), 'badRequest');
    });

    it('a person: the licence with its file number, the vehicles registered to them, their records', async () => {
      const r = value(await g.queryPersonTraffic({ idNumber: lin.idNumber }));
      expect(r.licence).toMatchObject({ fileNumber: lin.fileNumber, permittedClass: 'C1', pointsInCycle: 0, status: 'valid' });
      expect(r.vehicles).toEqual([expect.objectContaining({ plateNumber: lin.vehicle.plateNumber, ownerNameMasked: '林**' })]);
      expect(r.violations.map((v) => [v.violationNo, v.kioskHandling])).toEqual(lin.violations.map((no) => [no, { allowed: true }]));
      const none = value(await g.queryPersonTraffic({ idNumber: RESIDENT.elderly }));
      expect(none).toEqual({ licence: null, vehicles: [], violations: [] });
      rejected(await g.queryPersonTraffic({ idNumber: UNKNOWN_ID_NUMBER }), 'notFound');
    });

    it('only the owner takes a vehicle’s records on their licence', async () => {
      const e = rejected(await handle(lin.violations[0], DRIVERS.huang), 'kioskNotAllowed');
      expect(e.reason).toBe('notVehicleOwner');
    });

    it('a kiosk decision: 16 digits, found by number, printed fields signed and verifiable by the kiosk', async () => {
      const d = value(await handle(lin.violations[0]));
      expect(d.decisionNo).toMatch(/^1101012025\d{6}$/);
      const found = value(await g.lookupDecision({ decisionNo: d.decisionNo }));
      expect(found).toMatchObject({ decisionNo: d.decisionNo, partyNameMasked: '林**', amountDueFen: 10000, dueDate: '2025-07-01', violation: { handled: true, paid: false } });
      const doc = value(await g.getDecisionDocument({ decisionNo: d.decisionNo }));
      expect(doc.document).toMatchObject({
        decisionNumber: d.decisionNo,
        party: { name: '林晓东', licenceNumber: lin.idNumber, licenceFileNumber: lin.fileNumber },
        vehicle: { plate: lin.vehicle.plateNumber, plateType: '小型汽车' },
        violation: { code: '1345', time: '2025-05-20 09:30' },
        fineYuan: 100,
        points: 3,
        decisionPlace: '东华门24小时智慧警务室',
        decidedOn: '2025-06-16',
        officer: '自助处理',
      });
      const checked = checkIssuedDocument({ kind: 'TPD', data: doc.document as TrafficPenaltyDecision, code: doc.code }, [SIMULATOR_ISSUER_KEY], '2025-06-16');
      expect('reason' in checked ? checked : 'verified').toBe('verified');
      // A changed field no longer matches what the issuer signed.
      const forged = checkIssuedDocument({ kind: 'TPD', data: { ...(doc.document as TrafficPenaltyDecision), fineYuan: 10 }, code: doc.code }, [SIMULATOR_ISSUER_KEY], '2025-06-16');
      expect(forged).toMatchObject({ reason: 'fieldsMismatch' });
      rejected(await g.lookupDecision({ decisionNo: '1101012025999999' }), 'notFound');
      rejected(await g.getDecisionDocument({ decisionNo: '110101' }), 'badRequest');
    });

    it('one order pays several decisions at exactly their amount; a full refund makes them unpaid again', async () => {
      const a = value(await handle(lin.violations[0]));
      const b = value(await handle(lin.violations[1]));
      const overdue = value(await g.lookupDecision({ decisionNo: OVERDUE_DECISION_NO }));
      const references = [a.decisionNo, b.decisionNo, OVERDUE_DECISION_NO];
      const amountFen = a.fineFen + b.fineFen + overdue.amountDueFen;
      expect(overdue.amountDueFen).toBe(20000 + 18600);
      rejected(await g.createPaymentOrder({ idempotencyKey: key('o'), amountFen: amountFen - 1, purpose: 'trafficFine', channel: 'wechat', references }), 'amountMismatch');
      rejected(await g.createPaymentOrder({ idempotencyKey: key('o'), amountFen: 10000, purpose: 'trafficFine', channel: 'wechat', references: [PAID_DECISION_NO] }), 'alreadyPaid');
      const order = value(await g.createPaymentOrder({ idempotencyKey: key('o'), amountFen, purpose: 'trafficFine', channel: 'wechat', references }));
      expect(order.references).toEqual(references);
      value(await g.payWithCode({ idempotencyKey: key('p'), orderId: order.orderId, authCode: PAYMENT_CODE.wechat }));
      for (const decisionNo of references) expect(value(await g.lookupDecision({ decisionNo })).violation.paid).toBe(true);
      expect(value(await g.getDecisionDocument({ decisionNo: a.decisionNo })).paid).toBe(true);
      value(await g.refundPayment({ idempotencyKey: key('r'), orderId: order.orderId, reason: 'test' }));
      expect(value(await g.lookupDecision({ decisionNo: a.decisionNo })).violation.paid).toBe(false);
    });

    it('the commercial and the non-local vehicle are flagged, the new-energy car has no records', async () => {
      const c = value(await g.queryViolationsByVehicle(VEHICLE.commercial));
      expect(c.vehicle).toMatchObject({ commercial: true, use: 'passengerTransport' });
      expect(c.violations.find((v) => v.violationNo === VIOLATION.commercial)?.vehicleUse).toBe('passengerTransport');
      expect(value(await g.queryViolationsByVehicle(VEHICLE.newEnergy)).violations).toEqual([]);
    });
  });
}
