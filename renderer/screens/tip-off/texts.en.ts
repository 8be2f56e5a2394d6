/** English texts of the tip-off's own screens (see texts.zh-CN.ts). */
import type { TipOffCategory } from '../../../contract/applications';
import type { CommonReason } from '../../../contract/flows/common';
import type { TipOffReason } from '../../../contract/flows/tip-off';

const categories = {
  fraud: { name: 'Fraud', hint: 'Phone and online scams, fake police, paid order boosting' },
  drugs: { name: 'Drugs', hint: 'Taking, selling or growing drugs' },
  gambling: { name: 'Gambling', hint: 'Gambling dens, online gambling, slot machines' },
  publicOrder: { name: 'Public order', hint: 'Fights, noise, fire hazards' },
  other: { name: 'Other', hint: 'Any other crime or offence' },
} as const satisfies Record<TipOffCategory, { name: string; hint: string }>;

const reasons = {
  rateLimited: { title: 'This kiosk cannot take more tip-offs just now', next: 'Please come back later, call 110 or report it at the police station counter. In an emergency call 110 at once.' },
  notSent: { title: 'The tip-off was not sent', next: 'Your tip-off did not reach the police. Please call 110 or report it at the police station counter.' },
} as const satisfies Record<Exclude<TipOffReason, CommonReason>, { title: string; next: string }>;

export default {
  title: 'Report a crime',
  steps: { notice: 'Notice', report: 'Report', identity: 'Anonymous?', confirm: 'Confirm', done: 'Done' },
  notice: {
    heading: 'Before you report',
    voice: 'In an emergency, call 110 at once. Reports are anonymous unless you choose otherwise. Press agree to start.',
    emergencyTitle: 'Happening now? Call 110 at once',
    emergency: 'Officers read these reports during working hours; this is not a way to call the police.',
    howTitle: 'How it works',
    how: { category: 'Choose what it is about', place: 'Say where, if you like', text: 'Describe it briefly, at most {max} characters', identity: 'Anonymous (the default) or with your name', send: 'Confirm and send; a tracking number is printed' },
    anonymous: 'Anonymous by default: no ID card needed and nothing recorded about who you are. Use the tracking number under "Application progress" to follow it.',
    privacy: 'What you write goes to the police only; this kiosk does not keep it.',
    honest: 'Please report truthfully. Making up accusations against someone is against the law.',
    accept: 'Agree, start',
    decline: 'Disagree',
  },
  category: { heading: 'What is it about?', voice: 'Please choose what it is about.', options: categories, back: 'Back' },
  place: {
    heading: 'Where? (optional)',
    voice: 'If you know where, type the place; otherwise press skip.',
    hint: 'For example: basement of 12 Donghuamen Street. At most {max} characters.',
    keyboard: 'Keyboard for the place',
    next: 'Next',
    skip: 'Skip the place',
    back: 'Back',
    problem: { tooLong: 'The place is too long: at most {max} characters.' },
  },
  text: {
    heading: 'Describe what happened',
    voice: 'Please describe briefly what happened, then press next.',
    hint: 'Who, when, what. At least {min} and at most {max} characters.',
    keyboard: 'Keyboard for the description',
    next: 'Next',
    back: 'Back',
    problem: { empty: 'Please describe it first, then press next.', tooShort: 'Too short: at least {min} characters, please.', tooLong: 'Too long: at most {max} characters.' },
  },
  anonymity: {
    heading: 'Anonymous or with your name?',
    voice: 'Choose anonymous or with your name. Without a choice it is anonymous.',
    anonymous: 'Anonymous',
    anonymousBody: 'No ID card needed and nothing recorded about who you are. Follow it with the tracking number.',
    named: 'With my name',
    namedBody: 'Your ID card is checked so that officers can contact you if needed. You can also follow it with your ID card.',
    back: 'Back',
  },
  lookup: { heading: 'Checking your identity', voice: 'Checking your identity, please wait.', body: 'This takes a few seconds.', number: 'ID number: {masked}' },
  confirm: {
    heading: 'Please check your report',
    voice: 'Please check your report and press confirm to send it.',
    category: 'About',
    place: 'Where',
    noPlace: 'Not given',
    text: 'What happened',
    who: 'Reported by',
    anonymous: 'Anonymous',
    named: 'With your name (ID number {masked})',
    edit: 'Change it',
    submit: 'Confirm and send',
    final: 'Once sent, it cannot be taken back.',
  },
  submitting: { heading: 'Sending, please wait', voice: 'Sending your report, please wait.', body: 'Once sent it cannot be taken back; please stay.' },
  printing: { heading: 'Report received; printing your tracking number', voice: 'Your report was received. Printing your tracking number, please wait.', number: 'Tracking number: {no}' },
  done: {
    heading: 'Report received. Thank you',
    voice: 'Your report was received. Thank you. Please take the slip with your tracking number.',
    noSlipVoice: 'Your report was received. Thank you. The slip was not printed; please note the tracking number on the screen.',
    numberTitle: 'Tracking number',
    slipPrinted: 'The slip with the tracking number came out below. Please take it and keep it safe.',
    slipNotPrinted: 'The slip could not be printed. Please photograph or write down this number; staff can also print it again for you.',
    how: 'Follow it under "Application progress" at this kiosk with the tracking number; no ID card needed.',
    named: 'As you gave your name, you can also look it up with your ID card.',
    finish: 'Done, back to home',
  },
  reasons,
} as const;
