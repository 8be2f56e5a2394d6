/**
 * Deterministic seed data for the simulator (see fixtures.ts for the named constants).
 */
import { createHash } from 'node:crypto';
import type { SimDatabase } from './db';
import {
  APPLICATION,
  DRIVERS,
  LICENCE_FILE,
  OTHER_JURISDICTION,
  OVERDUE_DECISION_NO,
  PAID_DECISION_NO,
  POST_JURISDICTION,
  RESIDENT,
  VEHICLE,
  VIOLATION,
} from './fixtures';

const POST_NAME = '北京市公安局东城分局东华门派出所';
const OTHER_NAME = '石家庄市公安局长安分局建北派出所';
const DONGCHENG_ADDR = '北京市东城区';

interface ResidentSeed {
  id: string;
  name: string;
  ethnicity: string;
  address: string;
  faceNeverMatches?: boolean;
  criminalRecord?: 'none' | 'record' | 'sealedJuvenile';
}

const residents: ResidentSeed[] = [
  { id: RESIDENT.standard, name: '张伟', ethnicity: '汉', address: `${DONGCHENG_ADDR}东华门大街12号` },
  { id: RESIDENT.rareCharacter, name: '王䶮', ethnicity: '汉', address: `${DONGCHENG_ADDR}南池子大街8号院3号楼` },
  { id: RESIDENT.under16, name: '李小雨', ethnicity: '汉', address: `${DONGCHENG_ADDR}王府井大街201号` },
  { id: RESIDENT.applicationInProgress, name: '赵敏', ethnicity: '满', address: `${DONGCHENG_ADDR}灯市口大街33号` },
  { id: RESIDENT.nonLocal, name: '陈刚', ethnicity: '汉', address: '河北省石家庄市长安区建北街17号' },
  { id: RESIDENT.faceNeverMatches, name: '刘洋', ethnicity: '汉', address: `${DONGCHENG_ADDR}北河沿大街5号`, faceNeverMatches: true },
  { id: RESIDENT.criminalRecord, name: '孙强', ethnicity: '汉', address: `${DONGCHENG_ADDR}东四十条9号`, criminalRecord: 'record' },
  { id: RESIDENT.sealedJuvenile, name: '周杰', ethnicity: '汉', address: `${DONGCHENG_ADDR}美术馆后街22号`, criminalRecord: 'sealedJuvenile' },
  { id: RESIDENT.elderly, name: '吴秀英', ethnicity: '回', address: `${DONGCHENG_ADDR}东单北大街41号` },
  { id: RESIDENT.suspendedLicence, name: '郑磊', ethnicity: '汉', address: `${DONGCHENG_ADDR}朝阳门内大街66号` },
  { id: RESIDENT.nearTwelvePoints, name: '冯建国', ethnicity: '蒙古', address: `${DONGCHENG_ADDR}东直门内大街101号` },
  { id: RESIDENT.commercialDriver, name: '何军', ethnicity: '汉', address: `${DONGCHENG_ADDR}崇文门外大街7号` },
  { id: RESIDENT.frequentCertificates, name: '马丽', ethnicity: '回', address: `${DONGCHENG_ADDR}东花市大街18号` },
  ...Object.values(DRIVERS).map((d, i) => ({ id: d.idNumber, name: d.personName, ethnicity: '汉', address: `${DONGCHENG_ADDR}东安门大街${20 + i}号` })),
];

/** Opaque, stable photo reference for an ID number. */
export function photoRefFor(idNumber: string): string {
  return `photo:${createHash('sha256').update(`photo/${idNumber}`).digest('hex').slice(0, 24)}`;
}

