/**
 * Chinese motor-vehicle plates (GA 36-2018) and plate types (GA 24.7), as a resident types them at
 * the kiosk: checked character by character, so a wrong character is refused as it is typed. Pure:
 * shared by the screens, the core's flow and the backend contract.
 *
 *   province abbreviation + issuing-authority letter + serial
 *   serial: 5 letters/digits; 6 for new-energy plates (small: first is D/A/B/C/E or F/G/H/J/K;
 *           large: last is D or F); or 4 + a suffix 挂 (trailer), 学 (driving school), 警 (police),
 *           港 / 澳 (Hong Kong / Macao vehicles, 粤Z only).
 *   Letters I and O are never used (they read as 1 and 0).
 */

/** Province-level abbreviations that start a civil plate, in the usual keyboard order. */
export const PLATE_PROVINCES = [
  '京', '津', '沪', '渝', '冀', '豫', '云', '辽', '黑', '湘', '皖', '鲁', '新', '苏', '浙', '赣',
  '鄂', '桂', '甘', '晋', '蒙', '陕', '吉', '闽', '贵', '粤', '青', '藏', '川', '宁', '琼',
] as const;

/** Letters a plate may hold (A–Z without I and O). */
export const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PLATE_SUFFIXES = ['挂', '学', '警', '港', '澳'] as const;
export type PlateSuffix = (typeof PLATE_SUFFIXES)[number];

/** GA 24.7 plate types the kiosk offers (embassy and consulate vehicles go to a window). */
export const PLATE_TYPES = ['02', '52', '01', '51', '07', '15', '16', '23', '26', '27'] as const;
export type KioskPlateType = (typeof PLATE_TYPES)[number];

/** GA 36 plate colours, so the picker can show the colour as well as the words. */
export type PlateColour = 'blue' | 'yellow' | 'green' | 'yellowGreen' | 'white' | 'black';
export const PLATE_TYPE_COLOUR: Record<KioskPlateType, PlateColour> = {
  '01': 'yellow',
  '02': 'blue',
  '07': 'yellow',
  '15': 'yellow',
  '16': 'yellow',
  '23': 'white',
  '26': 'black',
  '27': 'black',
  '51': 'yellowGreen',
  '52': 'green',
};

/** The suffix a plate type needs, if any. */
const SUFFIX_OF_TYPE: Partial<Record<KioskPlateType, PlateSuffix>> = { '15': '挂', '16': '学', '23': '警', '26': '港', '27': '澳' };

export type PlateProblem =
  | 'badProvince'
  | 'badAuthorityLetter'
  | 'letterIO'
  | 'badCharacter'
  | 'suffixNotLast'
  | 'suffixNotAllowed'
  | 'tooLong'
  | 'tooShort'
  | 'newEnergyFormat';

const isLetter = (c: string) => PLATE_LETTERS.includes(c);
const isDigit = (c: string) => c >= '0' && c <= '9';
const isSuffix = (c: string): c is PlateSuffix => (PLATE_SUFFIXES as readonly string[]).includes(c);

/**
 * The first problem of a plate typed so far, or null when it can still become a valid plate.
 * `tooShort` is not reported here (see plateProblem).
 */
export function partialPlateProblem(plate: string): PlateProblem | null {
  const chars = [...plate];
  if (chars.length === 0) return null;
  if (!(PLATE_PROVINCES as readonly string[]).includes(chars[0]!)) return 'badProvince';
  if (chars.length > 8) return 'tooLong';
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === 'I' || c === 'O') return 'letterIO';
    if (i === 1) {
      if (!isLetter(c)) return 'badAuthorityLetter';
      continue;
    }
    if (isSuffix(c)) {
      // A suffix follows exactly 4 serial characters and ends the plate.
      if (i !== 6 || chars.length > 7) return 'suffixNotLast';
      if ((c === '港' || c === '澳') && !(chars[0] === '粤' && chars[1] === 'Z')) return 'suffixNotAllowed';
      continue;
    }
    if (!isLetter(c) && !isDigit(c)) return 'badCharacter';
  }
  return null;
}

/** Whether a 6-character serial follows the new-energy rule (small: first D/A/B/C/E/F/G/H/J/K; large: last D/F). */
function newEnergySerialOk(serial: string, type: '51' | '52'): boolean {
  if (type === '52') return 'DABCEFGHJK'.includes(serial[0]!) && /^[A-HJ-NP-Z0-9]{6}$/.test(serial);
  return 'DF'.includes(serial[5]!) && /^\d{5}$/.test(serial.slice(0, 5));
}

/** The problem of a complete plate (for a plate type when given), or null when it is valid. */
export function plateProblem(plate: string, type?: KioskPlateType): PlateProblem | null {
  const partial = partialPlateProblem(plate);
  if (partial) return partial;
  const chars = [...plate];
  const last = chars.at(-1) ?? '';
  const suffix = isSuffix(last) ? last : undefined;
  const serial = chars.slice(2, suffix ? -1 : undefined).join('');
  if (suffix ? serial.length < 4 : serial.length < 5) return 'tooShort';
  if (!type) return null;
  const needed = SUFFIX_OF_TYPE[type];
  if (needed !== suffix) return 'suffixNotAllowed';
  if (type === '51' || type === '52') return serial.length === 6 && newEnergySerialOk(serial, type) ? null : 'newEnergyFormat';
  return serial.length === (suffix ? 4 : 5) ? null : serial.length === 6 ? 'newEnergyFormat' : 'tooLong';
}

/** The plate types a complete plate can have (the picker offers only these). */
export function plateTypesFor(plate: string): KioskPlateType[] {
  return PLATE_TYPES.filter((type) => plateProblem(plate, type) === null);
}

/** Characters that end a VIN tail or an engine-number tail: VINs never use I, O or Q (ISO 3779). */
export const VIN_CHARACTERS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
export const ENGINE_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** How a vehicle look-up is confirmed: the VIN's last 6 or 4 characters, or the engine number's last 6. */
export type VehicleCheck = 'vinLast6' | 'vinLast4' | 'engineLast6';
export const VEHICLE_CHECK_LENGTH: Record<VehicleCheck, number> = { vinLast6: 6, vinLast4: 4, engineLast6: 6 };

/** True when `tail` is a complete, well-formed check value for `check`. */
export function isValidCheckTail(check: VehicleCheck, tail: string): boolean {
  const alphabet = check === 'engineLast6' ? ENGINE_CHARACTERS : VIN_CHARACTERS;
  return tail.length === VEHICLE_CHECK_LENGTH[check] && [...tail].every((c) => alphabet.includes(c));
}

/** 16-digit penalty-decision number, as payment systems use it. */
export const DECISION_NUMBER_LENGTH = 16;
export const isDecisionNumber = (text: string): boolean => /^\d{16}$/.test(text);

/** 12-digit driving-licence file number (档案编号). */
export const FILE_NUMBER_LENGTH = 12;
export const isFileNumber = (text: string): boolean => /^\d{12}$/.test(text);
