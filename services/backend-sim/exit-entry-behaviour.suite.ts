/**
 * Behavioural contract of the exit-entry operations the endorsement flow relies on, run against
 * both gateways (HTTP client + simulator server, embedded): the holder's facts and what is open to
 * them, the face against the chip's photo and the photo on file, the approval of a paid endorsement
 * whose authorisation the chip model verifies, and the withdrawal that compensates it.
 */
import { createPublicKey } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuthorisation, type EndorsementRecord } from '../../devices/icao9303/endorsement';
import { testPki } from '../../devices/travel-permit-sim/pki';
import type { ApproveEndorsementRequest, PoliceGateway } from '../gateway/types';
import { PERMIT, PERMIT_HOLDERS } from './exit-entry-fixtures';
import { FIXTURE_NOW, PAYMENT_CODE, POST_JURISDICTION } from './fixtures';
import { fakeJpeg, rejected, value, type GatewayUnderTest } from './gateway-behaviour.suite';
import type { SimOptions } from './logic';

let counter = 0;
const key = (label: string) => `ee-${label}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const holder = (documentNumber: string) => PERMIT_HOLDERS.find((h) => h.documentNumber === documentNumber)!;
const chipFace = fakeJpeg('chip-photo');

export function describeExitEntryBehaviour(name: string, start: (options: SimOptions) => Promise<GatewayUnderTest>): void {
  describe(`PoliceGateway exit-entry behaviour: ${name}`, () => {
    let g: PoliceGateway;
    let sut: GatewayUnderTest;

    beforeEach(async () => {
      sut = await start({ now: () => FIXTURE_NOW });
      g = sut.gateway;
    });
    afterEach(async () => {
      await sut.close();
    });

    const eligibility = (documentNumber: string) => {
      const h = holder(documentNumber);
      return g.checkEndorsementEligibility({ documentCode: h.documentCode, documentNumber, birthDate: h.birthDate, expiry: h.expiry, jurisdictionCode: POST_JURISDICTION });
    };
    const paidOrder = async (amountFen: number) => {
      const order = value(await g.createPaymentOrder({ idempotencyKey: key('order'), amountFen, purpose: 'endorsementFee', channel: 'wechat' }));
      value(await g.payWithCode({ idempotencyKey: key('pay'), orderId: order.orderId, authCode: PAYMENT_CODE.wechat }));
      return order.orderId;
    };
    const approval = (overrides: Partial<ApproveEndorsementRequest> & { paymentOrderId: string }) =>
      g.approveEndorsement({
        idempotencyKey: key('approve'),
        kioskReference: `TK-${++counter}`,
        documentNumber: PERMIT.valid,
        type: 'G',
        destination: 'HK',
        validityMonths: 3,
        trips: 1,
        feeFen: 1500,
        jurisdictionCode: POST_JURISDICTION,
        ...overrides,
      });

    it("answers the holder's facts, and which types are open (family visits need relatives, business a record)", async () => {
      const valid = value(await eligibility(PERMIT.valid));
      expect(valid.holder).toMatchObject({ idNumber: holder(PERMIT.valid).idNumber, name: '张伟', localResidence: true, stateEmployee: false, previousEndorsements: 2 });
      expect(valid.permitStatus).toBe('valid');
      expect(valid.types).toEqual([
        { type: 'G', allowed: true },
        { type: 'L', allowed: true },
        { type: 'T', allowed: true },
        { type: 'S', allowed: false, reason: 'noBusinessRecord' },
        { type: 'Q', allowed: true },
      ]);
      expect(value(await eligibility(PERMIT.nonLocal)).holder.localResidence).toBe(false);
      expect(value(await eligibility(PERMIT.firstTime)).holder.previousEndorsements).toBe(0);
      expect(value(await eligibility(PERMIT.stateEmployee)).holder.stateEmployee).toBe(true);
      expect(value(await eligibility(PERMIT.reportedLost)).permitStatus).toBe('reportedLost');
      expect(value(await eligibility(PERMIT.business)).types.find((t) => t.type === 'S')).toEqual({ type: 'S', allowed: true });
    });

    it("a permit whose chip dates are not the record's is not found (nor is an unknown number)", async () => {
      const h = holder(PERMIT.valid);
      rejected(await g.checkEndorsementEligibility({ documentCode: 'CS', documentNumber: PERMIT.valid, birthDate: '1990-01-02', expiry: h.expiry, jurisdictionCode: POST_JURISDICTION }), 'notFound');
      rejected(await g.checkEndorsementEligibility({ documentCode: 'CS', documentNumber: 'C00000000', birthDate: h.birthDate, expiry: h.expiry, jurisdictionCode: POST_JURISDICTION }), 'notFound');
    });

    it("compares the capture with the chip's photo and the photo on file; a holder who never matches does not", async () => {
      const same = value(await g.comparePermitFace({ documentNumber: PERMIT.valid, imageBase64: fakeJpeg('me'), chipFaceBase64: chipFace }));
      expect(same).toMatchObject({ match: true, chip: { match: true }, onFile: { match: true } });
      expect(value(await g.comparePermitFace({ documentNumber: PERMIT.valid, imageBase64: fakeJpeg('me'), chipFaceBase64: chipFace }))).toEqual(same);
      const other = value(await g.comparePermitFace({ documentNumber: PERMIT.faceMismatch, imageBase64: fakeJpeg('me'), chipFaceBase64: chipFace }));
      expect(other).toMatchObject({ match: false, chip: { match: false }, onFile: { match: false } });
      rejected(await g.comparePermitFace({ documentNumber: PERMIT.valid, imageBase64: Buffer.from('not a jpeg').toString('base64'), chipFaceBase64: chipFace }), 'badImage');
      rejected(await g.comparePermitFace({ documentNumber: PERMIT.valid, imageBase64: fakeJpeg('me'), chipFaceBase64: Buffer.from('no photo').toString('base64') }), 'badImage');
    });

    it('approves a paid endorsement once per kiosk reference, dated and signed as the chip verifies it', async () => {
      const paymentOrderId = await paidOrder(1500);
      const request = { paymentOrderId, kioskReference: 'TK-APPROVE-1' };
      const approved = value(await approval(request));
      expect(approved.record).toMatchObject({ type: 'G', destination: 'HK', trips: 1, validUntil: '20250915', issuingOffice: '公安部出入境管理局' });
      expect(approved.record.serial).toMatch(/^QZ20250616\d{5}$/);
      const stored = { record: approved.record as EndorsementRecord, authorisation: new Uint8Array(Buffer.from(approved.authorisation, 'base64')) };
      expect(verifyAuthorisation(testPki().endorsementIssuer.publicKey, PERMIT.valid, stored)).toBe(true);
      // The same record for another permit does not verify: the authorisation is bound to the permit.
      expect(verifyAuthorisation(testPki().endorsementIssuer.publicKey, PERMIT.firstTime, stored)).toBe(false);
      // A retry under another idempotency key (the answer was lost) gets the same approval, not a second one.
      expect(value(await approval(request))).toEqual(approved);
      expect(value(await eligibility(PERMIT.valid)).holder.previousEndorsements).toBe(3);
    });

    it('charges both regions twice; refuses a wrong fee, an unpaid or reused order, and a type not open to the holder', async () => {
      const both = value(await approval({ paymentOrderId: await paidOrder(3000), destination: 'HKMO', feeFen: 3000 }));
      expect(both.record.destination).toBe('HKMO');
      rejected(await approval({ paymentOrderId: await paidOrder(1500), destination: 'HKMO', feeFen: 1500 }), 'amountMismatch');
      const unpaid = value(await g.createPaymentOrder({ idempotencyKey: key('order'), amountFen: 1500, purpose: 'endorsementFee', channel: 'wechat' }));
      rejected(await approval({ paymentOrderId: unpaid.orderId }), 'orderNotPaid');
      const used = await paidOrder(1500);
      value(await approval({ paymentOrderId: used }));
      rejected(await approval({ paymentOrderId: used }), 'orderNotPaid');
      const business = rejected(await approval({ paymentOrderId: await paidOrder(8000), type: 'S', trips: 0, feeFen: 8000 }), 'notEligible');
      expect(business.reason).toBe('noBusinessRecord');
      const lost = rejected(await approval({ paymentOrderId: await paidOrder(1500), documentNumber: PERMIT.reportedLost }), 'notEligible');
      expect(lost.reason).toBe('permitInvalid');
    });

    it('withdraws an approval by its kiosk reference (idempotent); a reference withdrawn first never approves', async () => {
      const approved = value(await approval({ paymentOrderId: await paidOrder(1500), kioskReference: 'TK-WITHDRAW-1' }));
      const withdrawn = value(await g.withdrawEndorsement({ idempotencyKey: key('w'), kioskReference: 'TK-WITHDRAW-1', reason: 'write refused; refunded' }));
      expect(withdrawn).toMatchObject({ serial: approved.record.serial, status: 'withdrawn' });
      expect(value(await g.withdrawEndorsement({ idempotencyKey: key('w'), kioskReference: 'TK-WITHDRAW-1', reason: 'again' }))).toEqual(withdrawn);
      expect(value(await eligibility(PERMIT.valid)).holder.previousEndorsements).toBe(2);

      const nothing = value(await g.withdrawEndorsement({ idempotencyKey: key('w'), kioskReference: 'TK-WITHDRAW-2', reason: 'answer lost' }));
      expect(nothing).toMatchObject({ serial: null, status: 'nothingApproved' });
      rejected(await approval({ paymentOrderId: await paidOrder(1500), kioskReference: 'TK-WITHDRAW-2' }), 'endorsementWithdrawn');
    });

    it('the test control signs the next authorisation with a key the chips do not trust', async () => {
      sut.controls.exitEntry.signNextWithUnknownKey();
      const rogue = value(await approval({ paymentOrderId: await paidOrder(1500) }));
      const issuer = createPublicKey(testPki().endorsementIssuer.privateKey);
      const stored = (a: typeof rogue) => ({ record: a.record as EndorsementRecord, authorisation: new Uint8Array(Buffer.from(a.authorisation, 'base64')) });
      expect(verifyAuthorisation(issuer, PERMIT.valid, stored(rogue))).toBe(false);
      const next = value(await approval({ paymentOrderId: await paidOrder(1500) }));
      expect(verifyAuthorisation(issuer, PERMIT.valid, stored(next))).toBe(true);
    });
  });
}
