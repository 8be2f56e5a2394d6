/** Small formatting helpers of the traffic screens: local times, amounts, the plate colour's CSS. */
import { dateTimeMinutes } from '../../../contract/clock';
import { PLATE_TYPE_COLOUR, type KioskPlateType, type PlateColour } from '../../../contract/plate';

export { yuan } from '../../../contract/money';

/** An instant as the post's local date and time, e.g. 2025-05-20 09:30. */
export const localTime = (iso: string, timeZone: string): string => dateTimeMinutes(new Date(iso), timeZone);

/** The plate colour of a type code (GA 36), or undefined for a type the picker does not offer. */
export const colourOf = (type: string): PlateColour | undefined => (Object.hasOwn(PLATE_TYPE_COLOUR, type) ? PLATE_TYPE_COLOUR[type as KioskPlateType] : undefined);
