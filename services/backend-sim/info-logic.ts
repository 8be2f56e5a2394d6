/**
 * The simulator's help-and-information side: a person's applications across every table the
 * backend keeps (applications, certificates, traffic decisions, named tip-offs), tip-offs with
 * unguessable tracking numbers, and the notices published to kiosks with their images.
 *
 * Tip-off texts live here only (the kiosk keeps nothing but the tracking number). A tip-off's state
 * by its tracking number carries no personal data and never the text.
 */
import { randomInt } from 'node:crypto';
import type * as s from '../gateway/schemas';
import { nextCounter, type ResidentRow, type SimDatabase } from './db';
import { done, refuse, type Outcome } from './outcome';
import { seedInfo } from './info-seed';
import { daysOverdue, lateFeeFen } from './traffic-rules';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tip_offs (
  tracking_no TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  kiosk_reference TEXT NOT NULL,
  category TEXT NOT NULL,
  place TEXT,
  text TEXT NOT NULL,
  reporter_id_number TEXT,
  status TEXT NOT NULL CHECK (status IN ('received','reviewing','closed')),
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  note TEXT,
  UNIQUE (kiosk_id, kiosk_reference)
) STRICT;
CREATE TABLE IF NOT EXISTS notices (
  notice_id TEXT PRIMARY KEY,
  body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE TABLE IF NOT EXISTS notice_images (
  image_id TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL
) STRICT;
`;

interface ApplicationRow {
  application_no: string; kind: s.ApplicationKind; status: s.ApplicationStatus; submitted_at: string; updated_at: string; valid_until: string | null; note: string | null; pick_up_place: string | null;
}
interface TipOffRow {
  tracking_no: string; category: s.TipOffCategory; status: 'received' | 'reviewing' | 'closed'; received_at: string; updated_at: string; note: string | null; reporter_id_number: string | null; kiosk_reference: string; kiosk_id: string;
}

export interface InfoDeps {
  db: SimDatabase;
  now: () => Date;
  today: () => string;
  resident: (idNumber: string) => ResidentRow | undefined;
}

export function createInfoLogic({ db, now, today, resident }: InfoDeps) {
  db.exec(SCHEMA);
  seedInfo(db, now());
  const iso = () => now().toISOString();

  const tipOffByNo = db.prepare<[string], TipOffRow>('SELECT * FROM tip_offs WHERE tracking_no = ?');

  // ------------------------------------------------------------------------------------------
  // A person's applications, from every table
  // ------------------------------------------------------------------------------------------

  function applicationsOf(idNumber: string): s.Application[] {
    const own = (db.prepare('SELECT * FROM applications WHERE id_number = ?').all(idNumber) as ApplicationRow[]).map(
      (a): s.Application => ({
        applicationNo: a.application_no, kind: a.kind, status: a.status, submittedAt: a.submitted_at, updatedAt: a.updated_at,
        ...(a.pick_up_place ? { pickUpPlace: a.pick_up_place } : {}),
        ...(a.valid_until && a.status === 'collected' ? { dueDate: a.valid_until } : {}),
        ...(a.note ? { note: a.note } : {}),
      }),
    );
    const certificates = (db.prepare(`SELECT c.certificate_no, c.issued_at, i.valid_until, v.voided_at FROM certificates c
      LEFT JOIN certificate_issues i USING (certificate_no) LEFT JOIN certificate_voidings v ON v.certificate_no = c.certificate_no
      WHERE c.id_number = ?`).all(idNumber) as { certificate_no: string; issued_at: string; valid_until: string | null; voided_at: string | null }[]).map(
      (c): s.Application => ({
        applicationNo: c.certificate_no, kind: 'noCriminalRecordCertificate', status: c.voided_at ? 'voided' : 'issued', submittedAt: c.issued_at, updatedAt: c.voided_at ?? c.issued_at,
        ...(c.valid_until && !c.voided_at ? { dueDate: c.valid_until } : {}),
      }),
    );
    const decisions = (db.prepare(`SELECT decision_no, decided_at, due_date, paid, fine_fen, plate_number FROM violations
      WHERE licence_number = ? AND decision_no IS NOT NULL`).all(idNumber) as { decision_no: string; decided_at: string; due_date: string | null; paid: number; fine_fen: number; plate_number: string }[]).map(
      (d): s.Application => {
        const lateFee = d.due_date && !d.paid ? lateFeeFen(d.fine_fen, daysOverdue(d.due_date, today())) : 0;
        return {
          applicationNo: d.decision_no, kind: 'trafficDecision', status: d.paid ? 'paid' : 'awaitingPayment', submittedAt: d.decided_at, updatedAt: d.decided_at,
          ...(d.paid ? {} : { amountFen: d.fine_fen + lateFee, ...(d.due_date ? { dueDate: d.due_date } : {}) }),
          note: `号牌 ${d.plate_number}${lateFee > 0 ? '，已逾期，每日加处罚款3%' : ''}`,
        };
      },
    );
    const tipOffs = (db.prepare('SELECT * FROM tip_offs WHERE reporter_id_number = ?').all(idNumber) as TipOffRow[]).map(tipOffApplication);
    return [...own, ...certificates, ...decisions, ...tipOffs].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  }

  function tipOffApplication(t: TipOffRow): s.Application {
    return { applicationNo: t.tracking_no, kind: 'tipOff', status: t.status, submittedAt: t.received_at, updatedAt: t.updated_at, ...(t.note ? { note: t.note } : {}) };
  }

  /** A person's applications, newest first, or one of them by its number (someone else's is "not found"). */
  function getApplicationProgress(req: s.ApplicationProgressRequest): Outcome<s.ApplicationProgress> {
    if (!resident(req.idNumber)) return refuse(404, 'notFound', 'no registry record for this ID number');
    const all = applicationsOf(req.idNumber);
    if (!req.applicationNo) return done({ applications: all });
    const picked = all.filter((a) => a.applicationNo === req.applicationNo);
    return picked.length ? done({ applications: picked }) : refuse(404, 'notFound', 'no such application for this person');
  }

  // ------------------------------------------------------------------------------------------
  // Tip-offs
  // ------------------------------------------------------------------------------------------

  /** Receives a tip-off; the same kiosk reference is the same tip-off (answered again). */
  function submitTipOff(req: s.SubmitTipOffRequest): Outcome<s.TipOffReceipt> {
    const again = db.prepare<[string, string], TipOffRow>('SELECT * FROM tip_offs WHERE kiosk_id = ? AND kiosk_reference = ?').get(req.kioskId, req.kioskReference);
    if (again) return done({ trackingNo: again.tracking_no, receivedAt: again.received_at, anonymous: again.reporter_id_number === null });
    const date = today().replaceAll('-', '');
    const sequence = String(nextCounter(db, `tipoff/${date}`)).padStart(4, '0');
    const trackingNo = `JB${date}${sequence}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const at = iso();
    db.prepare(`INSERT INTO tip_offs (tracking_no, kiosk_id, kiosk_reference, category, place, text, reporter_id_number, status, received_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)`).run(trackingNo, req.kioskId, req.kioskReference, req.category, req.place ?? null, req.text, req.reporterIdNumber ?? null, at, at);
    return done({ trackingNo, receivedAt: at, anonymous: req.reporterIdNumber === undefined });
  }

  function getTipOffStatus(req: { trackingNo: string }): Outcome<s.TipOffStatus> {
    const t = tipOffByNo.get(req.trackingNo);
    if (!t) return refuse(404, 'notFound', 'no tip-off with this tracking number');
    return done({ trackingNo: t.tracking_no, category: t.category, status: t.status, receivedAt: t.received_at, updatedAt: t.updated_at, ...(t.note ? { note: t.note } : {}) });
  }

  // ------------------------------------------------------------------------------------------
  // Notices
  // ------------------------------------------------------------------------------------------

  function getNotices(_req: { kioskId: string }): Outcome<s.NoticeList> {
    const rows = db.prepare('SELECT body FROM notices ORDER BY notice_id').all() as { body: string }[];
    return done({ notices: rows.map((r) => JSON.parse(r.body) as s.Notice), generatedAt: iso() });
  }

  function getNoticeImage(req: { imageId: string }): Outcome<s.NoticeImage> {
    const row = db.prepare<[string], { content_type: s.NoticeImage['contentType']; data: Buffer }>('SELECT content_type, data FROM notice_images WHERE image_id = ?').get(req.imageId);
    if (!row) return refuse(404, 'notFound', 'no such notice image');
    return done({ imageId: req.imageId, contentType: row.content_type, dataBase64: row.data.toString('base64') });
  }

  const controls = {
    /** The police move a tip-off on (review, close with a note). */
    advanceTipOff(trackingNo: string, status: TipOffRow['status'], note?: string): void {
      db.prepare('UPDATE tip_offs SET status = ?, note = ?, updated_at = ? WHERE tracking_no = ?').run(status, note ?? null, iso(), trackingNo);
    },
    /** What the backend stored for a tip-off (tests check the text arrived and is stored here only). */
    storedTipOff(trackingNo: string): { category: string; place: string | null; text: string; reporterIdNumber: string | null } | undefined {
      const row = db.prepare<[string], { category: string; place: string | null; text: string; reporter_id_number: string | null }>('SELECT category, place, text, reporter_id_number FROM tip_offs WHERE tracking_no = ?').get(trackingNo);
      return row ? { category: row.category, place: row.place, text: row.text, reporterIdNumber: row.reporter_id_number } : undefined;
    },
    /** Publishes (or replaces) a notice, with its image bytes when it has one: no checks, as a faulty or hostile backend might. */
    publishNotice(notice: s.Notice, image?: { bytes: Buffer; contentType?: s.NoticeImage['contentType'] }): void {
      db.prepare('INSERT INTO notices (notice_id, body) VALUES (?, ?) ON CONFLICT(notice_id) DO UPDATE SET body = excluded.body').run(notice.noticeId, JSON.stringify(notice));
      if (image && notice.image) {
        db.prepare('INSERT INTO notice_images (image_id, content_type, data) VALUES (?, ?, ?) ON CONFLICT(image_id) DO UPDATE SET data = excluded.data, content_type = excluded.content_type')
          .run(notice.image.imageId, image.contentType ?? notice.image.contentType, image.bytes);
      }
    },
    withdrawNotice(noticeId: string): void {
      db.prepare('DELETE FROM notices WHERE notice_id = ?').run(noticeId);
    },
  };

  return { operations: { getApplicationProgress, submitTipOff, getTipOffStatus, getNotices, getNoticeImage }, controls };
}
