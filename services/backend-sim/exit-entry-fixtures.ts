/**
 * The exit-entry administration's permit holders in the simulator: one for each chip fixture of the
 * permit simulator (devices/travel-permit-sim/fixtures.ts, same numbers and dates), plus holders
 * without a chip fixture for the eligibility rules' tests. Every ID number is a valid GB 11643 number.
 */
import { withCheckChar } from '../gateway/gb11643';

export interface PermitHolderSeed {
  documentNumber: string;
  documentCode: 'CS' | 'CD';
  idNumber: string;
  name: string;
  /** YYYY-MM-DD */
  birthDate: string;
  expiry: string;
  status?: 'valid' | 'reportedLost' | 'invalidated';
  /** Household registration (6-digit region code). */
  regionCode: string;
  stateEmployee?: boolean;
  /** Endorsements issued on this holder's permits before the simulator started. */
  earlierEndorsements: number;
  /** Relatives on record in Hong Kong or Macao (family visits). */
  relativesRecord?: boolean;
  /** A registered business record (business trips). */
  businessRecord?: boolean;
  faceNeverMatches?: boolean;
}

/** Permit numbers of the holders, by what they are for. */
export const PERMIT = {
  /** 张伟: the chip fixture `validHongKongMacao` (and `wrongKey`, whose printed line is wrong). Local, two endorsements before, relatives on record. */
  valid: 'C12345678',
  /** 陈静: the chip fixture `taiwan` (a Taiwan permit, CD). */
  taiwan: 'T23456789',
  /** 李娜: the chip fixture `expired` (the permit expired 2023-06-15). */
  expired: 'C87654321',
  tampered: 'C11223344',
  unknownSigner: 'C55667788',
  unreadable: 'C99887766',
  /** 王芳: the chip fixture `stateEmployee`: a registered state employee. */
  stateEmployee: 'C24681357',
  /** 刘洋: the chip fixture `faceMismatch`: the face never matches. */
  faceMismatch: 'C13572468',
  /** No endorsement ever (no chip fixture). */
  firstTime: 'C30000001',
  /** Registered in Shijiazhuang (no chip fixture). */
  nonLocal: 'C30000002',
  /** Reported lost (no chip fixture). */
  reportedLost: 'C30000003',
  /** Business record on file (no chip fixture). */
  business: 'C30000004',
} as const;

const zhang = { name: '张伟', birthDate: '1990-01-01', expiry: '2030-01-01', regionCode: '110101', earlierEndorsements: 2, relativesRecord: true } as const;

export const PERMIT_HOLDERS: readonly PermitHolderSeed[] = [
  { ...zhang, documentNumber: PERMIT.valid, documentCode: 'CS', idNumber: withCheckChar('11010119900101101') },
  { documentNumber: PERMIT.taiwan, documentCode: 'CD', idNumber: withCheckChar('11010119920315102'), name: '陈静', birthDate: '1992-03-15', expiry: '2030-01-01', regionCode: '110101', earlierEndorsements: 1 },
  { documentNumber: PERMIT.expired, documentCode: 'CS', idNumber: withCheckChar('11010119851120104'), name: '李娜', birthDate: '1985-11-20', expiry: '2023-06-15', regionCode: '110101', earlierEndorsements: 3 },
  { ...zhang, documentNumber: PERMIT.tampered, documentCode: 'CS', idNumber: withCheckChar('11010119900101113') },
  { ...zhang, documentNumber: PERMIT.unknownSigner, documentCode: 'CS', idNumber: withCheckChar('11010119900101121') },
  { ...zhang, documentNumber: PERMIT.unreadable, documentCode: 'CS', idNumber: withCheckChar('11010119900101131') },
  { documentNumber: PERMIT.stateEmployee, documentCode: 'CS', idNumber: withCheckChar('11010119880808102'), name: '王芳', birthDate: '1988-08-08', expiry: '2030-01-01', regionCode: '110101', earlierEndorsements: 4, stateEmployee: true },
  { documentNumber: PERMIT.faceMismatch, documentCode: 'CS', idNumber: withCheckChar('11010119950903105'), name: '刘洋', birthDate: '1995-09-03', expiry: '2030-01-01', regionCode: '110101', earlierEndorsements: 1, faceNeverMatches: true },
  { documentNumber: PERMIT.firstTime, documentCode: 'CS', idNumber: withCheckChar('11010120000202101'), name: '周晓', birthDate: '2000-02-02', expiry: '2031-05-01', regionCode: '110101', earlierEndorsements: 0 },
  { documentNumber: PERMIT.nonLocal, documentCode: 'CS', idNumber: withCheckChar('13010219870707101'), name: '孙悦', birthDate: '1987-07-07', expiry: '2029-09-30', regionCode: '130102', earlierEndorsements: 2 },
  { documentNumber: PERMIT.reportedLost, documentCode: 'CS', idNumber: withCheckChar('11010119830303101'), name: '钱坤', birthDate: '1983-03-03', expiry: '2028-03-03', regionCode: '110101', earlierEndorsements: 5, status: 'reportedLost' },
  { documentNumber: PERMIT.business, documentCode: 'CS', idNumber: withCheckChar('11010119790909101'), name: '赵磊', birthDate: '1979-09-09', expiry: '2029-12-31', regionCode: '110105', earlierEndorsements: 8, businessRecord: true },
];
