/**
 * Named fixtures of the seeded simulator database, for tests anywhere in the project. Every ID
 * number is a valid GB 11643 number (check character computed). The post's jurisdiction is
 * POST_JURISDICTION (Dongcheng, Beijing); local plates start with 京.
 */
import { withCheckChar } from '../gateway/gb11643';

/** A fixed clock for tests: 2025-06-16 10:00 Beijing time. Seeded data is dated relative to mid-2025. */
export const FIXTURE_NOW = new Date('2025-06-16T02:00:00.000Z');

/** The kiosk's post: 北京市公安局东城分局东华门派出所. */
export const POST_JURISDICTION = '110101001';
export const OTHER_JURISDICTION = '130102003';

/** Credentials the simulator accepts by default (development only). */
export const DEV_CREDENTIALS = { clientId: 'kiosk-dev-001', secret: 'dev-secret-not-for-production' } as const;

export const RESIDENT = {
  /** Ordinary adult, local, clean record, licence + small car with violations. */
  standard: withCheckChar('11010119850312003'),
  /** Name contains 䶮 (U+4DAE, CJK Extension A). */
  rareCharacter: withCheckChar('11010119900721005'),
  /** Born 2014: under 16. */
  under16: withCheckChar('11010120140509002'),
  /** Has a temporary-ID application being processed (and an ID card ready for collection). */
  applicationInProgress: withCheckChar('11010119781130004'),
  /** Registered in Shijiazhuang (outside the post's jurisdiction); owns a non-local vehicle. */
  nonLocal: withCheckChar('13010219820214001'),
  /** The face comparison never matches for this person. */
  faceNeverMatches: withCheckChar('11010119950903007'),
  /** Has a criminal record: no certificate at the kiosk. */
  criminalRecord: withCheckChar('11010119700115009'),
  /** Has a sealed juvenile record: still gets a clean certificate. */
  sealedJuvenile: withCheckChar('11010120010418011'),
  /** Elderly, Hui ethnicity. */
  elderly: withCheckChar('11010119421224006'),
  /** Driving licence suspended. */
  suspendedLicence: withCheckChar('11010119880606013'),
  /** Licence already at 9 points in the cycle. */
  nearTwelvePoints: withCheckChar('11010119750808015'),
  /** Owns a commercial vehicle. */
  commercialDriver: withCheckChar('11010119801010017'),
  /** Already has 3 certificates this year: the next needs a stated purpose. */
  frequentCertificates: withCheckChar('11010119920303008'),
} as const;

/** An ID number with a valid check character that is not in the registry. */
export const UNKNOWN_ID_NUMBER = withCheckChar('11010119600101019');

/** Driving-licence file numbers (licence number = the holder's ID number). */
export const LICENCE_FILE = {
  standard: '110100123401',
  suspendedLicence: '110100123402',
  nearTwelvePoints: '110100123403',
  commercialDriver: '110100123404',
  nonLocal: '130100567801',
} as const;

export const VEHICLE = {
  /** Standard resident's small car with most violation kinds. */
  standard: { plateNumber: '京A12345', plateType: '02', vinLast6: '123456' },
  /** Near-12-points driver's car. */
  nearTwelve: { plateNumber: '京B67890', plateType: '02', vinLast6: '678901' },
  /** Commercial (营运) vehicle. */
  commercial: { plateNumber: '京C33333', plateType: '01', vinLast6: '333333' },
  /** Suspended-licence driver's car. */
  suspended: { plateNumber: '京D44444', plateType: '02', vinLast6: '444444' },
  /** Non-local (Hebei) vehicle. */
  nonLocal: { plateNumber: '冀A55555', plateType: '02', vinLast6: '555555' },
  /** Small new-energy vehicle, 6-character plate, no violations. */
  newEnergy: { plateNumber: '京AD12345', plateType: '52', vinLast6: '777777' },
} as const;

export const VIOLATION = {
  /** Camera-recorded, 100 yuan, 3 points: the kiosk may handle it. */
  cameraSmall: 'V2025050100001',
  /** Recorded on site by an officer. */
  onSite: 'V2025050100002',
  /** Fine 500 yuan (> 200). */
  fineOver200: 'V2025050100003',
  /** 9 points (> 6). */
  pointsOver6: 'V2025050100004',
  /** Code 1603, speeding by 50% or more. */
  speeding50: 'V2025050100005',
  /** On a highway. */
  highway: 'V2025050100006',
  /** Decided 2025-05-01, due 2025-05-16, unpaid: late fee accrues (capped at the fine). */
  overdue: 'V2025050100007',
  /** Handled and paid. */
  handledPaid: 'V2025050100008',
  /** 3 points on a licence already at 9: would reach 12. */
  reachesTwelve: 'V2025050100009',
  /** On the commercial vehicle. */
  commercial: 'V2025050100010',
  /** On the suspended-licence driver's car. */
  suspendedLicence: 'V2025050100011',
  /** On the non-local vehicle. */
  nonLocal: 'V2025050100012',
  /** Second small camera record on the standard car (for double-submit tests). */
  cameraSmall2: 'V2025050100013',
} as const;

