/** English texts of the shared flow screens, typed against the Chinese shape so none is missing. */
import type { CommonReason } from '../../contract/flows/common';
import type zh from './flow.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
type Reasons = Record<CommonReason, { title: string; next: string }>;

const reasons = {
  cancelled: { title: 'This application was cancelled', next: 'You can start again whenever you like.' },
  timeout: { title: 'No answer for a long time, so this application ended', next: 'Please start again when you are ready. For help, call the duty phone shown at the top of the screen.' },
  serviceDisabled: { title: 'This kiosk cannot handle this service right now', next: 'Please go to the service counter of the police station.' },
  identityNotFound: { title: 'Your household registration could not be found', next: 'Please bring your household register to the service counter of the police station.' },
  cameraUnavailable: { title: 'The camera cannot be used, so the face check is not possible', next: 'Please go to the service counter of the police station; an officer will check your identity in person.' },
  faceMismatch: { title: 'The face check did not pass', next: 'Please bring your identity documents to the service counter; an officer will check your identity in person.' },
  backendUnavailable: { title: 'The police system cannot be reached right now', next: 'Please try again later, or go to the service counter of the police station.' },
  paymentFailed: { title: 'The payment did not go through', next: 'You can start again and try once more, or go to the service counter of the police station.' },
  paymentTimeout: { title: 'The time to pay ran out and the order was closed', next: 'Please start again when you are ready.' },
  deviceNotReady: { title: 'A device is being serviced, so this application has stopped', next: 'You have not been charged. Please go to the service counter of the police station.' },
  journalUnavailable: { title: 'The kiosk has a fault and cannot serve you now', next: 'Staff have been told. Please go to the service counter of the police station.' },
  internalError: { title: 'The kiosk has a fault, so this application ended', next: 'Staff have been told. Please go to the service counter of the police station.' },
} as const satisfies Reasons;

const identityProblems = {
  readFailed: 'Your ID card could not be read. Lay it flat on the reader and keep it still, or type the number below.',
  notResidentCard: 'This is not a resident ID card. For a residence permit or a foreigner\'s card, please go to the counter.',
  tooShort: 'The number has fewer than 18 characters. Please complete it.',
  tooLong: 'The number has more than 18 characters. Please delete the extra ones.',
  invalidCharacter: 'The number has a wrong character. The letter X can only be the last character.',
  badRegion: 'The first 6 digits (region code) are not right. Please check them.',
  badBirthDate: 'Digits 7 to 14 (date of birth) are not right. Please check them.',
  badCheckCharacter: 'This number does not check out: one character may be wrong. Please compare it with your ID card or household register, character by character, and type it again.',
};

