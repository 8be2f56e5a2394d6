/**
 * Behavioural contract of the help-and-information operations, run against both gateways (HTTP
 * client + simulator server, embedded): a person's applications across every kind the backend
 * keeps, tip-offs and their tracking numbers, the notices and their images.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PoliceGateway } from '../gateway/types';
import { APPLICATION, FIXTURE_NOW, NOTICE, OVERDUE_DECISION_NO, PAID_DECISION_NO, RESIDENT, TIP_OFF, UNKNOWN_ID_NUMBER } from './fixtures';
import { rejected, value, type GatewayUnderTest } from './gateway-behaviour.suite';
import type { SimOptions } from './logic';

let keyCounter = 0;
const key = (label: string) => `info-${label}-${++keyCounter}-${Math.random().toString(36).slice(2, 8)}`;

export function describeInfoBehaviour(name: string, start: (options: SimOptions) => Promise<GatewayUnderTest>): void {
  describe(`PoliceGateway help and information: ${name}`, () => {
    let g: PoliceGateway;
    let sut: GatewayUnderTest;

    beforeEach(async () => {
      sut = await start({ now: () => FIXTURE_NOW });
      g = sut.gateway;
    });
    afterEach(async () => {
      await sut.close();
    });

    describe('application progress', () => {
      it('lists every kind the backend keeps for a person, newest first, with pick-up place, amount and due date', async () => {
        const all = value(await g.getApplicationProgress({ idNumber: RESIDENT.standard }));
        expect(all.applications.map((a) => [a.applicationNo, a.kind, a.status])).toEqual([
          [APPLICATION.idCardProducing, 'idCard', 'producing'],
          [OVERDUE_DECISION_NO, 'trafficDecision', 'awaitingPayment'],
          [APPLICATION.endorsementCollected, 'exitEntryEndorsement', 'collected'],
          [PAID_DECISION_NO, 'trafficDecision', 'paid'],
        ]);
        const [idCard, overdue, , paid] = all.applications;
        expect(idCard).toMatchObject({ pickUpPlace: expect.stringContaining('户籍窗口') });
        // 200 yuan, due 2025-05-16, 31 days overdue on 2025-06-16: 3 % a day = 186 yuan of late fee.
        expect(overdue).toMatchObject({ amountFen: 38_600, dueDate: '2025-05-16', note: expect.stringContaining('逾期') });
        expect(paid?.amountFen).toBeUndefined();
      });

      it('includes named tip-offs and the temporary-ID and ID-card applications; one by number; someone else’s is not found', async () => {
        const all = value(await g.getApplicationProgress({ idNumber: RESIDENT.applicationInProgress }));
        expect(all.applications.map((a) => [a.applicationNo, a.status])).toEqual([
          [TIP_OFF.namedClosed, 'closed'],
          [APPLICATION.tempIdReviewing, 'reviewing'],
          [APPLICATION.idCardReady, 'readyForCollection'],
        ]);
        const one = value(await g.getApplicationProgress({ idNumber: RESIDENT.applicationInProgress, applicationNo: APPLICATION.idCardReady }));
        expect(one.applications).toEqual([expect.objectContaining({ kind: 'idCard', pickUpPlace: expect.stringContaining('东华门派出所'), note: expect.stringContaining('领取') })]);
        rejected(await g.getApplicationProgress({ idNumber: RESIDENT.standard, applicationNo: APPLICATION.idCardReady }), 'notFound');
        rejected(await g.getApplicationProgress({ idNumber: UNKNOWN_ID_NUMBER }), 'notFound');
        rejected(await g.getApplicationProgress({ idNumber: RESIDENT.standard, applicationNo: 'sq-1' }), 'badRequest');
      });

      it('an issued certificate appears with its validity', async () => {
        const issued = value(
          await g.issueCriminalRecordCertificate({ idempotencyKey: key('c'), idNumber: RESIDENT.elderly, kioskReference: 'TX-INFO-1', purpose: '就业', periodRule: 'fromAge18', validityMonths: 3 }),
        );
        const all = value(await g.getApplicationProgress({ idNumber: RESIDENT.elderly }));
        expect(all.applications).toEqual([expect.objectContaining({ applicationNo: issued.certificateNo, kind: 'noCriminalRecordCertificate', status: 'issued', dueDate: issued.validUntil })]);
      });
    });

    describe('tip-offs', () => {
      it('an anonymous tip-off gets an unguessable tracking number; its state is found by the number alone, without the text', async () => {
        const receipt = value(await g.submitTipOff({ idempotencyKey: key('t'), category: 'drugs', place: '东单北大街', text: '有人在公园附近贩卖可疑药品。', kioskId: 'BJ-DC-0101', kioskReference: 'TX-1' }));
        expect(receipt.trackingNo).toMatch(/^JB20250616\d{4}\d{6}$/);
        expect(receipt.anonymous).toBe(true);
        const status = value(await g.getTipOffStatus({ trackingNo: receipt.trackingNo }));
        expect(status).toEqual({ trackingNo: receipt.trackingNo, category: 'drugs', status: 'received', receivedAt: receipt.receivedAt, updatedAt: receipt.receivedAt });
        expect(JSON.stringify(status)).not.toContain('药品');
        expect(sut.controls.storedTipOff(receipt.trackingNo)).toEqual({ category: 'drugs', place: '东单北大街', text: '有人在公园附近贩卖可疑药品。', reporterIdNumber: null });
        sut.controls.advanceTipOff(receipt.trackingNo, 'closed', '已转交属地派出所');
        expect(value(await g.getTipOffStatus({ trackingNo: receipt.trackingNo }))).toMatchObject({ status: 'closed', note: '已转交属地派出所' });
        rejected(await g.getTipOffStatus({ trackingNo: 'JB202506160001000000' }), 'notFound');
        rejected(await g.getTipOffStatus({ trackingNo: 'JB2025' }), 'badRequest');
      });

      it('the same kiosk reference is one tip-off; a named one is in the reporter’s progress', async () => {
        const request = { category: 'fraud' as const, text: '冒充客服退款。', reporterIdNumber: RESIDENT.elderly, kioskId: 'BJ-DC-0101', kioskReference: 'TX-2' };
        const first = value(await g.submitTipOff({ idempotencyKey: key('n'), ...request }));
        const again = value(await g.submitTipOff({ idempotencyKey: key('n'), ...request }));
        expect(again.trackingNo).toBe(first.trackingNo);
        expect(first.anonymous).toBe(false);
        const progress = value(await g.getApplicationProgress({ idNumber: RESIDENT.elderly, applicationNo: first.trackingNo }));
        expect(progress.applications).toEqual([expect.objectContaining({ kind: 'tipOff', status: 'received' })]);
        expect(value(await g.getTipOffStatus({ trackingNo: TIP_OFF.anonymousReviewing })).status).toBe('reviewing');
      });

      it('refuses a text over the limit and a missing idempotency key', async () => {
        rejected(await g.submitTipOff({ idempotencyKey: key('l'), category: 'other', text: '字'.repeat(501), kioskId: 'BJ-DC-0101', kioskReference: 'TX-3' }), 'badRequest');
        rejected(await g.submitTipOff({ idempotencyKey: '', category: 'other', text: '文字', kioskId: 'BJ-DC-0101', kioskReference: 'TX-4' }), 'idempotencyKeyRequired');
      });
    });

    describe('notices', () => {
      it('lists the published notices; each image comes with its exact size and digest', async () => {
        const list = value(await g.getNotices({ kioskId: 'BJ-DC-0101' }));
        expect(list.notices.map((n) => n.noticeId).sort()).toEqual(Object.values(NOTICE).sort());
        const withImages = list.notices.filter((n) => n.image);
        expect(withImages.map((n) => n.image?.contentType).sort()).toEqual(['image/jpeg', 'image/png']);
        for (const notice of withImages) {
          const image = value(await g.getNoticeImage({ imageId: notice.image!.imageId }));
          const bytes = Buffer.from(image.dataBase64, 'base64');
          expect(bytes.length).toBe(notice.image!.byteLength);
          expect(createHash('sha256').update(bytes).digest('hex')).toBe(notice.image!.sha256);
        }
        expect(list.notices.find((n) => n.kind === 'wechatGroup')?.qrPayload).toMatch(/^https:\/\/work\.weixin\.qq\.com\//);
        rejected(await g.getNoticeImage({ imageId: 'NOPE' }), 'notFound');
      });
    });
  });
}
