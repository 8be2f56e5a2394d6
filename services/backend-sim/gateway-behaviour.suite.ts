/**
 * Behavioural contract of a PoliceGateway over the seeded simulator, written once and run against
 * both the HTTP client (+ simulator server over loopback) and the embedded gateway.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certificateFields, fieldsDigest, SIMULATOR_ISSUER_KEY, verifyCode } from '../documents';
import type { GatewayResult, PoliceGateway } from '../gateway/types';
import {
  FIXTURE_NOW,
  LICENCE_FILE,
  OVERDUE_DECISION_NO,
  PAYMENT_CODE,
  POST_JURISDICTION,
  RESIDENT,
  UNKNOWN_ID_NUMBER,
  VEHICLE,
  VIOLATION,
} from './fixtures';
import type { SimLogic, SimOptions } from './logic';

export interface GatewayUnderTest {
  gateway: PoliceGateway;
  controls: SimLogic['controls'];
  close(): Promise<void>;
}

/** A JPEG-shaped capture (SOI + APP0 marker + payload + EOI), base64. */
export function fakeJpeg(seed: string): string {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`JFIF-${seed}`), Buffer.from([0xff, 0xd9])]).toString('base64');
}

/** Unwraps a success or fails the test with the error. */
export function value<T>(result: GatewayResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Asserts a rejection with a code, returns the error. */
export function rejected<T>(result: GatewayResult<T>, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error).toMatchObject({ kind: 'rejected', code, retryable: false });
  return result.error;
}

let keyCounter = 0;
const key = (label: string) => `${label}-${++keyCounter}-${Math.random().toString(36).slice(2, 8)}`;

