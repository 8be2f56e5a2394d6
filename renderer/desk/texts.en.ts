import type zh from './texts.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** The duty desk page's words (English). */
const en: Shape<typeof zh> = {
  title: 'Duty desk · video help',
  language: '中文',
  connection: { connecting: 'Connecting to the kiosk…', open: 'Connected', closed: 'Connection to the kiosk lost; retrying…' },
  signIn: {
    heading: 'Duty officer sign-in',
    staffId: 'Staff code',
    pin: 'PIN',
    submit: 'Sign in',
    checking: 'Checking…',
    lockedUntil: 'Locked until {time}',
  },
  refused: {
    wrongCredentials: 'Wrong staff code or PIN.',
    lockedOut: 'Too many attempts; locked for a while.',
    notAnOfficer: 'Only duty officers answer residents’ calls.',
    noStaffConfigured: 'This kiosk has no staff list yet.',
    sessionExpired: 'Your session has ended; please sign in again.',
    signInPending: 'The previous sign-in is still being checked.',
  },
  signedInAs: '{alias} ({staffId}) on duty',
  signOut: 'Sign out',
  kiosks: { heading: 'Kiosks on watch', empty: 'No kiosk is online.', board: 'Four-colour state: {colour}, {meaning}', noBoard: 'Four-colour state unavailable' },
  call: {
    ringing: 'Incoming call, ringing for {seconds} s',
    urgent: 'Emergency',
    answer: 'Answer',
    answerUrgent: 'Answer emergency',
    takenBy: 'Answered by {alias}',
    answering: 'Opening the camera…',
    connecting: 'Connecting the video…',
    inCall: 'Talking with the resident at {post}',
    residentVideo: 'Resident',
    selfView: 'This desk',
    hangUp: 'Hang up',
    back: 'Back to the list',
    duration: 'Call {time}',
  },
  ended: {
    heading: 'Call ended',
    unanswered: 'Nobody answered; the kiosk gave the duty phone and 110 and opened a ticket.',
    noDesk: 'No duty desk was online.',
    kioskHungUp: 'The resident hung up.',
    deskHungUp: 'You hung up.',
    residentLeft: 'The resident left the kiosk.',
    mediaFailed: 'The video dropped during the call; the kiosk told the resident to phone the duty desk.',
    mediaNotConnected: 'Answered, but the video could not be connected (network); the kiosk told the resident to phone the duty desk.',
    deskLeft: 'This desk lost its connection; the call ended.',
    kioskLeft: 'The kiosk went offline.',
    tooLong: 'The call reached its maximum length.',
  },
};
export default en;