/** Decision number of the overdue fixture (fine 200 yuan, due 2025-05-16): 16 digits. */
export const OVERDUE_DECISION_NO = '1101012025000001';
/** Decision number of the handled-and-paid fixture. */
export const PAID_DECISION_NO = '1101012025000002';

/**
 * Licence holders who own a local small car with two camera records the kiosk may handle: 100
 * yuan and 3 points (code 1345), 200 yuan and 6 points (code 1625) — together 9 points, so both at
 * once bring the critical notice. One driver per test scenario, since handling uses the records up.
 * Plate 京E1000<n>, type 02, VIN ending 10000<n>, engine number ending E2000<n>, file 11010090000<n>.
 */
const DRIVER_NAMES = ['lin', 'huang', 'gao', 'luo', 'song', 'tang', 'xu', 'he', 'deng', 'xie'] as const;
export type DriverName = (typeof DRIVER_NAMES)[number];
export interface DriverFixture {
  name: DriverName;
  /** The holder's name in the registry. */
  personName: string;
  idNumber: string;
  fileNumber: string;
  vehicle: { plateNumber: string; plateType: '02'; vinLast6: string; vinLast4: string; engineLast6: string };
  violations: [string, string];
}
const DRIVER_PERSON_NAMES = ['林晓东', '黄丽', '高峰', '罗静', '宋涛', '唐敏', '徐刚', '何芳', '邓超', '谢娜'];
const DRIVER_BIRTHS = ['19870415', '19890622', '19910109', '19760918', '19830227', '19930705', '19860311', '19790830', '19720113', '19940524'];
export const DRIVERS: Record<DriverName, DriverFixture> = Object.fromEntries(
  DRIVER_NAMES.map((name, i) => {
    const n = String(i);
    const fixture: DriverFixture = {
      name,
      personName: DRIVER_PERSON_NAMES[i]!,
      // Sequence 1<i><1|2>: odd for the men, even for the women, as the names suggest.
      idNumber: withCheckChar(`110101${DRIVER_BIRTHS[i]}1${n}${i % 2 === 0 ? '1' : '2'}`),
      fileNumber: `11010090000${n}`,
      vehicle: { plateNumber: `京E1000${n}`, plateType: '02', vinLast6: `10000${n}`, vinLast4: `000${n}`, engineLast6: `E2000${n}` },
      violations: [`V20250520000${n}1`, `V20250520000${n}2`],
    };
    return [name, fixture];
  }),
) as Record<DriverName, DriverFixture>;

export const APPLICATION = {
  /** Temporary-ID application being reviewed (R applicationInProgress). */
  tempIdReviewing: 'SQ2025060100001',
  /** ID card ready for collection (R applicationInProgress). */
  idCardReady: 'SQ2025052000002',
  /** Exit-entry endorsement collected (R standard). */
  endorsementCollected: 'SQ2025041000003',
  /** ID card being produced (制证中) (R standard). */
  idCardProducing: 'SQ2025060900004',
} as const;

/**
 * Seeded tip-offs. Tracking numbers are `JB` + date + sequence + 6 random digits; these two have
 * fixed random parts so tests can look them up.
 */
export const TIP_OFF = {
  /** Anonymous, being reviewed. */
  anonymousReviewing: 'JB202506100001730518',
  /** Named (R applicationInProgress), closed with a note. */
  namedClosed: 'JB202506020003264091',
} as const;

/** Seeded notices (services/backend-sim/info-logic.ts): their ids. */
export const NOTICE = {
  impersonation: 'N-FRAUD-001',
  rebate: 'N-FRAUD-002',
  missing: 'N-MISSING-001',
  wanted: 'N-WANTED-001',
  announcement: 'N-ANNOUNCE-001',
  wechat: 'N-WECHAT-001',
  /** Expired last month: a kiosk must not show it. */
  expired: 'N-EXPIRED-001',
} as const;

/**
 * Scanned payment codes (付款码). Valid prefixes: WeChat 10-15 (18 digits), Alipay 25-30
 * (16-24 digits), UnionPay 62 (19 digits). Codes ending 0051 are refused for insufficient funds,
 * codes ending 0005 are declined (ISO 8583 response codes 51 and 05).
 */
export const PAYMENT_CODE = {
  wechat: '134567890123456789',
  wechat2: '134567890123451111',
  alipay: '281234567890123456',
  unionpay: '6212345678901234567',
  wechatInsufficientFunds: '134567890123450051',
  wechatDeclined: '134567890123450005',
  /** Right length, wrong prefix for every channel. */
  invalid: '990000000000000000',
} as const;
