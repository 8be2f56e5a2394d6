/**
 * The simulator's traffic operations over its SQLite database: look-ups by vehicle, licence and
 * person, handling a record (a simplified-procedure decision with the points booked), a decision
 * by its 16-digit number (payable summary, or the signed document for printing), and the checks
 * and bookkeeping of orders that pay fines.
 */
import { maskName } from '../../contract/names';
import { decisionCodePayload } from '../documents/penalty-decision';
import type { DocumentSigner } from '../documents/issuer';
import type * as s from '../gateway/schemas';
import { maskIdNumber } from '../gateway/gb11643';
import { nextCounter, type SimDatabase } from './db';
import { done, refuse, type Outcome } from './outcome';
import { addDays, beijingDate, daysOverdue, kioskRefusal, lateFeeFen, type KioskLimits, type LicenceFacts } from './traffic-rules';
import { KIOSK_REMARKS, PLATE_TYPE_WORDS, provisionsFor, type DecisionWording } from './traffic-texts';

interface LicenceRow { licence_number: string; file_number: string; status: LicenceFacts['status']; points_in_cycle: number; cycle_ends: string; permitted_class: string }
interface VehicleRow { plate_number: string; plate_type: string; vin: string; owner_id_number: string; commercial: number; use: string; engine_no: string }
interface ViolationRow {
  violation_no: string; plate_number: string; plate_type: string; occurred_at: string; place: string; behaviour_code: string;
  behaviour_text: string; points: number; fine_fen: number; source: 'camera' | 'onSite'; highway: number; handled: number; paid: number;
  decision_no: string | null; decided_at: string | null; due_date: string | null; licence_number: string | null; detecting_authority: string;
  decision_place: string | null; handled_via: string | null;
  commercial: number; use: string; owner_id_number: string;
}

export interface TrafficContext {
  db: SimDatabase;
  now: () => Date;
  limits: KioskLimits;
  signer: DocumentSigner;
  wording: DecisionWording;
}

export type TrafficLogic = ReturnType<typeof createTrafficLogic>;

