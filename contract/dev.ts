/**
 * The development dock's contract: drive the simulated hardware from the UI (place a card, scan a
 * payment code, run out of paper, open a cover, pull a cable) and see what the simulated printers
 * printed. The core refuses every one of these in production.
 */
import { z } from 'zod';
import { DeviceKind } from './device';

/** Fixture cards the simulated reader can be given (devices/id-reader/fixtures.ts). */
export const FixtureCardName = z.enum([
  'normalResident',
  'rareCharacterName',
  'expired',
  'longTerm',
  'residencePermit',
  'foreignPermanentOld',
  'foreignPermanent2023',
  'unreadable',
  'under16',
  'privateUseName',
]);
export type FixtureCardName = z.infer<typeof FixtureCardName>;

/** Fixture permits the simulated contactless reader can be given (devices/travel-permit-sim/fixtures.ts). */
export const PermitFixtureName = z.enum([
  'validHongKongMacao',
  'expired',
  'tamperedDataGroup',
  'unknownSigner',
  'wrongKey',
  'taiwan',
  'unreadableChip',
  'stateEmployee',
  'faceMismatch',
]);
export type PermitFixtureName = z.infer<typeof PermitFixtureName>;

export const DevAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('placePermit'), fixture: PermitFixtureName }),
  z.object({ type: z.literal('removePermit') }),
  /** The next endorsement write loses the card before (or after) the chip commits. */
  z.object({ type: z.literal('removePermitMidWrite'), phase: z.enum(['beforeCommit', 'afterCommit']) }),
  /** The OCR window reads the OCR line of a fixture permit (misread: one character wrong). */
  z.object({ type: z.literal('scanOcrLine'), fixture: PermitFixtureName, misread: z.boolean().default(false) }),
  z.object({ type: z.literal('placeCard'), fixture: FixtureCardName }),
  z.object({ type: z.literal('removeCard') }),
  z.object({ type: z.literal('scan'), text: z.string().min(1).max(512) }),
  z.object({ type: z.literal('paper'), level: z.enum(['full', 'low', 'out']) }),
  z.object({ type: z.literal('cover'), open: z.boolean() }),
  z.object({ type: z.literal('cutterError') }),
  z.object({ type: z.literal('cards'), count: z.number().int().min(0).max(1000) }),
  z.object({ type: z.literal('ribbon'), count: z.number().int().min(0).max(10000) }),
  z.object({ type: z.literal('jamNextCard') }),
  z.object({ type: z.literal('clearJam') }),
  z.object({ type: z.literal('cable'), plugged: z.boolean() }),
  // A4 document printer (IPP): sheets in the tray, toner, a jam now or after N more pages, offline, an aborted job
  z.object({ type: z.literal('sheets'), count: z.number().int().min(0).max(500) }),
  z.object({ type: z.literal('toner'), percent: z.number().int().min(0).max(100) }),
  z.object({ type: z.literal('jam'), afterPages: z.number().int().min(0).max(100) }),
  z.object({ type: z.literal('offline'), offline: z.boolean() }),
  z.object({ type: z.literal('abortNextJob') }),
]);
export type DevAction = z.infer<typeof DevAction>;

export const DevDevice = z.object({
  id: z.string(),
  kind: DeviceKind,
  simulated: z.boolean(),
  cablePlugged: z.boolean(),
  /** Which actions make sense for this device. */
  actions: z.array(z.string()),
  /** Short simulator facts for the panel, e.g. "cards 98, ribbon 480". */
  summary: z.string().max(200),
});
export type DevDevice = z.infer<typeof DevDevice>;

export const DevState = z.object({
  devices: z.array(DevDevice),
  fixtures: z.array(FixtureCardName),
  permitFixtures: z.array(PermitFixtureName).optional(),
  /** Sample payment codes that the simulated provider accepts or declines. */
  paymentCodes: z.array(z.object({ label: z.string(), code: z.string() })),
});
export type DevState = z.infer<typeof DevState>;

const PrintedImage = z.object({
  /** PNG as a data: URL, ready for an <img>. */
  dataUrl: z.string().startsWith('data:image/png;base64,'),
  count: z.number().int().nonnegative(),
  note: z.string().max(200).optional(),
});

export const DevPrinted = z.object({
  receipt: PrintedImage.optional(),
  card: PrintedImage.optional(),
  /** The last A4 page the simulated document printer printed. */
  a4: PrintedImage.optional(),
});
export type DevPrinted = z.infer<typeof DevPrinted>;
