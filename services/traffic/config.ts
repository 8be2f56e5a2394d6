/**
 * The traffic service's configuration fragment (`services.traffic`): which look-ups the post
 * offers and the rules of what a kiosk may handle, which differ between cities. Defaults are
 * written once, here (Beijing's and Hefei's published kiosk rules); unknown keys are refused.
 */
import { z } from 'zod';
import { TrafficRoute, VehicleCheckMode } from '../../contract/flows/traffic';
import { VehicleUse } from '../gateway/traffic-schemas';

const PlateTypeCode = z.string().regex(/^\d{2}$/, 'a two-digit GA 24.7 plate type, e.g. "01"');

export const TrafficRules = z.strictObject({
  /** Only camera-recorded (非现场) violations. */
  cameraRecordedOnly: z.boolean().default(true),
  /** Plate prefixes counted as local (a province, or a province and its letter: "京", "粤B"); empty = any. */
  localPlatePrefixes: z.array(z.string().min(1).max(2)).default(['京']),
  /** Largest fine per record, in yuan. */
  maxFineYuan: z.number().int().nonnegative().default(200),
  /** Most points per record. */
  maxPointsPerRecord: z.number().int().min(0).max(12).default(6),
  /** Refuse what would bring the licence to 12 points or more in the scoring cycle. */
  refuseReaching12Points: z.boolean().default(true),
  /** Refuse when the licence is suspended, revoked, expired or otherwise not valid. */
  refuseAbnormalLicence: z.boolean().default(true),
  /** Only the registered owner takes a vehicle's records on their licence ("人、证、车" match). */
  ownerOnly: z.boolean().default(true),
  /** Commercial and key-managed vehicles (重点车辆), by registered use. */
  refusedVehicleUses: z.array(VehicleUse).default(['passengerTransport', 'tourism', 'bus', 'taxi', 'schoolBus', 'hazardousGoods', 'drivingSchool', 'goods']),
  /** Plate types handled at a window: large vehicles (yellow), trailers, driving school, police, Hong Kong / Macao, large new-energy. */
  refusedPlateTypes: z.array(PlateTypeCode).default(['01', '15', '16', '23', '26', '27', '51']),
  /** Behaviour codes of speeding by 50 % or more. */
  speeding50Codes: z.array(z.string().regex(/^\d{4,5}$/)).default(['1603']),
  refuseExpressway: z.boolean().default(true),
  /** The critical notice (临界告知) from this many points in the cycle. */
  criticalPoints: z.number().int().min(1).max(11).default(9),
});
export type TrafficRules = z.infer<typeof TrafficRules>;

export const TrafficConfig = z.strictObject({
  enabled: z.boolean().default(false),
  /** The look-ups offered on the notice, in order. */
  routes: z.array(TrafficRoute).min(1).max(3).default(['vehicle', 'licence', 'idCard']),
  /** What confirms a vehicle look-up: the VIN's last 6 (most cities) or 4 (Shenzhen), or the engine number's last 6. */
  vehicleCheck: VehicleCheckMode.default('vinLast6'),
  rules: TrafficRules.prefault({}),
  /** Look-ups that find nothing before the resident is sent to a window. */
  maxLookupAttempts: z.number().int().min(1).max(10).default(3),
  /** Face captures before the resident is sent to a window. */
  maxFaceAttempts: z.number().int().min(1).max(10).default(3),
  /** How long the payment QR stays valid before the order is cancelled. */
  paymentTimeoutSeconds: z.number().int().min(30).max(900).default(180),
  /** 处罚地点 printed on decisions made here (default: the post's name). */
  decisionPlace: z.string().min(1).max(60).optional(),
});
export type TrafficConfig = z.infer<typeof TrafficConfig>;