/** Registers the shared suite. `start` builds a fresh gateway over a fresh simulator with the given options. */
export function describeGatewayBehaviour(name: string, start: (options: SimOptions) => Promise<GatewayUnderTest>): void {
  describe(`PoliceGateway behaviour: ${name}`, () => {
    let t = FIXTURE_NOW.getTime();
    let g: PoliceGateway;
    let sut: GatewayUnderTest;

    beforeEach(async () => {
      t = FIXTURE_NOW.getTime();
      sut = await start({ now: () => new Date(t) });
      g = sut.gateway;
    });
    afterEach(async () => {
      await sut.close();
    });

    describe('identity', () => {
      it('verifyIdentity returns the registry record, rare character intact', async () => {
        const r = value(await g.verifyIdentity({ idNumber: RESIDENT.rareCharacter }));
        expect(r.name).toBe('王䶮');
        expect(r.name.codePointAt(1)).toBe(0x4dae);
        expect(r).toMatchObject({ sex: 'male', birthDate: '1990-07-21', jurisdictionCode: POST_JURISDICTION, age: 34, under16: false });
        expect(r.photoRef).toMatch(/^photo:/);
      });
      it('verifyIdentity flags the under-16 and refuses unknown / invalid numbers', async () => {
        expect(value(await g.verifyIdentity({ idNumber: RESIDENT.under16 }))).toMatchObject({ under16: true, age: 11, sex: 'female' });
        rejected(await g.verifyIdentity({ idNumber: UNKNOWN_ID_NUMBER }), 'notFound');
        const bad = RESIDENT.standard.slice(0, 17) + (RESIDENT.standard[17] === '1' ? '2' : '1');
        rejected(await g.verifyIdentity({ idNumber: bad }), 'badRequest');
      });
      it('compareFace is deterministic per image and matches the ordinary resident', async () => {
        const a = value(await g.compareFace({ idNumber: RESIDENT.standard, imageBase64: fakeJpeg('a') }));
        const again = value(await g.compareFace({ idNumber: RESIDENT.standard, imageBase64: fakeJpeg('a') }));
        const b = value(await g.compareFace({ idNumber: RESIDENT.standard, imageBase64: fakeJpeg('b') }));
        expect(a.match).toBe(true);
        expect(a.score).toBeGreaterThanOrEqual(a.threshold);
        expect(again).toEqual(a);
        expect(b.score).not.toBe(a.score);
      });
      it('compareFace never matches the flagged resident and refuses a non-JPEG', async () => {
        for (const seed of ['x', 'y', 'z']) {
          const r = value(await g.compareFace({ idNumber: RESIDENT.faceNeverMatches, imageBase64: fakeJpeg(seed) }));
          expect(r.match).toBe(false);
          expect(r.score).toBeLessThan(r.threshold);
        }
        rejected(await g.compareFace({ idNumber: RESIDENT.standard, imageBase64: Buffer.from('GIF89a-not-a-jpeg').toString('base64') }), 'badImage');
      });
    });

    describe('temporary ID card', () => {
      const eligibility = (idNumber: string, localRegistrationOnly = false) =>
        g.checkTempIdEligibility({ idNumber, jurisdictionCode: POST_JURISDICTION, localRegistrationOnly });

      it('eligible adult; typed refusals for under-16, application in progress, non-local when local-only', async () => {
        expect(value(await eligibility(RESIDENT.standard))).toEqual({ eligible: true });
        expect(value(await eligibility(RESIDENT.under16))).toEqual({ eligible: false, reason: 'under16' });
        expect(value(await eligibility(RESIDENT.applicationInProgress))).toEqual({ eligible: false, reason: 'applicationInProgress' });
        expect(value(await eligibility(RESIDENT.nonLocal, true))).toEqual({ eligible: false, reason: 'notRegisteredInJurisdiction' });
        expect(value(await eligibility(RESIDENT.nonLocal, false))).toEqual({ eligible: true });
        rejected(await eligibility(UNKNOWN_ID_NUMBER), 'notFound');
      });

      it('applyTempIdCard needs a paid fee order, issues a 3-month card once', async () => {
        const order = value(await g.createPaymentOrder({ idempotencyKey: key('o'), amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' }));
        const apply = { idNumber: RESIDENT.rareCharacter, jurisdictionCode: POST_JURISDICTION, localRegistrationOnly: true, paymentOrderId: order.orderId };
        rejected(await g.applyTempIdCard({ idempotencyKey: key('a'), ...apply }), 'orderNotPaid');
        value(await g.payWithCode({ idempotencyKey: key('p'), orderId: order.orderId, authCode: PAYMENT_CODE.wechat }));
        const card = value(await g.applyTempIdCard({ idempotencyKey: key('a'), ...apply }));
        expect(card).toMatchObject({ name: '王䶮', validFrom: '2025-06-16', validUntil: '2025-09-15', issuingAuthority: '北京市公安局东城分局' });
        expect(value(await eligibility(RESIDENT.rareCharacter))).toEqual({ eligible: false, reason: 'alreadyHoldsTempCard' });
        const again = rejected(await g.applyTempIdCard({ idempotencyKey: key('a'), ...apply }), 'notEligible');
        expect(again.reason).toBe('alreadyHoldsTempCard');
        const progress = value(await g.getApplicationProgress({ idNumber: RESIDENT.rareCharacter, applicationNo: card.applicationNo }));
        expect(progress.applications).toEqual([expect.objectContaining({ kind: 'tempIdCard', status: 'collected' })]);
      });

      it('applyTempIdCard refuses the under-16 with a typed reason', async () => {
        const e = rejected(await g.applyTempIdCard({ idempotencyKey: key('a'), idNumber: RESIDENT.under16, jurisdictionCode: POST_JURISDICTION, localRegistrationOnly: false, paymentOrderId: 'PO20250616000001' }), 'notEligible');
        expect(e.reason).toBe('under16');
      });
    });

    describe('traffic', () => {
      it('queryViolationsByVehicle lists every kind with the kiosk decision and the late fee', async () => {
        const r = value(await g.queryViolationsByVehicle(VEHICLE.standard));
        expect(r.vehicle).toEqual({ plateNumber: '京A12345', plateType: '02', commercial: false, use: 'private', local: true, ownerNameMasked: '张*' });
        const by = new Map(r.violations.map((v) => [v.violationNo, v]));
        expect(by.get(VIOLATION.cameraSmall)?.kioskHandling).toEqual({ allowed: true });
        const reasons = Object.fromEntries(r.violations.map((v) => [v.violationNo, v.kioskHandling.allowed ? 'allowed' : v.kioskHandling.reason]));
        expect(reasons).toMatchObject({
          [VIOLATION.onSite]: 'notCameraRecorded',
          [VIOLATION.fineOver200]: 'fineOverLimit',
          [VIOLATION.pointsOver6]: 'pointsOverLimit',
          [VIOLATION.speeding50]: 'speeding50Percent',
          [VIOLATION.highway]: 'highway',
          [VIOLATION.overdue]: 'alreadyHandled',
        });
        // Due 2025-05-16, today 2025-06-16: 31 days x 3% of 200 yuan = 186 yuan.
        expect(by.get(VIOLATION.overdue)).toMatchObject({ fineFen: 20000, lateFeeFen: 18600, decisionNo: OVERDUE_DECISION_NO, paid: false });
        expect(by.get(VIOLATION.handledPaid)).toMatchObject({ handled: true, paid: true, lateFeeFen: 0 });
      });

      it('the late fee stops at the fine', async () => {
        t = Date.parse('2025-08-01T02:00:00Z');
        const r = value(await g.queryViolationsByVehicle(VEHICLE.standard));
        expect(r.violations.find((v) => v.violationNo === VIOLATION.overdue)?.lateFeeFen).toBe(20000);
      });

      it('queryViolationsByVehicle refuses a wrong VIN, commercial and non-local vehicles are flagged', async () => {
        rejected(await g.queryViolationsByVehicle({ ...VEHICLE.standard, vinLast6: '999999' }), 'notFound');
        const c = value(await g.queryViolationsByVehicle(VEHICLE.commercial));
        expect(c.vehicle.commercial).toBe(true);
        expect(c.violations[0]?.kioskHandling).toEqual({ allowed: false, reason: 'commercialVehicle' });
        const n = value(await g.queryViolationsByVehicle(VEHICLE.nonLocal));
        expect(n.violations[0]?.kioskHandling).toEqual({ allowed: false, reason: 'notLocalVehicle' });
        expect(value(await g.queryViolationsByVehicle(VEHICLE.newEnergy)).violations).toEqual([]);
      });

      it('queryViolationsByLicence applies the licence rules (12 points, suspended) and masks the number', async () => {
        const near = value(await g.queryViolationsByLicence({ licenceNumber: RESIDENT.nearTwelvePoints, fileNumber: LICENCE_FILE.nearTwelvePoints }));
        expect(near.licence).toMatchObject({ pointsInCycle: 9, status: 'valid' });
        expect(near.licence.licenceNumberMasked).toMatch(/^110101\*{8}\d{3}[\dX]$/);
        expect(near.violations.find((v) => v.violationNo === VIOLATION.reachesTwelve)?.kioskHandling).toEqual({ allowed: false, reason: 'wouldReach12Points' });
        const susp = value(await g.queryViolationsByLicence({ licenceNumber: RESIDENT.suspendedLicence, fileNumber: LICENCE_FILE.suspendedLicence }));
        expect(susp.violations[0]?.kioskHandling).toEqual({ allowed: false, reason: 'licenceNotValid' });
        rejected(await g.queryViolationsByLicence({ licenceNumber: RESIDENT.standard, fileNumber: '000000000000' }), 'notFound');
      });

      it('handleViolation issues a decision, books the points, and refuses a second time', async () => {
        const d = value(await g.handleViolation({ idempotencyKey: key('h'), violationNo: VIOLATION.cameraSmall, licenceNumber: RESIDENT.standard, fileNumber: LICENCE_FILE.standard }));
        expect(d).toMatchObject({ violationNo: VIOLATION.cameraSmall, fineFen: 10000, lateFeeFen: 0, totalFen: 10000, points: 3, dueDate: '2025-07-01' });
        expect(d.decisionNo).toMatch(/^1101012025\d{6}$/);
        const lic = value(await g.queryViolationsByLicence({ licenceNumber: RESIDENT.standard, fileNumber: LICENCE_FILE.standard }));
        expect(lic.licence.pointsInCycle).toBe(6);
        const again = await g.handleViolation({ idempotencyKey: key('h'), violationNo: VIOLATION.cameraSmall, licenceNumber: RESIDENT.standard, fileNumber: LICENCE_FILE.standard });
        rejected(again, 'alreadyHandled');
      });

      it('handleViolation enforces every kiosk limit with a typed reason', async () => {
        const cases: [string, string, string, string][] = [
          [VIOLATION.onSite, RESIDENT.standard, LICENCE_FILE.standard, 'notCameraRecorded'],
          [VIOLATION.fineOver200, RESIDENT.standard, LICENCE_FILE.standard, 'fineOverLimit'],
          [VIOLATION.pointsOver6, RESIDENT.standard, LICENCE_FILE.standard, 'pointsOverLimit'],
          [VIOLATION.speeding50, RESIDENT.standard, LICENCE_FILE.standard, 'speeding50Percent'],
          [VIOLATION.highway, RESIDENT.standard, LICENCE_FILE.standard, 'highway'],
          [VIOLATION.reachesTwelve, RESIDENT.nearTwelvePoints, LICENCE_FILE.nearTwelvePoints, 'wouldReach12Points'],
          [VIOLATION.commercial, RESIDENT.commercialDriver, LICENCE_FILE.commercialDriver, 'commercialVehicle'],
          [VIOLATION.suspendedLicence, RESIDENT.suspendedLicence, LICENCE_FILE.suspendedLicence, 'licenceNotValid'],
          [VIOLATION.nonLocal, RESIDENT.nonLocal, LICENCE_FILE.nonLocal, 'notLocalVehicle'],
        ];
        for (const [violationNo, licenceNumber, fileNumber, reason] of cases) {
          const e = rejected(await g.handleViolation({ idempotencyKey: key('h'), violationNo, licenceNumber, fileNumber }), 'kioskNotAllowed');
          expect([violationNo, e.reason]).toEqual([violationNo, reason]);
        }
      });

      it('paying a fine order with the decision as reference marks the record paid', async () => {
        const order = value(await g.createPaymentOrder({ idempotencyKey: key('o'), amountFen: 38600, purpose: 'trafficFine', channel: 'alipay', reference: OVERDUE_DECISION_NO }));
        value(await g.payWithCode({ idempotencyKey: key('p'), orderId: order.orderId, authCode: PAYMENT_CODE.alipay }));
        const r = value(await g.queryViolationsByVehicle(VEHICLE.standard));
        expect(r.violations.find((v) => v.violationNo === VIOLATION.overdue)).toMatchObject({ paid: true, lateFeeFen: 0 });
      });
    });

    describe('no-criminal-record certificate', () => {
      it('check: clean, record, sealed juvenile, purpose after 3 a year', async () => {
        expect(value(await g.checkCriminalRecord({ idNumber: RESIDENT.standard }))).toEqual({ clean: true, certificatesThisYear: 0, purposeRequired: false });
        expect(value(await g.checkCriminalRecord({ idNumber: RESIDENT.criminalRecord })).clean).toBe(false);
        expect(value(await g.checkCriminalRecord({ idNumber: RESIDENT.sealedJuvenile })).clean).toBe(true);
        expect(value(await g.checkCriminalRecord({ idNumber: RESIDENT.frequentCertificates }))).toEqual({ clean: true, certificatesThisYear: 3, purposeRequired: true });
        rejected(await g.checkCriminalRecord({ idNumber: UNKNOWN_ID_NUMBER }), 'notFound');
      });

      const issue = (idNumber: string, extra: Partial<{ purpose: string; purposeStatement: string; periodRule: 'fromAge18' | 'fromBirth'; kioskReference: string }> = {}) =>
        g.issueCriminalRecordCertificate({ idempotencyKey: key('c'), idNumber, kioskReference: key('TK'), purpose: '就业', periodRule: 'fromAge18', validityMonths: 3, ...extra });

      it('issue: numbered in the unit format, signed over every printed field; a sealed juvenile record still gets one', async () => {
        const c = value(await issue(RESIDENT.standard));
        expect(c.certificateNo).toBe('京公(东)证字〔2025〕第000004号');
        expect(c).toMatchObject({ status: 'issued', validUntil: '2025-09-15' });
        expect(c.document).toMatchObject({ number: c.certificateNo, name: '张伟', sex: '男', documentNumber: RESIDENT.standard, purpose: '就业', periodFrom: '2003-03-12', periodTo: '2025-06-16', issuedOn: '2025-06-16', validMonths: 3 });
        const verdict = verifyCode(c.verificationCode, [SIMULATOR_ISSUER_KEY], '2025-06-16');
        expect(verdict.verdict).toBe('valid');
        if (verdict.verdict === 'valid') expect(verdict.payload).toMatchObject({ kind: 'NCR', number: c.certificateNo, maskedId: '110101********' + RESIDENT.standard.slice(-4), digest: fieldsDigest(certificateFields(c.document)) });
        const j = value(await issue(RESIDENT.sealedJuvenile, { periodRule: 'fromBirth' }));
        expect(j.certificateNo).toBe('京公(东)证字〔2025〕第000005号');
        expect(j.document).toMatchObject({ periodFrom: '2001-04-18', purpose: '就业' });
        expect(JSON.stringify(j)).not.toMatch(/少年|封存|sealed|juvenile/i);
      });

      it('issue: refused when a record exists; a stated purpose is required after 3 a year', async () => {
        rejected(await issue(RESIDENT.criminalRecord), 'recordExists');
        rejected(await issue(RESIDENT.frequentCertificates), 'purposeRequired');
        const ok = value(await issue(RESIDENT.frequentCertificates, { purpose: '出国留学', purposeStatement: '申请学校要求提供' }));
        expect(ok.document.purpose).toBe('出国留学');
        expect(JSON.stringify(ok)).not.toContain('申请学校要求提供');
      });

      it('get and void: a reprint finds it again; a voided certificate says so and no longer counts; a barred reference issues nothing', async () => {
        const reference = key('TK');
        const c = value(await issue(RESIDENT.elderly, { kioskReference: reference }));
        expect(value(await g.getCriminalRecordCertificate({ certificateNo: c.certificateNo }))).toEqual(c);
        expect(value(await g.checkCriminalRecord({ idNumber: RESIDENT.elderly })).certificatesThisYear).toBe(1);
        const voided = value(await g.voidCriminalRecordCertificate({ idempotencyKey: key('v'), kioskReference: reference, reason: 'not printed' }));
        expect(voided).toMatchObject({ certificateNo: c.certificateNo, status: 'voided' });
        expect(value(await g.voidCriminalRecordCertificate({ idempotencyKey: key('v'), kioskReference: reference, reason: 'again' }))).toEqual(voided);
        expect(value(await g.getCriminalRecordCertificate({ certificateNo: c.certificateNo })).status).toBe('voided');
        expect(value(await g.checkCriminalRecord({ idNumber: RESIDENT.elderly })).certificatesThisYear).toBe(0);
        rejected(await g.getCriminalRecordCertificate({ certificateNo: '京公(东)证字〔2025〕第999999号' }), 'notFound');

        const barred = key('TK');
        expect(value(await g.voidCriminalRecordCertificate({ idempotencyKey: key('v'), kioskReference: barred, reason: 'issue outcome unknown' }))).toMatchObject({ certificateNo: null, status: 'nothingIssued' });
        const late = await issue(RESIDENT.elderly, { kioskReference: barred });
        expect(late.ok).toBe(false);
        if (!late.ok) expect(late.error).toMatchObject({ kind: 'rejected', code: 'certificateVoided' });
      });
    });

    describe('payments', () => {
      const create = (channel: 'wechat' | 'alipay' | 'unionpay' = 'wechat', amountFen = 1000) =>
        g.createPaymentOrder({ idempotencyKey: key('o'), amountFen, purpose: 'tempIdCardFee', channel });

      it('create -> pay with code -> get: paid once, with a provider transaction', async () => {
        const o = value(await create());
        expect(o).toMatchObject({ status: 'pending', amountFen: 1000, channel: 'wechat', transactionId: null, refundedFen: 0 });
        expect(o.qrPayload).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
        const paid = value(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.wechat }));
        expect(paid).toMatchObject({ status: 'paid', paidAt: FIXTURE_NOW.toISOString() });
        expect(paid.transactionId).toMatch(/^WE[0-9A-F]{20}$/);
        expect(value(await g.getPaymentOrder({ orderId: o.orderId }))).toEqual(paid);
        expect(sut.controls.providerLedger(o.orderId)).toEqual([expect.objectContaining({ kind: 'charge', method: 'code', amountFen: 1000 })]);
      });

      it('QR payloads per channel; unknown order refused', async () => {
        expect(value(await create('alipay')).qrPayload).toMatch(/^https:\/\/qr\.alipay\.com\//);
        expect(value(await create('unionpay')).qrPayload).toMatch(/^https:\/\/qr\.95516\.com\//);
        rejected(await g.getPaymentOrder({ orderId: 'PO20250616999999' }), 'notFound');
      });

      it('payWithCode takes any wallet\'s code (aggregated provider) and records the wallet that paid', async () => {
        const o = value(await create());
        expect(o.channel).toBe('wechat');
        const paid = value(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.alipay }));
        expect(paid).toMatchObject({ status: 'paid', channel: 'alipay' });
      });

      it('payWithCode refusals: not a payment code, insufficient funds (order stays pending), declined 3 times -> failed', async () => {
        const o = value(await create());
        rejected(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.invalid }), 'invalidAuthCode');
        rejected(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.wechatInsufficientFunds }), 'insufficientFunds');
        expect(value(await g.getPaymentOrder({ orderId: o.orderId })).status).toBe('pending');
        rejected(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.wechatDeclined }), 'paymentDeclined');
        rejected(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.wechatDeclined }), 'paymentDeclined');
        expect(value(await g.getPaymentOrder({ orderId: o.orderId })).status).toBe('failed');
        rejected(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.wechat }), 'orderNotPending');
        expect(sut.controls.providerLedger(o.orderId)).toEqual([]);
      });

      it('the resident pays by QR (control), or automatically after the configured delay', async () => {
        const o = value(await create());
        expect(sut.controls.simulateResidentPays(o.orderId).ok).toBe(true);
        expect(value(await g.getPaymentOrder({ orderId: o.orderId })).status).toBe('paid');
        sut.controls.setAutoPayAfterMs(5000);
        const auto = value(await create('unionpay'));
        t += 4000;
        expect(value(await g.getPaymentOrder({ orderId: auto.orderId })).status).toBe('pending');
        t += 2000;
        expect(value(await g.getPaymentOrder({ orderId: auto.orderId }))).toMatchObject({ status: 'paid', paidAt: new Date(FIXTURE_NOW.getTime() + 5000).toISOString() });
        expect(sut.controls.providerLedger(auto.orderId)).toEqual([expect.objectContaining({ method: 'qr', amountFen: 1000 })]);
      });

      it('orders expire; an expired order cannot be paid', async () => {
        const o = value(await create());
        t += 15 * 60_000;
        expect(value(await g.getPaymentOrder({ orderId: o.orderId })).status).toBe('expired');
        rejected(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.wechat }), 'orderExpired');
      });

      it('cancel a pending order; a paid one cannot be cancelled', async () => {
        const o = value(await create());
        expect(value(await g.cancelPaymentOrder({ idempotencyKey: key('x'), orderId: o.orderId })).status).toBe('cancelled');
        const p = value(await create());
        value(await g.payWithCode({ idempotencyKey: key('p'), orderId: p.orderId, authCode: PAYMENT_CODE.wechat }));
        rejected(await g.cancelPaymentOrder({ idempotencyKey: key('x'), orderId: p.orderId }), 'orderNotPending');
      });

      it('refund partially, then the rest; more than paid is refused; unpaid cannot be refunded', async () => {
        const o = value(await create('wechat', 5000));
        rejected(await g.refundPayment({ idempotencyKey: key('r'), orderId: o.orderId, reason: 'test' }), 'orderNotPaid');
        value(await g.payWithCode({ idempotencyKey: key('p'), orderId: o.orderId, authCode: PAYMENT_CODE.wechat }));
        const part = value(await g.refundPayment({ idempotencyKey: key('r'), orderId: o.orderId, amountFen: 2000, reason: 'printer failed' }));
        expect(part).toMatchObject({ amountFen: 2000, order: { status: 'partiallyRefunded', refundedFen: 2000 } });
        rejected(await g.refundPayment({ idempotencyKey: key('r'), orderId: o.orderId, amountFen: 3001, reason: 'x' }), 'refundExceedsPaid');
        const rest = value(await g.refundPayment({ idempotencyKey: key('r'), orderId: o.orderId, reason: 'cancelled by resident' }));
        expect(rest).toMatchObject({ amountFen: 3000, order: { status: 'refunded', refundedFen: 5000 } });
        expect(sut.controls.providerLedger(o.orderId).map((e) => [e.kind, e.amountFen])).toEqual([['charge', 5000], ['refund', 2000], ['refund', 3000]]);
      });
    });

    describe('idempotency', () => {
      it('a double submit with the same key has one effect and the same answer', async () => {
        const k = key('dbl');
        const req = { idempotencyKey: k, amountFen: 1000, purpose: 'tempIdCardFee' as const, channel: 'wechat' as const };
        const [a, b] = await Promise.all([g.createPaymentOrder(req), g.createPaymentOrder(req)]);
        expect(value(a)).toEqual(value(b));
        const c = value(await g.createPaymentOrder(req));
        expect(c.orderId).toBe(value(a).orderId);
        const pay = { idempotencyKey: key('pay'), orderId: c.orderId, authCode: PAYMENT_CODE.wechat };
        const [p1, p2] = await Promise.all([g.payWithCode(pay), g.payWithCode(pay)]);
        expect(value(p1)).toEqual(value(p2));
        expect(sut.controls.providerLedger(c.orderId)).toHaveLength(1);
        const h = { idempotencyKey: key('h'), violationNo: VIOLATION.cameraSmall2, licenceNumber: RESIDENT.standard, fileNumber: LICENCE_FILE.standard };
        const [d1, d2] = await Promise.all([g.handleViolation(h), g.handleViolation(h)]);
        expect(value(d1).decisionNo).toBe(value(d2).decisionNo);
        expect(value(await g.queryViolationsByLicence({ licenceNumber: RESIDENT.standard, fileNumber: LICENCE_FILE.standard })).licence.pointsInCycle).toBe(6);
      });

      it('the same key with a different body is rejected; a missing key is rejected', async () => {
        const k = key('same');
        value(await g.createPaymentOrder({ idempotencyKey: k, amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' }));
        rejected(await g.createPaymentOrder({ idempotencyKey: k, amountFen: 2000, purpose: 'tempIdCardFee', channel: 'wechat' }), 'idempotencyKeyReused');
        rejected(await g.createPaymentOrder({ idempotencyKey: '', amountFen: 1000, purpose: 'tempIdCardFee', channel: 'wechat' }), 'idempotencyKeyRequired');
      });

      it('a refusal is replayed for its key too (no second attempt under the same key)', async () => {
        const o = value(await create1());
        const k = key('decl');
        rejected(await g.payWithCode({ idempotencyKey: k, orderId: o.orderId, authCode: PAYMENT_CODE.wechatDeclined }), 'paymentDeclined');
        rejected(await g.payWithCode({ idempotencyKey: k, orderId: o.orderId, authCode: PAYMENT_CODE.wechatDeclined }), 'paymentDeclined');
        // Only one failed attempt was counted: two more are needed before 'failed'.
        rejected(await g.payWithCode({ idempotencyKey: key('d'), orderId: o.orderId, authCode: PAYMENT_CODE.wechatDeclined }), 'paymentDeclined');
        expect(value(await g.getPaymentOrder({ orderId: o.orderId })).status).toBe('pending');
      });
      const create1 = () => g.createPaymentOrder({ idempotencyKey: key('o'), amountFen: 1000, purpose: 'other', channel: 'wechat' });
    });
  });
}
