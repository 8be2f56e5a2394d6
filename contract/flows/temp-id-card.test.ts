import { describe, expect, it } from 'vitest';
import { COMMON_REASONS } from './common';
import { parseTempIdView, tempIdContract, tempIdViews } from './temp-id-card';

describe('temporary ID contract', () => {
  it('has a view schema for every state and a schema for every event', () => {
    for (const state of tempIdContract.State.options) expect(tempIdViews[state]).toBeDefined();
    expect(Object.keys(tempIdContract.events).sort()).toEqual(['accept', 'back', 'cameraUnavailable', 'cancelPayment', 'confirm', 'decline', 'faceCaptured', 'idNumberEntered']);
    expect(parseTempIdView('eligibility', { maskedIdNumber: '110101199007210053' })).toBeUndefined();
    expect(parseTempIdView('eligibility', { maskedIdNumber: '110101********0053' })).toEqual({ maskedIdNumber: '110101********0053' });
    expect(tempIdContract.events.faceCaptured.safeParse({ imageJpegBase64: 'not base64!' }).success).toBe(false);
  });

  it('derives the steps, each state’s step number and the full reason list from one declaration', () => {
    expect(tempIdContract.totalSteps).toBe(8);
    expect(tempIdContract.stepOf('notice')).toBe(1);
    expect(tempIdContract.stepOf('face')).toBe(4);
    expect(tempIdContract.stepOf('faceCheck')).toBe(4);
    expect(tempIdContract.stepOf('done')).toBe(8);
    for (const reason of [...COMMON_REASONS, 'rareCharacter', 'cardPrinterFailed']) expect(tempIdContract.Reason.safeParse(reason).success, reason).toBe(true);
    expect(tempIdContract.Reason.safeParse('noSuchReason').success).toBe(false);
  });

  it('parses an ending view: the money and the printer problem, whatever state it ended in', () => {
    expect(tempIdContract.parseEnding({ money: { status: 'refunded', amountFen: 1000, ticketNo: 'WK-20261201-001' }, printerProblem: 'cardJam' })).toEqual({
      money: { status: 'refunded', amountFen: 1000, ticketNo: 'WK-20261201-001' },
      printerProblem: 'cardJam',
    });
    expect(tempIdContract.parseEnding({ money: { status: 'lost' } })).toBeUndefined();
    expect(tempIdContract.moneyOf({ money: { status: 'charged', amountFen: 1000 }, junk: 1 })).toEqual({ status: 'charged', amountFen: 1000 });
  });
});
