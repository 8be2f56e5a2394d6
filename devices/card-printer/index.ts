/** Card printer (Evolis-style): protocol, 1-bit panels, card composition, driver, simulator. */
export {
  encodeCommand,
  encodeBitmapDownload,
  CardReplyFramer,
  CardCommandParser,
  parseSensorReply,
  type CardReply,
  type CardCommand,
  type NackCode,
  type ProtocolOptions,
  type SensorFlags,
} from './protocol';
export * from './bitmap';
export {
  composeCardSide,
  syntheticPortrait,
  type CardSideSpec,
  type CardText,
  type CardPhoto,
  type ComposeResult,
} from './compose';
export {
  CardPrinter,
  cardStatusFromSensors,
  cardNotReadyCause,
  type CardPrinterOptions,
  type CardPrinterEvent,
  type CardPrintError,
  type CardSides,
  type CardPrintOptions,
  type CardPrinterStatus,
} from './driver';
export { CardPrinterSimulator, renderCardPng, type CardPrinterSimulatorOptions, type PrintedCard } from './simulator';
