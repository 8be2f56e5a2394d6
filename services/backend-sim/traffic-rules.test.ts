import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, daysOverdue, DEFAULT_KIOSK_LIMITS, kioskRefusal, lateFeeFen, type ViolationFacts } from './traffic-rules';

const small: ViolationFacts = { handled: false, source: 'camera', plateNumber: '京A12345', commercial: false, behaviourCode: '1345', highway: false, fineFen: 10000, points: 3 };

describe('late fee', () => {
  it('is 3% of the fine per day overdue', () => {
    expect(lateFeeFen(20000, 0)).toBe(0);
    expect(lateFeeFen(20000, 1)).toBe(600);
    expect(lateFeeFen(20000, 10)).toBe(6000);
    expect(lateFeeFen(5000, 3)).toBe(450);
  });
  it('is capped at the fine itself', () => {
    expect(lateFeeFen(20000, 33)).toBe(19800);
    expect(lateFeeFen(20000, 34)).toBe(20000);
    expect(lateFeeFen(20000, 400)).toBe(20000);
  });
  it('counts whole days after the due date', () => {
    expect(daysOverdue('2025-05-16', '2025-05-16')).toBe(0);
    expect(daysOverdue('2025-05-16', '2025-05-17')).toBe(1);
    expect(daysOverdue('2025-05-16', '2025-06-16')).toBe(31);
    expect(daysOverdue('2025-05-16', '2025-05-01')).toBe(0);
  });
});

describe('kiosk limits', () => {
  const L = DEFAULT_KIOSK_LIMITS;
  const licence = { status: 'valid' as const, pointsInCycle: 0 };
  it('allows a small local camera record', () => {
    expect(kioskRefusal(small, licence, L)).toBeNull();
    expect(kioskRefusal({ ...small, fineFen: 20000, points: 6 }, licence, L)).toBeNull();
  });
  it('refuses each limit with its own reason', () => {
    expect(kioskRefusal({ ...small, handled: true }, licence, L)).toBe('alreadyHandled');
    expect(kioskRefusal({ ...small, source: 'onSite' }, licence, L)).toBe('notCameraRecorded');
    expect(kioskRefusal({ ...small, plateNumber: '冀A55555' }, licence, L)).toBe('notLocalVehicle');
    expect(kioskRefusal({ ...small, commercial: true }, licence, L)).toBe('commercialVehicle');
    expect(kioskRefusal({ ...small, behaviourCode: '1603' }, licence, L)).toBe('speeding50Percent');
    expect(kioskRefusal({ ...small, highway: true }, licence, L)).toBe('highway');
    expect(kioskRefusal({ ...small, fineFen: 20001 }, licence, L)).toBe('fineOverLimit');
    expect(kioskRefusal({ ...small, points: 7 }, licence, L)).toBe('pointsOverLimit');
    expect(kioskRefusal(small, { status: 'suspended', pointsInCycle: 0 }, L)).toBe('licenceNotValid');
    expect(kioskRefusal(small, { status: 'valid', pointsInCycle: 9 }, L)).toBe('wouldReach12Points');
    expect(kioskRefusal(small, { status: 'valid', pointsInCycle: 8 }, L)).toBeNull();
  });
  it('limits are configuration', () => {
    expect(kioskRefusal({ ...small, plateNumber: '冀A55555', source: 'onSite' }, licence, { ...L, localPlatePrefixes: null, cameraRecordedOnly: false })).toBeNull();
    expect(kioskRefusal({ ...small, fineFen: 30000 }, licence, { ...L, maxFineFen: 50000 })).toBeNull();
    expect(kioskRefusal(small, null, L)).toBeNull();
  });
});

describe('dates', () => {
  it('adds months clamped to month end; computes age', () => {
    expect(addMonths('2025-06-16', 3)).toBe('2025-09-16');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(ageOn('2009-06-17', '2025-06-16')).toBe(15);
    expect(ageOn('2009-06-16', '2025-06-16')).toBe(16);
  });
});