export function createTrafficLogic({ db, now, limits, signer, wording }: TrafficContext) {
  const today = () => beijingDate(now());
  const iso = () => now().toISOString();
  const licenceById = db.prepare<[string], LicenceRow>('SELECT * FROM licences WHERE licence_number = ?');
  const nameOf = db.prepare<[string], { name: string }>('SELECT name FROM residents WHERE id_number = ?');
  const violationSelect = `SELECT v.*, ve.commercial, ve.use, ve.owner_id_number FROM violations v
    JOIN vehicles ve ON ve.plate_number = v.plate_number AND ve.plate_type = v.plate_type`;
  const byDecision = db.prepare<[string], ViolationRow>(`${violationSelect} WHERE v.decision_no = ?`);

  const isLocal = (plate: string) => !limits.localPlatePrefixes || limits.localPlatePrefixes.some((p) => plate.startsWith(p));
  const licenceFacts = (l: LicenceRow): LicenceFacts => ({ status: l.status, pointsInCycle: l.points_in_cycle });
  const lateFeeOf = (v: ViolationRow) => (v.due_date && !v.paid ? lateFeeFen(v.fine_fen, daysOverdue(v.due_date, today())) : 0);

  function toViolation(v: ViolationRow, licence: LicenceRow | null): s.Violation {
    const refusal = kioskRefusal(
      {
        handled: v.handled === 1, source: v.source, plateNumber: v.plate_number, commercial: v.commercial === 1, use: v.use, behaviourCode: v.behaviour_code,
        highway: v.highway === 1, fineFen: v.fine_fen, points: v.points, ...(licence ? { ownerIsHolder: v.owner_id_number === licence.licence_number } : {}),
      },
      licence ? licenceFacts(licence) : null, limits,
    );
    return {
      violationNo: v.violation_no, plateNumber: v.plate_number, plateType: v.plate_type as s.PlateType, vehicleUse: v.use as s.VehicleUse,
      occurredAt: v.occurred_at, place: v.place, behaviourCode: v.behaviour_code, behaviourText: v.behaviour_text, points: v.points, fineFen: v.fine_fen,
      lateFeeFen: lateFeeOf(v), ...(v.due_date ? { dueDate: v.due_date } : {}), source: v.source, highway: v.highway === 1, handled: v.handled === 1,
      paid: v.paid === 1, ...(v.decision_no ? { decisionNo: v.decision_no } : {}), detectingAuthority: v.detecting_authority,
      kioskHandling: refusal ? { allowed: false, reason: refusal } : { allowed: true },
    };
  }

  function vehicleSummary(ve: VehicleRow): s.VehicleSummary {
    return {
      plateNumber: ve.plate_number, plateType: ve.plate_type as s.PlateType, commercial: ve.commercial === 1, use: ve.use as s.VehicleUse,
      local: isLocal(ve.plate_number), ownerNameMasked: maskName(nameOf.get(ve.owner_id_number)?.name ?? ''),
    };
  }

  /** Violations of a vehicle; a wrong VIN or engine number answers notFound (no hint that the plate exists). */
  function queryViolationsByVehicle(req: s.ViolationsByVehicleRequest): Outcome<s.VehicleViolations> {
    const ve = db.prepare<[string, string], VehicleRow>('SELECT * FROM vehicles WHERE plate_number = ? AND plate_type = ?').get(req.plateNumber, req.plateType);
    const tail = req.vinLast6 ?? req.vinLast4;
    const confirmed = ve && (tail !== undefined ? ve.vin.endsWith(tail) : req.engineLast6 !== undefined && ve.engine_no.length >= 6 && ve.engine_no.endsWith(req.engineLast6));
    if (!ve || !confirmed) return refuse(404, 'notFound', 'no vehicle matches plate, type and check characters');
    const rows = db.prepare<[string, string], ViolationRow>(`${violationSelect} WHERE v.plate_number = ? AND v.plate_type = ? ORDER BY v.occurred_at`).all(req.plateNumber, req.plateType);
    return done({ vehicle: vehicleSummary(ve), violations: rows.map((v) => toViolation(v, null)) });
  }

  function findLicence(licenceNumber: string, fileNumber: string): LicenceRow | undefined {
    const l = licenceById.get(licenceNumber);
    return l && l.file_number === fileNumber ? l : undefined;
  }

  const licenceSummary = (l: LicenceRow): s.LicenceSummary => ({ licenceNumberMasked: maskIdNumber(l.licence_number), status: l.status, pointsInCycle: l.points_in_cycle, cycleEnds: l.cycle_ends });

  /** Violations booked on a licence, plus unhandled ones of vehicles the holder owns. */
  function queryViolationsByLicence(req: s.ViolationsByLicenceRequest): Outcome<s.LicenceViolations> {
    const l = findLicence(req.licenceNumber, req.fileNumber);
    if (!l) return refuse(404, 'notFound', 'no licence matches number and file number');
    const rows = db.prepare<[string, string], ViolationRow>(`${violationSelect}
      WHERE v.licence_number = ? OR (v.handled = 0 AND ve.owner_id_number = ?) ORDER BY v.occurred_at`).all(l.licence_number, l.licence_number);
    return done({ licence: licenceSummary(l), violations: rows.map((v) => toViolation(v, l)) });
  }

  /** A person's licence (with the file number), the vehicles registered to them, and their records. */
  function queryPersonTraffic(req: s.PersonTrafficRequest): Outcome<s.PersonTraffic> {
    if (!nameOf.get(req.idNumber)) return refuse(404, 'notFound', `no registry record for ${maskIdNumber(req.idNumber)}`);
    const l = licenceById.get(req.idNumber) ?? null;
    const vehicles = db.prepare<[string], VehicleRow>('SELECT * FROM vehicles WHERE owner_id_number = ? ORDER BY plate_number').all(req.idNumber);
    const rows = db.prepare<[string, string], ViolationRow>(`${violationSelect}
      WHERE v.licence_number = ? OR (v.handled = 0 AND ve.owner_id_number = ?) ORDER BY v.occurred_at`).all(req.idNumber, req.idNumber);
    return done({
      licence: l ? { ...licenceSummary(l), fileNumber: l.file_number, permittedClass: l.permitted_class } : null,
      vehicles: vehicles.map(vehicleSummary),
      violations: rows.map((v) => toViolation(v, l)),
    });
  }

  /** Handles a violation at the kiosk: checks the limits, books the points, issues the decision. */
  function handleViolation(req: s.HandleViolationRequest & { violationNo: string }): Outcome<s.PenaltyDecision> {
    const v = db.prepare<[string], ViolationRow>(`${violationSelect} WHERE v.violation_no = ?`).get(req.violationNo);
    if (!v) return refuse(404, 'notFound', 'no such violation');
    const l = findLicence(req.licenceNumber, req.fileNumber);
    if (!l) return refuse(404, 'notFound', 'no licence matches number and file number');
    if (v.handled) return refuse(409, 'alreadyHandled', 'the violation has already been handled', 'alreadyHandled');
    const view = toViolation(v, l);
    if (!view.kioskHandling.allowed) return refuse(422, 'kioskNotAllowed', 'this record must be handled at a counter', view.kioskHandling.reason);

    const year = today().slice(0, 4);
    const decisionNo = `110101${year}${String(nextCounter(db, `decision/${year}`)).padStart(6, '0')}`;
    const decidedAt = iso();
    const dueDate = addDays(today(), 15);
    db.prepare(`UPDATE violations SET handled = 1, decision_no = ?, decided_at = ?, due_date = ?, licence_number = ?, decision_place = ?, handled_via = 'kiosk'
      WHERE violation_no = ?`).run(decisionNo, decidedAt, dueDate, l.licence_number, req.decisionPlace ?? v.detecting_authority, v.violation_no);
    db.prepare('UPDATE licences SET points_in_cycle = points_in_cycle + ? WHERE licence_number = ?').run(v.points, l.licence_number);
    return done({
      decisionNo, violationNo: v.violation_no, plateNumber: v.plate_number, licenceNumberMasked: maskIdNumber(l.licence_number),
      behaviourCode: v.behaviour_code, behaviourText: v.behaviour_text, points: v.points, fineFen: v.fine_fen, lateFeeFen: 0,
      totalFen: v.fine_fen, decidedAt, dueDate, authority: v.detecting_authority,
    });
  }

  /** A decision by its number, masked: what paying it (e.g. one handled elsewhere) needs to show. */
  function lookupDecision(req: { decisionNo: string }): Outcome<s.DecisionSummary> {
    const v = byDecision.get(req.decisionNo);
    if (!v || !v.licence_number || !v.decided_at || !v.due_date) return refuse(404, 'notFound', 'no decision with this number');
    const l = licenceById.get(v.licence_number) ?? null;
    const violation = toViolation(v, l);
    return done({
      decisionNo: req.decisionNo, violation, partyNameMasked: maskName(nameOf.get(v.licence_number)?.name ?? ''), licenceNumberMasked: maskIdNumber(v.licence_number),
      decidedAt: v.decided_at, dueDate: v.due_date, amountDueFen: v.paid ? 0 : v.fine_fen + violation.lateFeeFen,
    });
  }

  /** The decision's printed fields, as the national form lays them out. */
  function decisionFields(v: ViolationRow, l: LicenceRow, partyName: string): s.PenaltyDecisionFields {
    const occurred = new Date(Date.parse(v.occurred_at) + 8 * 3_600_000).toISOString();
    const provisions = provisionsFor(v.behaviour_code);
    const atKiosk = v.handled_via === 'kiosk';
    return {
      issuingUnit: v.detecting_authority,
      decisionNumber: v.decision_no!,
      party: { name: partyName, licenceNumber: l.licence_number, licenceFileNumber: l.file_number, permittedClass: l.permitted_class, licenceIssuer: wording.licenceIssuer },
      vehicle: { plate: v.plate_number, plateType: PLATE_TYPE_WORDS[v.plate_type] ?? v.plate_type },
      violation: { time: `${occurred.slice(0, 10)} ${occurred.slice(11, 16)}`, place: v.place, behaviour: v.behaviour_text, code: v.behaviour_code, provisionViolated: provisions.violated, basis: provisions.basis },
      fineYuan: v.fine_fen / 100,
      points: v.points,
      paymentPlace: wording.paymentPlace,
      reviewAuthority: wording.reviewAuthority,
      court: wording.court,
      decisionPlace: v.decision_place ?? v.detecting_authority,
      decidedOn: beijingDate(new Date(v.decided_at!)),
      officer: atKiosk ? '自助处理' : '窗口处理',
      ...(atKiosk ? { remarks: KIOSK_REMARKS } : {}),
    };
  }

  /** The decision as the issuer hands it out for printing: its fields and their signed code. */
  function getDecisionDocument(req: { decisionNo: string }): Outcome<s.PenaltyDecisionDocument> {
    const v = byDecision.get(req.decisionNo);
    const l = v?.licence_number ? licenceById.get(v.licence_number) : undefined;
    if (!v || !l || !v.decided_at) return refuse(404, 'notFound', 'no decision with this number');
    const document = decisionFields(v, l, nameOf.get(l.licence_number)?.name ?? '');
    return done({ decisionNo: req.decisionNo, paid: v.paid === 1, document, code: signer.sign(decisionCodePayload(document)) });
  }

  /**
   * A traffic-fine order must name unpaid decisions and ask exactly their fines plus today's late
   * fees (what the payment system of the traffic police checks before it takes the money).
   */
  function checkFineOrder(references: readonly string[], amountFen: number): Outcome<null> {
    let due = 0;
    for (const decisionNo of new Set(references)) {
      const v = byDecision.get(decisionNo);
      if (!v) return refuse(404, 'notFound', 'an order names a decision that does not exist');
      if (v.paid) return refuse(409, 'alreadyPaid', 'an order names a decision that is already paid');
      due += v.fine_fen + lateFeeOf(v);
    }
    if (due !== amountFen) return refuse(422, 'amountMismatch', `the decisions are due ${due} fen, not ${amountFen}`);
    return done(null);
  }

  /** Marks the decisions an order pays for paid (or unpaid again after a full refund). */
  function markDecisionsPaid(references: readonly string[], paid: boolean): void {
    const mark = db.prepare('UPDATE violations SET paid = ? WHERE decision_no = ?');
    for (const decisionNo of references) mark.run(paid ? 1 : 0, decisionNo);
  }

  return {
    operations: { queryViolationsByVehicle, queryViolationsByLicence, queryPersonTraffic, handleViolation, lookupDecision, getDecisionDocument },
    checkFineOrder,
    markDecisionsPaid,
  };
}
