/**
 * IPP numbers the kiosk uses: operation ids and status codes (RFC 8011 §5.4, §B), delimiter and
 * value tags (RFC 8010 §3.5), and the printer-state / job-state enums (RFC 8011 §5.4.11, §5.3.7).
 */

export const Operation = {
  PrintJob: 0x0002,
  CancelJob: 0x0008,
  GetJobAttributes: 0x0009,
  GetJobs: 0x000a,
  GetPrinterAttributes: 0x000b,
} as const;
export type OperationId = (typeof Operation)[keyof typeof Operation];

export const Status = {
  successfulOk: 0x0000,
  successfulOkIgnoredOrSubstitutedAttributes: 0x0001,
  clientErrorBadRequest: 0x0400,
  clientErrorForbidden: 0x0401,
  clientErrorNotPossible: 0x0404,
  clientErrorNotFound: 0x0406,
  clientErrorDocumentFormatNotSupported: 0x040a,
  clientErrorAttributesOrValuesNotSupported: 0x040b,
  serverErrorInternalError: 0x0500,
  serverErrorOperationNotSupported: 0x0501,
  serverErrorVersionNotSupported: 0x0503,
  serverErrorNotAcceptingJobs: 0x0506,
  serverErrorBusy: 0x0507,
} as const;

/** True for the successful-* range (0x0000..0x00ff). */
export const isSuccessStatus = (code: number): boolean => code >= 0 && code <= 0x00ff;

/** Delimiter tags: the start of an attribute group, or the end of the attributes. */
export const GroupTag = {
  operation: 0x01,
  job: 0x02,
  endOfAttributes: 0x03,
  printer: 0x04,
  unsupported: 0x05,
} as const;
export type GroupTag = (typeof GroupTag)[keyof typeof GroupTag];

/** Value tags (RFC 8010 §3.5.2). Out-of-band values carry no data. */
export const ValueTag = {
  unsupported: 0x10,
  unknown: 0x12,
  noValue: 0x13,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  textWithoutLanguage: 0x41,
  nameWithoutLanguage: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
  memberAttrName: 0x4a,
} as const;
export type ValueTag = (typeof ValueTag)[keyof typeof ValueTag];

export const PrinterState = { idle: 3, processing: 4, stopped: 5 } as const;

export const JobState = {
  pending: 3,
  pendingHeld: 4,
  processing: 5,
  processingStopped: 6,
  canceled: 7,
  aborted: 8,
  completed: 9,
} as const;
export type JobStateName = keyof typeof JobState;

/** The job-state name for an enum value, or undefined. */
export function jobStateName(value: number): JobStateName | undefined {
  return (Object.keys(JobState) as JobStateName[]).find((name) => JobState[name] === value);
}

/** Job states after which a job never changes again. */
export const isTerminalJobState = (value: number): boolean =>
  value === JobState.canceled || value === JobState.aborted || value === JobState.completed;
