/**
 * Ethnic group codes (GB 3304) as printed on resident ID cards: 01–56 plus 97 (other) and
 * 98 (foreign origin with Chinese nationality). Names are as the card shows them, without 族;
 * the table (with English names) lives in contract/ethnicity.ts.
 */
import { ETHNIC_GROUPS } from '../../contract/ethnicity';

/** Code ("01"…"56", "97", "98") → Chinese name. */
export const nationNames: ReadonlyMap<string, string> = new Map([...ETHNIC_GROUPS].map(([code, { zh }]) => [code, zh]));

/** The Chinese name for a nation code, or undefined for a code not on the table. */
export function nationName(code: string): string | undefined {
  return nationNames.get(code);
}