/** Fills an empty database with the fixtures. `now` dates the "this year" certificates. */
export function seedSimDatabase(db: SimDatabase, now: Date): void {
  const already = db.prepare('SELECT COUNT(*) AS n FROM residents').get() as { n: number };
  if (already.n > 0) return;

  db.transaction(() => {
    const insResident = db.prepare(`INSERT INTO residents (id_number, name, sex, ethnicity, birth_date, registered_address, region_code,
      jurisdiction_code, jurisdiction_name, photo_ref, face_never_matches, criminal_record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
    for (const r of residents) {
      const region = r.id.slice(0, 6);
      const local = region === POST_JURISDICTION.slice(0, 6);
      const birth = `${r.id.slice(6, 10)}-${r.id.slice(10, 12)}-${r.id.slice(12, 14)}`;
      const sex = Number(r.id[16]) % 2 === 1 ? 'male' : 'female';
      insResident.run(r.id, r.name, sex, r.ethnicity, birth, r.address, region, local ? POST_JURISDICTION : OTHER_JURISDICTION,
        local ? POST_NAME : OTHER_NAME, photoRefFor(r.id), r.faceNeverMatches ? 1 : 0, r.criminalRecord ?? 'none');
    }

    const insApp = db.prepare(`INSERT INTO applications (application_no, id_number, kind, status, submitted_at, updated_at, note)
      VALUES (?,?,?,?,?,?,?)`);
    insApp.run(APPLICATION.tempIdReviewing, RESIDENT.applicationInProgress, 'tempIdCard', 'reviewing', '2025-06-01T01:30:00.000Z', '2025-06-02T03:00:00.000Z', null);
    insApp.run(APPLICATION.idCardReady, RESIDENT.applicationInProgress, 'idCard', 'readyForCollection', '2025-05-20T02:00:00.000Z', '2025-06-10T06:00:00.000Z', '请携带回执到东华门派出所户籍窗口领取');
    insApp.run(APPLICATION.endorsementCollected, RESIDENT.standard, 'exitEntryEndorsement', 'collected', '2025-04-10T02:00:00.000Z', '2025-04-17T07:00:00.000Z', null);
    insApp.run(APPLICATION.idCardProducing, RESIDENT.standard, 'idCard', 'producing', '2025-06-09T03:00:00.000Z', '2025-06-12T08:00:00.000Z', '换领身份证，预计6月26日前制证完成');
    const setPickUp = db.prepare('UPDATE applications SET pick_up_place = ? WHERE application_no = ?');
    setPickUp.run('东华门派出所户籍窗口（东华门大街18号）', APPLICATION.idCardReady);
    setPickUp.run('东华门派出所户籍窗口（东华门大街18号）', APPLICATION.idCardProducing);

    const insLicence = db.prepare('INSERT INTO licences (licence_number, file_number, status, points_in_cycle, cycle_ends) VALUES (?,?,?,?,?)');
    for (const d of Object.values(DRIVERS)) insLicence.run(d.idNumber, d.fileNumber, 'valid', 0, '2026-04-30');
    insLicence.run(RESIDENT.standard, LICENCE_FILE.standard, 'valid', 3, '2026-03-11');
    insLicence.run(RESIDENT.suspendedLicence, LICENCE_FILE.suspendedLicence, 'suspended', 12, '2025-12-05');
    insLicence.run(RESIDENT.nearTwelvePoints, LICENCE_FILE.nearTwelvePoints, 'valid', 9, '2025-08-07');
    insLicence.run(RESIDENT.commercialDriver, LICENCE_FILE.commercialDriver, 'valid', 0, '2025-10-09');
    insLicence.run(RESIDENT.nonLocal, LICENCE_FILE.nonLocal, 'valid', 0, '2026-02-13');

    const insVehicle = db.prepare('INSERT INTO vehicles (plate_number, plate_type, vin, owner_id_number, commercial, use, engine_no) VALUES (?,?,?,?,?,?,?)');
    insVehicle.run(VEHICLE.standard.plateNumber, VEHICLE.standard.plateType, `LSVAB2BJ0EN${VEHICLE.standard.vinLast6}`, RESIDENT.standard, 0, 'private', 'DK15B7E88321');
    insVehicle.run(VEHICLE.nearTwelve.plateNumber, VEHICLE.nearTwelve.plateType, `LFV2A21K5D3${VEHICLE.nearTwelve.vinLast6}`, RESIDENT.nearTwelvePoints, 0, 'private', 'EA888B40127');
    insVehicle.run(VEHICLE.commercial.plateNumber, VEHICLE.commercial.plateType, `LZZ1CLSB9FW${VEHICLE.commercial.vinLast6}`, RESIDENT.commercialDriver, 1, 'passengerTransport', 'WP10H3375A1');
    insVehicle.run(VEHICLE.suspended.plateNumber, VEHICLE.suspended.plateType, `LGBH52E05FY${VEHICLE.suspended.vinLast6}`, RESIDENT.suspendedLicence, 0, 'private', 'L15B2Y20415');
    insVehicle.run(VEHICLE.nonLocal.plateNumber, VEHICLE.nonLocal.plateType, `LHGCR2650E8${VEHICLE.nonLocal.vinLast6}`, RESIDENT.nonLocal, 0, 'private', 'K24Z7C55018');
    insVehicle.run(VEHICLE.newEnergy.plateNumber, VEHICLE.newEnergy.plateType, `LC0CE4CB2N0${VEHICLE.newEnergy.vinLast6}`, RESIDENT.rareCharacter, 0, 'private', 'TZ220XY7734');
    for (const d of Object.values(DRIVERS)) {
      insVehicle.run(d.vehicle.plateNumber, d.vehicle.plateType, `LSGKB54H8KA${d.vehicle.vinLast6}`, d.idNumber, 0, 'private', `JLB4G15${d.vehicle.engineLast6}`);
    }

    const insV = db.prepare(`INSERT INTO violations (violation_no, plate_number, plate_type, occurred_at, place, behaviour_code, behaviour_text,
      points, fine_fen, source, highway, handled, paid, decision_no, decided_at, due_date, licence_number, detecting_authority)
      VALUES (@no, @plate, @type, @at, @place, @code, @text, @points, @fine, @source, @highway, @handled, @paid, @decisionNo, @decidedAt, @dueDate, @licence, @authority)`);
    const counter = { decisionPlace: '北京市公安局公安交通管理局东城交通支队', via: 'counter' };
    const markHandledAtCounter = db.prepare('UPDATE violations SET decision_place = ?, handled_via = ? WHERE violation_no = ?');
    const camera = '北京市公安局公安交通管理局东城交通支队';
    const base = { highway: 0, handled: 0, paid: 0, decisionNo: null, decidedAt: null, dueDate: null, licence: null, authority: camera };
    const std = { plate: VEHICLE.standard.plateNumber, type: VEHICLE.standard.plateType };
    insV.run({ ...base, ...std, no: VIOLATION.cameraSmall, at: '2025-05-01T01:12:00.000Z', place: '东城区东长安街与王府井大街路口', code: '1345', text: '机动车违反禁止标线指示的', points: 3, fine: 100_00, source: 'camera' });
    insV.run({ ...base, ...std, no: VIOLATION.cameraSmall2, at: '2025-05-03T09:40:00.000Z', place: '东城区建国门内大街', code: '1345', text: '机动车违反禁止标线指示的', points: 3, fine: 100_00, source: 'camera' });
    insV.run({ ...base, ...std, no: VIOLATION.onSite, at: '2025-05-02T02:00:00.000Z', place: '东城区东单北大街', code: '1039', text: '机动车违反规定停放、临时停车且驾驶人不在现场的', points: 0, fine: 100_00, source: 'onSite' });
    insV.run({ ...base, ...std, no: VIOLATION.fineOver200, at: '2025-05-04T12:30:00.000Z', place: '东城区二环路东直门桥', code: '1722', text: '驾驶机动车载物超过核定载质量30%的', points: 6, fine: 500_00, source: 'camera' });
    insV.run({ ...base, ...std, no: VIOLATION.pointsOver6, at: '2025-05-05T14:00:00.000Z', place: '东城区朝阳门北大街', code: '1636', text: '驾驶机动车在城市道路超过规定时速20%以上未达到50%的', points: 9, fine: 200_00, source: 'camera' });
    insV.run({ ...base, ...std, no: VIOLATION.speeding50, at: '2025-05-06T15:00:00.000Z', place: '东城区东二环', code: '1603', text: '驾驶机动车行驶超过规定时速50%的', points: 12, fine: 1000_00, source: 'camera' });
    insV.run({ ...base, ...std, no: VIOLATION.highway, at: '2025-05-07T03:00:00.000Z', place: '京哈高速K12+300', code: '4306', text: '机动车在高速公路上不按规定车道行驶的', points: 3, fine: 100_00, source: 'camera', highway: 1, authority: '北京市公安局公安交通管理局高速公路支队' });
    insV.run({ ...base, ...std, no: VIOLATION.overdue, at: '2025-04-20T05:00:00.000Z', place: '东城区灯市口大街', code: '1352', text: '机动车违反禁止标线指示的', points: 3, fine: 200_00, source: 'camera',
      handled: 1, decisionNo: OVERDUE_DECISION_NO, decidedAt: '2025-05-01T02:00:00.000Z', dueDate: '2025-05-16', licence: RESIDENT.standard });
    markHandledAtCounter.run(counter.decisionPlace, counter.via, VIOLATION.overdue);
    insV.run({ ...base, ...std, no: VIOLATION.handledPaid, at: '2025-03-10T05:00:00.000Z', place: '东城区金宝街', code: '1039', text: '机动车违反规定停放、临时停车且驾驶人不在现场的', points: 0, fine: 100_00, source: 'camera',
      handled: 1, paid: 1, decisionNo: PAID_DECISION_NO, decidedAt: '2025-03-20T02:00:00.000Z', dueDate: '2025-04-04', licence: RESIDENT.standard });
    markHandledAtCounter.run(counter.decisionPlace, counter.via, VIOLATION.handledPaid);
    for (const [i, d] of Object.values(DRIVERS).entries()) {
      const car = { plate: d.vehicle.plateNumber, type: d.vehicle.plateType };
      insV.run({ ...base, ...car, no: d.violations[0], at: `2025-05-2${i % 10}T01:3${i % 10}:00.000Z`, place: '东城区东四西大街与美术馆后街路口', code: '1345', text: '机动车违反禁止标线指示的', points: 3, fine: 100_00, source: 'camera' });
      insV.run({ ...base, ...car, no: d.violations[1], at: `2025-05-2${i % 10}T11:0${i % 10}:00.000Z`, place: '东城区朝阳门南小街与东四十条路口', code: '1625', text: '驾驶机动车违反道路交通信号灯通行的', points: 6, fine: 200_00, source: 'camera' });
    }
    insV.run({ ...base, plate: VEHICLE.nearTwelve.plateNumber, type: VEHICLE.nearTwelve.plateType, no: VIOLATION.reachesTwelve, at: '2025-05-08T01:00:00.000Z', place: '东城区安定门东大街', code: '1345', text: '机动车违反禁止标线指示的', points: 3, fine: 100_00, source: 'camera' });
    insV.run({ ...base, plate: VEHICLE.commercial.plateNumber, type: VEHICLE.commercial.plateType, no: VIOLATION.commercial, at: '2025-05-09T01:00:00.000Z', place: '东城区广渠门内大街', code: '1345', text: '机动车违反禁止标线指示的', points: 3, fine: 100_00, source: 'camera' });
    insV.run({ ...base, plate: VEHICLE.suspended.plateNumber, type: VEHICLE.suspended.plateType, no: VIOLATION.suspendedLicence, at: '2025-05-10T01:00:00.000Z', place: '东城区东四北大街', code: '1345', text: '机动车违反禁止标线指示的', points: 3, fine: 100_00, source: 'camera' });
    insV.run({ ...base, plate: VEHICLE.nonLocal.plateNumber, type: VEHICLE.nonLocal.plateType, no: VIOLATION.nonLocal, at: '2025-05-11T01:00:00.000Z', place: '东城区东长安街', code: '1345', text: '机动车违反禁止标线指示的', points: 3, fine: 100_00, source: 'camera' });

    // Three certificates earlier this year for the "frequent" resident.
    const year = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
    const insCert = db.prepare('INSERT INTO certificates (certificate_no, id_number, year, purpose, issued_at, verification_code) VALUES (?,?,?,?,?,?)');
    for (let i = 1; i <= 3; i++) {
      insCert.run(`京公(东)证字〔${year}〕第${String(i).padStart(6, '0')}号`, RESIDENT.frequentCertificates, year, '就业', `${year}-01-1${i}T02:00:00.000Z`, `SEED-CERTIFICATE-${i}`);
    }
    db.prepare("INSERT INTO counters (name, value) VALUES (?, 3)").run(`certificate/${year}`);
    db.prepare("INSERT INTO counters (name, value) VALUES ('decision/2025', 2)").run();
  })();
}
