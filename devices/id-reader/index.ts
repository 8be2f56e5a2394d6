/** Resident ID card reader (SAM protocol): driver, simulator, fixtures and the pure codecs. */
export {
  IdCardReader,
  plausibleReply,
  type CardRead,
  type IdCardReaderOptions,
  type IdReaderEvent,
  type IdReaderTimeouts,
  type ReadFailure,
} from './driver';
export { IdReaderSimulator, type IdReaderSimulatorOptions } from './simulator';
export {
  fixtureCard,
  fixtureNames,
  fixturePhoto,
  cardFromRecord,
  withCheckCharacter,
  type FixtureCard,
  type FixtureName,
} from './fixtures';
export { IdFrameParser } from './framer';
export * from './frame';
export { describeStatus, knownStatusCodes, SW3, type IdReaderError, type StatusInfo } from './status-codes';
export * from './text-block';
export { nationName, nationNames } from './nations';
