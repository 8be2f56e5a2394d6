import { describe, expect, it } from 'vitest';
import type { Violation } from '../gateway/types';
import { TrafficRules } from './config';
import { planSelection, recordView, refusalOf } from './rules';

const rules = TrafficRules.parse({});
const record = (over: Partial<Violation> = {}): Violation => ({
  violationNo: 'V1',
  plateNumber: '京E10000',
  plateType: '02',
  vehicleUse: 'private',
  occurredAt: '2025-05-20T01:30:00.000Z',
  place: '东城区',
  behaviourCode: '1345',
  behaviourText: '机动车违反禁止标线指示的',
  points: 3,
  fineFen: 10000,
  lateFeeFen: 0,
  source: 'camera',
  highway: false,
  handled: false,
  paid: false,
  detectingAuthority: '东城交通支队',
  kioskHandling: { allowed: true },
  ...over,
});
const holder = { status: 'valid' as const, pointsInCycle: 0, ownedPlates: ['京E10000/02'] };

describe('kiosk rules (configuration)', () => {
  it('names the first rule a record breaks', () => {
    expect(refusalOf(record(), rules, holder)).toBeUndefined();
    expect(refusalOf(record({ source: 'onSite' }), rules)).toBe('notCameraRecorded');
    expect(refusalOf(record({ plateNumber: '冀A55555' }), rules)).toBe('notLocalVehicle');
    expect(refusalOf(record({ vehicleUse: 'schoolBus' }), rules)).toBe('keyManagedVehicle');
    expect(refusalOf(record({ plateType: '01' }), rules)).toBe('plateTypeNotServed');
    expect(refusalOf(record({ behaviourCode: '1603' }), rules)).toBe('speeding50Percent');
    expect(refusalOf(record({ highway: true }), rules)).toBe('expressway');
    expect(refusalOf(record({ fineFen: 20001 }), rules)).toBe('fineOverLimit');
    expect(refusalOf(record({ points: 9 }), rules)).toBe('pointsOverLimit');
    expect(refusalOf(record(), rules, { ...holder, status: 'suspended' })).toBe('licenceNotValid');
    expect(refusalOf(record(), rules, { ...holder, ownedPlates: [] })).toBe('notVehicleOwner');
    expect(refusalOf(record(), rules, { ...holder, pointsInCycle: 9 })).toBe('wouldReach12Points');
    // The police system's own refusal stands when the kiosk's rules let a record through.
    expect(refusalOf(record({ kioskHandling: { allowed: false, reason: 'highway' } }), rules)).toBe('expressway');
  });

  it('each rule is configuration', () => {
    const lax = TrafficRules.parse({ localPlatePrefixes: [], maxFineYuan: 1000, refusedPlateTypes: [], refuseExpressway: false });
    expect(refusalOf(record({ plateNumber: '冀A55555', fineFen: 50000, plateType: '01', highway: true }), lax)).toBeUndefined();
  });

  it('handled records are paid or reprinted, never handled again', () => {
    expect(recordView(record({ handled: true, decisionNo: '1101012025000001' }), rules).action).toBe('pay');
    expect(recordView(record({ handled: true, paid: true, decisionNo: '1101012025000001' }), rules).action).toBe('reprint');
    expect(recordView(record({ source: 'onSite' }), rules)).toMatchObject({ action: 'none', refusal: 'notCameraRecorded' });
  });

  it('a selection never takes the licence to 12 points: later records are dropped with the rule', () => {
    const records = [record({ violationNo: 'A', points: 6 }), record({ violationNo: 'B', points: 3 }), record({ violationNo: 'C', points: 3 })];
    const plan = planSelection(records, { handle: ['A', 'B', 'C'], pay: [], reprint: [] }, rules, { ...holder, pointsInCycle: 2 });
    expect(plan.toHandle.map((v) => v.violationNo)).toEqual(['A', 'B']);
    expect(plan.dropped).toEqual([{ violationNo: 'C', refusal: 'wouldReach12Points' }]);
    expect(plan).toMatchObject({ pointsAfter: 11, finesFen: 20000 });
  });
});