const en: Shape<typeof zh> = {
  exit: {
    cancel: 'Cancel',
    home: 'Return home',
    leaving: 'Cancelling, please wait',
    discardTitle: 'Cancel now?',
    discardBody: 'The number you typed will be cleared.',
    discardKeep: 'Keep typing',
    discardYes: 'Yes, cancel',
  },
  loading: 'Getting ready, please wait',
  startFailed: { title: 'This service cannot start right now', next: 'Please try again later, or go to the service counter of the police station.' },
  invalidView: {
    title: 'The screen could not be shown',
    next: 'This application has stopped and you have not been charged. Please return home and start again, or call the duty phone shown at the top of the screen.',
  },
  refused: 'That did not work. Please try again.',
  identity: {
    readerDownTitle: 'The card reader is not working right now. ',
    readerDownBody: 'Please type your 18-character ID number below.',
    readerDownVoice: 'The card reader is not working right now. Please type your ID number on the screen.',
    heading: 'Your ID number',
    voice: 'Place your ID card on the reader, or type your ID number on the screen.',
    cardTitle: 'If you have your ID card',
    cardBody: 'Lay it flat on the card reader below and keep it still.',
    cardAlt: 'Picture: an ID card placed on the card reader',
    typeTitle: 'No card with you? Type your 18-character number',
    typedMasked: 'The number you typed: {masked}',
    checking: 'Checking, please wait',
    problemTitle: 'Please note: ',
    wayCard: 'I have my ID card: place it on the reader',
    wayType: 'Type my ID number on the screen',
  },
  face: {
    heading: 'Face check',
    voice: 'Please look straight at the camera, keep your face inside the oval, and blink.',
    attempt: 'Photo {attempt} of at most {max}',
    noMatch: 'The last photo did not match. Please take off any hat or glasses, look straight at the camera and try again.',
    badImage: 'The last photo was not clear. Please look straight at the camera, keep still and try again.',
    checking: 'Comparing, please wait',
    checkingVoice: 'Comparing, please wait.',
    unavailableTitle: 'The camera cannot be used',
    unavailableNext: 'Please go to the service counter of the police station.',
  },
  payment: {
    heading: 'Please pay {fee} yuan',
    voice: 'Scan the QR code on the screen with WeChat or Alipay, or hold your phone\'s payment code to the scanner below.',
    qrLabel: 'Scan with WeChat or Alipay to pay',
    scanner: 'Or: open the payment code on your phone and hold it to the scanner below the screen',
    creating: 'Preparing the payment code, please wait',
    charging: 'Taking the payment, please wait and do not leave',
    cancelling: 'Cancelling the order, please wait',
    moneyRule: 'If you cancel or do not pay in time, you are not charged. If money was taken anyway, it is refunded automatically.',
    countdown: 'Time left to pay',
    expired: 'Time is up. Checking the order, please wait',
    declined: {
      paymentDeclined: 'The payment did not go through and you were not charged. Please scan again or use another way to pay.',
      insufficientFunds: 'Not enough money in the account; you were not charged. Please use another card or way to pay.',
      invalidAuthCode: 'The payment code could not be read; you were not charged. Please refresh the code and scan again.',
      other: 'The payment did not go through and you were not charged. Please try again.',
    },
  },
  ended: {
    moneyTitle: 'About your money',
    ticket: 'Staff ticket number:',
    slipPrinted: 'A slip explaining this has been printed. Please take it and keep it.',
    home: 'Return home',
  },
  ui: {
    cancel: 'Cancel',
    steps: { label: 'Steps', position: 'Step {step} of {total}', labelSeparator: ': ' },
    keypad: { label: 'Number keypad', x: 'Letter X', deleteShort: 'Delete', clear: 'Clear all' },
    idEntry: {
      typed: '{count} characters typed',
      count: '{count} of 18 characters typed',
      hint: 'If the last character is X, press the X key.',
      complete: 'The number looks right. Press "Confirm number".',
      confirm: 'Confirm number',
    },
    idProblem: identityProblems,
    camera: {
      opening: 'Opening the camera',
      prompt: { look: 'Look straight at the camera, face inside the oval.', blink: 'Please blink.', hold: 'Keep still.' },
      autoIn: 'Photo in {seconds} seconds.',
      checking: 'Photo taken, please wait',
      captureNow: 'Take photo now',
    },
    qr: { loading: 'Preparing the QR code', failed: 'The QR code cannot be shown. Please hold your phone\'s payment code to the scanner below.' },
    countdown: { label: 'Time left', words: '{minutes} minutes {seconds} seconds', hurry: 'Time is almost up' },
    pinyin: {
      placeholder: 'Type with the pinyin keyboard below',
      count: '{count} of {max} characters',
      composing: 'Pinyin being typed',
      hint: 'Type pinyin, then tap a character above',
      loading: 'Getting the keyboard ready',
      failed: 'The keyboard cannot be used right now',
      previous: 'Previous candidates',
      next: 'More candidates',
      split: 'Syllable break',
      first: 'Take the first',
      space: 'Space',
    },
    part: { pending: 'Waiting', active: 'In progress', done: 'Done', failed: 'Failed', skipped: 'Skipped' },
  },
  reasons,
  identityProblems,
  money: {
    notCharged: 'You have not been charged.',
    charged: 'You have paid {amount} yuan.',
    refunded: 'The {amount} yuan you paid has been refunded to your payment account; it usually arrives within 1 to 3 working days.',
    refundByStaff: 'The {amount} yuan you paid could not be refunded automatically. Staff will refund it; please keep the slip.',
    unknownByStaff: 'We could not yet confirm whether {amount} yuan was taken. Staff will check and refund any charge; please keep your payment record.',
  },
};

export default en;
