import { describe, expect, it } from 'vitest';
import { parseTempIdView, tempIdEvents, tempIdViews, TempIdState } from './temp-id-card';

describe('contract', () => {
  it('has a view schema for every state and a schema for every event', () => {
    for (const state of TempIdState.options) expect(tempIdViews[state]).toBeDefined();
    expect(Object.keys(tempIdEvents).sort()).toEqual(['accept', 'back', 'cameraUnavailable', 'cancelPayment', 'confirm', 'decline', 'faceCaptured', 'idNumberEntered']);
    expect(parseTempIdView('eligibility', { maskedIdNumber: '110101199007210053' })).toBeUndefined();
    expect(parseTempIdView('eligibility', { maskedIdNumber: '110101********0053' })).toEqual({ maskedIdNumber: '110101********0053' });
    expect(tempIdEvents.faceCaptured.safeParse({ imageJpegBase64: 'not base64!' }).success).toBe(false);
  });
});
