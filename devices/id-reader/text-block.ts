/**
 * The card's 256-byte text block (UCS-2 little-endian, space padded) decoded into a typed record,
 * and the inverse encoder used by the simulator and fixtures.
 *
 * The type flag at offset 248 selects the layout: ' ' resident card, 'J' Hong Kong/Macao/Taiwan
 * residence permit, 'I' old foreign permanent-resident card, 'Y' 2023 foreign permanent-resident
 * card. Anything that does not validate is a typed failure, never a wrong record.
 */
import { err, ok } from '../../contract/result';
import { birthDateFromIdNumber, isRealDate, isValidIdNumber, sexFromIdNumber } from '../../contract/id-number';
import { nationName } from './nations';
import { TEXT_BLOCK_SIZE } from './frame';
import type {
  ForeignPermanentResident2023Record,
  ForeignPermanentResidentOldRecord,
  IdCardRecord,
  ResidencePermitRecord,
  ResidentRecord,
  Review,
  Sex,
  TextBlockProblem,
  TextBlockResult,
} from './records';

export type {
  ForeignPermanentResident2023Record,
  ForeignPermanentResidentOldRecord,
  IdCardRecord,
  ResidencePermitRecord,
  ResidentRecord,
  ReviewReason,
  Sex,
  TextBlockProblem,
  TextBlockRejection,
  TextBlockResult,
} from './records';

const FLAG_OFFSET = 248;
const LONG_TERM = '长期';

interface FieldSpec {
  offset: number;
  bytes: number;
}
const f = (offset: number, bytes: number): FieldSpec => ({ offset, bytes });

const residentLayout = {
  name: f(0, 30),
  sex: f(30, 2),
  nation: f(32, 4),
  birthDate: f(36, 16),
  address: f(52, 70),
  idNumber: f(122, 36),
  authority: f(158, 30),
  validFrom: f(188, 16),
  validTo: f(204, 16),
  permitNumber: f(220, 18),
  issueCount: f(238, 4),
  flag: f(FLAG_OFFSET, 2),
} as const;

const foreignOldLayout = {
  englishName: f(0, 120),
  sex: f(120, 2),
  cardNumber: f(122, 30),
  nationality: f(152, 6),
  chineseName: f(158, 30),
  validFrom: f(188, 16),
  validTo: f(204, 16),
  birthDate: f(220, 16),
  version: f(236, 4),
  authorityCode: f(240, 8),
  flag: f(FLAG_OFFSET, 2),
} as const;

class DecodeFailure {
  constructor(
    readonly problem: TextBlockProblem,
    readonly field: string,
  ) {}
}

/** Decodes a 256-byte text block; `today` bounds birth dates (injected for tests). */
export function decodeTextBlock(block: Uint8Array, options: { today?: Date } = {}): TextBlockResult {
  if (block.length !== TEXT_BLOCK_SIZE) return err({ problem: 'wrongSize', field: 'block' });
  const today = options.today ?? new Date();
  try {
    const flag = readField(block, residentLayout.flag, 'flag');
    switch (flag) {
      case '':
        return ok(decodeResident(block, today));
      case 'J':
        return ok(decodeResidencePermit(block, today));
      case 'I':
        return ok(decodeForeignOld(block, today));
      case 'Y':
        return ok(decodeForeign2023(block));
      default:
        return err({ problem: 'unknownCardType', field: 'flag' });
    }
  } catch (error) {
    if (error instanceof DecodeFailure) return err({ problem: error.problem, field: error.field });
    throw error;
  }
}

function decodeResident(block: Uint8Array, today: Date): ResidentRecord {
  const L = residentLayout;
  const name = required(block, L.name, 'name');
  const sex = sexOf(required(block, L.sex, 'sex'));
  const nationCode = required(block, L.nation, 'nation');
  const nation = nationName(nationCode);
  if (!nation) throw new DecodeFailure('badNationCode', 'nation');
  const birthDate = dateOf(required(block, L.birthDate, 'birthDate'), 'birthDate');
  const idNumber = idNumberOf(required(block, L.idNumber, 'idNumber'), today);
  checkConsistent(idNumber, sex, birthDate);
  const validFrom = dateOf(required(block, L.validFrom, 'validFrom'), 'validFrom');
  const validToText = required(block, L.validTo, 'validTo');
  const validTo = validToText === LONG_TERM ? 'longTerm' : dateOf(validToText, 'validTo');
  if (validTo !== 'longTerm' && validTo <= validFrom) throw new DecodeFailure('inconsistent', 'validTo');
  return {
    type: 'resident',
    name,
    sex,
    nationCode,
    nation,
    birthDate,
    address: required(block, L.address, 'address'),
    idNumber,
    authority: required(block, L.authority, 'authority'),
    validFrom,
    validTo,
    ...reviewOf([name]),
  };
}

