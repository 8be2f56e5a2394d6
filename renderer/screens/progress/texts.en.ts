/** English texts of the progress query's own screens (see texts.zh-CN.ts). */
import type { ApplicationKind, ApplicationStatus, TipOffCategory } from '../../../contract/applications';
import type { NumberPrefix } from '../../../contract/flows/progress';

const kinds = {
  idCard: 'Resident ID card',
  tempIdCard: 'Temporary ID card',
  exitEntryEndorsement: 'Exit-entry endorsement',
  householdTransfer: 'Household registration transfer',
  noCriminalRecordCertificate: 'No-criminal-record certificate',
  trafficDecision: 'Traffic penalty decision',
  tipOff: 'Tip-off',
} as const satisfies Record<ApplicationKind, string>;

const statuses = {
  submitted: 'Accepted',
  reviewing: 'Under review',
  producing: 'Being made',
  readyForCollection: 'Ready to collect',
  collected: 'Collected',
  issued: 'Issued',
  awaitingPayment: 'Awaiting payment',
  paid: 'Paid',
  received: 'Received',
  closed: 'Closed',
  rejected: 'Not accepted',
  withdrawn: 'Withdrawn',
  voided: 'Cancelled',
} as const satisfies Record<ApplicationStatus, string>;

const next = {
  submitted: 'Accepted and waiting for review; nothing for you to do.',
  reviewing: 'Being reviewed; you will get a text message with the result.',
  producing: 'The card is being made; you will get a text message when it can be collected.',
  readyForCollection: 'Bring the application slip and your ID document to the place below.',
  collected: 'Collected; finished.',
  issued: 'Issued; finished.',
  awaitingPayment: 'Please pay by the deadline: at this kiosk, at a bank or in the 12123 app.',
  paid: 'Paid; finished.',
  received: 'Received and waiting to be handled.',
  closed: 'Closed.',
  rejected: 'Not accepted. Please ask at the police station counter why.',
  withdrawn: 'Withdrawn. Apply again when you need it.',
  voided: 'Cancelled. Please ask at the police station counter if you have questions.',
} as const satisfies Record<ApplicationStatus, string>;

const categories = { fraud: 'Fraud', drugs: 'Drugs', gambling: 'Gambling', publicOrder: 'Public order', other: 'Other' } as const satisfies Record<TipOffCategory, string>;

const prefixes = { SQ: 'Application number', JB: 'Tip-off tracking number' } as const satisfies Record<NumberPrefix, string>;
const prefixHints = { SQ: 'On the application slip: SQ and 8 to 20 digits', JB: 'On the tip-off slip: JB and 18 digits' } as const satisfies Record<NumberPrefix, string>;

export default {
  title: 'Application progress',
  steps: { how: 'How', identity: 'Identity', face: 'Face check', results: 'Results' },
  choose: {
    heading: 'How would you like to look it up?',
    voice: 'Choose how to look it up: with your ID card for all your applications, or with an application or tip-off number.',
    byIdentity: 'With my ID card',
    byIdentityBody: 'Every application you have with the police. Place your ID card; if you type the number, your face is checked.',
    byNumber: 'With a number',
    byNumberBody: 'The application number on your slip (your identity is checked too), or a tip-off tracking number (no ID card needed).',
    privacy: 'The results are shown on this screen only, cleared as soon as you leave, and never printed.',
  },
  number: {
    heading: 'Type the number',
    voice: 'First choose the kind of number, then type its digits.',
    prefixTitle: 'Kind of number',
    prefixes,
    prefixHints,
    digitsLabel: 'Number',
    count: '{count} digits typed',
    confirm: 'Look up',
    back: 'Back',
    problem: { badFormat: 'This number is not right. Please check it digit by digit against your slip and type it again.' },
    badFormatVoice: 'This number is not right. Please check it against your slip and type it again.',
  },
  lookup: { heading: 'Checking your identity', voice: 'Checking your identity, please wait.', body: 'This takes a few seconds.', number: 'ID number: {masked}' },
  querying: { heading: 'Looking it up, please wait', voice: 'Looking up your applications, please wait.', body: 'Asking the police system; this takes a few seconds.', number: 'ID number: {masked}', applicationNo: 'Number: {no}' },
  results: {
    heading: 'Application progress',
    voice: '{count} found. Please look at the screen.',
    emptyVoice: 'Nothing was found.',
    whose: 'ID number: {masked}',
    asked: 'Number looked up: {no}',
    count: '{count} in all',
    empty: 'Nothing found',
    emptyNumber: 'No application has this number. Please check it; a very recent one may not be registered yet, try again in a day or two.',
    emptyIdentity: 'The police have no application of yours in progress or recently finished.',
    kinds,
    statuses,
    next,
    categories,
    number: 'Number',
    submitted: 'Submitted',
    updated: 'Last update',
    pickUp: 'Collect at',
    due: 'Deadline',
    amount: 'To pay',
    category: 'Category',
    note: 'Note',
    nextTitle: 'What next',
    privacy: 'This page is cleared as soon as you leave.',
    again: 'Look up again',
    finish: 'Done, back to home',
  },
  done: {
    heading: 'The results have been cleared',
    voice: 'The results have been cleared.',
    body: 'What was on the screen has been cleared. You can look it up again any time.',
    finish: 'Back to home',
  },
} as const;