function decodeResidencePermit(block: Uint8Array, today: Date): ResidencePermitRecord {
  const L = residentLayout;
  const name = required(block, L.name, 'name');
  const sex = sexOf(required(block, L.sex, 'sex'));
  const birthDate = dateOf(required(block, L.birthDate, 'birthDate'), 'birthDate');
  const idNumber = idNumberOf(required(block, L.idNumber, 'idNumber'), today);
  if (!/^8[123]/.test(idNumber)) throw new DecodeFailure('badIdNumber', 'idNumber');
  checkConsistent(idNumber, sex, birthDate);
  const validFrom = dateOf(required(block, L.validFrom, 'validFrom'), 'validFrom');
  const validTo = dateOf(required(block, L.validTo, 'validTo'), 'validTo');
  if (validTo <= validFrom) throw new DecodeFailure('inconsistent', 'validTo');
  const permitNumber = required(block, L.permitNumber, 'permitNumber');
  if (!/^[A-Z]?\d{8}$/.test(permitNumber)) throw new DecodeFailure('badCardNumber', 'permitNumber');
  const issueCount = required(block, L.issueCount, 'issueCount');
  if (!/^\d\d$/.test(issueCount)) throw new DecodeFailure('garbledText', 'issueCount');
  return {
    type: 'hkMacaoTaiwanResidence',
    name,
    sex,
    birthDate,
    address: required(block, L.address, 'address'),
    idNumber,
    authority: required(block, L.authority, 'authority'),
    validFrom,
    validTo,
    permitNumber,
    issueCount: Number(issueCount),
    ...reviewOf([name]),
  };
}

function decodeForeignOld(block: Uint8Array, today: Date): ForeignPermanentResidentOldRecord {
  const L = foreignOldLayout;
  const englishName = required(block, L.englishName, 'englishName');
  const chineseName = readField(block, L.chineseName, 'chineseName');
  const sex = sexOf(required(block, L.sex, 'sex'));
  const cardNumber = required(block, L.cardNumber, 'cardNumber');
  if (!/^[A-Z]{3}\d{12}$/.test(cardNumber)) throw new DecodeFailure('badCardNumber', 'cardNumber');
  const nationality = required(block, L.nationality, 'nationality');
  if (!/^[A-Z]{3}$/.test(nationality)) throw new DecodeFailure('garbledText', 'nationality');
  const birthDate = dateOf(required(block, L.birthDate, 'birthDate'), 'birthDate');
  if (birthDate > isoDate(today)) throw new DecodeFailure('badDate', 'birthDate');
  const validFrom = dateOf(required(block, L.validFrom, 'validFrom'), 'validFrom');
  const validTo = dateOf(required(block, L.validTo, 'validTo'), 'validTo');
  if (validTo <= validFrom) throw new DecodeFailure('inconsistent', 'validTo');
  return {
    type: 'foreignPermanentResidentOld',
    englishName,
    chineseName,
    sex,
    nationality,
    cardNumber,
    birthDate,
    validFrom,
    validTo,
    version: required(block, L.version, 'version'),
    authorityCode: required(block, L.authorityCode, 'authorityCode'),
    ...reviewOf([chineseName]),
  };
}

function decodeForeign2023(block: Uint8Array): ForeignPermanentResident2023Record {
  // Layout unconfirmed: read the old card's name/sex/number slots without validating them.
  const L = foreignOldLayout;
  const sexCode = readField(block, L.sex, 'sex');
  const review = reviewOf([]);
  return {
    type: 'foreignPermanentResident2023',
    englishName: readField(block, L.englishName, 'englishName'),
    sex: sexCode === '1' ? 'male' : sexCode === '2' ? 'female' : undefined,
    cardNumber: readField(block, f(122, 36), 'cardNumber'),
    needsStaffReview: true,
    reviewReasons: ['unconfirmedLayout', ...review.reviewReasons],
  };
}

/** Reads a UCS-2 LE field, trims the space padding, and rejects control characters and lone surrogates. */
function readField(block: Uint8Array, spec: FieldSpec, field: string): string {
  let text = '';
  for (let i = spec.offset; i < spec.offset + spec.bytes; i += 2) {
    const unit = (block[i] ?? 0) | ((block[i + 1] ?? 0) << 8);
    const garbage =
      unit < 0x20 || (unit >= 0x7f && unit <= 0x9f) || (unit >= 0xd800 && unit <= 0xdfff) || unit >= 0xfffe;
    if (garbage) throw new DecodeFailure('garbledText', field);
    text += String.fromCharCode(unit);
  }
  return text.replace(/ +$/, '');
}

function required(block: Uint8Array, spec: FieldSpec, field: string): string {
  const value = readField(block, spec, field);
  if (value === '') throw new DecodeFailure('missingField', field);
  return value;
}

function sexOf(code: string): Sex {
  if (code === '1') return 'male';
  if (code === '2') return 'female';
  throw new DecodeFailure('badSex', 'sex');
}

function dateOf(text: string, field: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new DecodeFailure('badDate', field);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function idNumberOf(text: string, today: Date): string {
  if (!isValidIdNumber(text, today)) throw new DecodeFailure('badIdNumber', 'idNumber');
  return text;
}

function checkConsistent(idNumber: string, sex: Sex, birthDate: string): void {
  if (birthDateFromIdNumber(idNumber) !== birthDate) throw new DecodeFailure('inconsistent', 'birthDate');
  if (sexFromIdNumber(idNumber) !== sex) throw new DecodeFailure('inconsistent', 'sex');
}

const privateUse = /[\uE000-\uF8FF]/;

function reviewOf(names: string[]): Review {
  const rare = names.some((n) => privateUse.test(n));
  return rare
    ? { needsStaffReview: true, reviewReasons: ['rareCharacter'] }
    : { needsStaffReview: false, reviewReasons: [] };
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** True when the card's validity ended before `today` (a long-term card never expires). */
export function isExpired(record: IdCardRecord, today: Date = new Date()): boolean {
  if (record.type === 'foreignPermanentResident2023') return false;
  return record.validTo !== 'longTerm' && record.validTo < isoDate(today);
}

// ---------------------------------------------------------------------------------------------
// Encoding (simulator and fixtures)

/**
 * Encodes a record into a 256-byte text block. Throws RangeError when a field does not fit: that is
 * a mistake in a fixture, never a runtime condition.
 */
export function encodeTextBlock(record: IdCardRecord): Buffer {
  const block = Buffer.alloc(TEXT_BLOCK_SIZE);
  for (let i = 0; i < TEXT_BLOCK_SIZE; i += 2) block.writeUInt16LE(0x20, i);
  const put = (spec: FieldSpec, value: string, field: string) => writeField(block, spec, value, field);
  const compact = (iso: string) => iso.replace(/-/g, '');
  const sexCode = (sex: Sex | undefined) => (sex === 'male' ? '1' : sex === 'female' ? '2' : '');
  switch (record.type) {
    case 'resident': {
      const L = residentLayout;
      put(L.name, record.name, 'name');
      put(L.sex, sexCode(record.sex), 'sex');
      put(L.nation, record.nationCode, 'nation');
      put(L.birthDate, compact(record.birthDate), 'birthDate');
      put(L.address, record.address, 'address');
      put(L.idNumber, record.idNumber, 'idNumber');
      put(L.authority, record.authority, 'authority');
      put(L.validFrom, compact(record.validFrom), 'validFrom');
      put(L.validTo, record.validTo === 'longTerm' ? LONG_TERM : compact(record.validTo), 'validTo');
      break;
    }
    case 'hkMacaoTaiwanResidence': {
      const L = residentLayout;
      put(L.name, record.name, 'name');
      put(L.sex, sexCode(record.sex), 'sex');
      put(L.birthDate, compact(record.birthDate), 'birthDate');
      put(L.address, record.address, 'address');
      put(L.idNumber, record.idNumber, 'idNumber');
      put(L.authority, record.authority, 'authority');
      put(L.validFrom, compact(record.validFrom), 'validFrom');
      put(L.validTo, compact(record.validTo), 'validTo');
      put(L.permitNumber, record.permitNumber, 'permitNumber');
      put(L.issueCount, String(record.issueCount).padStart(2, '0'), 'issueCount');
      put(L.flag, 'J', 'flag');
      break;
    }
    case 'foreignPermanentResidentOld': {
      const L = foreignOldLayout;
      put(L.englishName, record.englishName, 'englishName');
      put(L.sex, sexCode(record.sex), 'sex');
      put(L.cardNumber, record.cardNumber, 'cardNumber');
      put(L.nationality, record.nationality, 'nationality');
      put(L.chineseName, record.chineseName, 'chineseName');
      put(L.validFrom, compact(record.validFrom), 'validFrom');
      put(L.validTo, compact(record.validTo), 'validTo');
      put(L.birthDate, compact(record.birthDate), 'birthDate');
      put(L.version, record.version, 'version');
      put(L.authorityCode, record.authorityCode, 'authorityCode');
      put(L.flag, 'I', 'flag');
      break;
    }
    case 'foreignPermanentResident2023': {
      const L = foreignOldLayout;
      put(L.englishName, record.englishName, 'englishName');
      put(L.sex, sexCode(record.sex), 'sex');
      put(f(122, 36), record.cardNumber, 'cardNumber');
      put(L.flag, 'Y', 'flag');
      break;
    }
    default: {
      const unreachable: never = record;
      throw new RangeError(`unknown record type ${JSON.stringify(unreachable)}`);
    }
  }
  return block;
}

function writeField(block: Buffer, spec: FieldSpec, value: string, field: string): void {
  if (value.length * 2 > spec.bytes) throw new RangeError(`${field} does not fit in ${spec.bytes} bytes`);
  for (let i = 0; i < value.length; i++) block.writeUInt16LE(value.charCodeAt(i), spec.offset + i * 2);
}
