import type zh from './zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const en: Shape<typeof zh> = {
  app: { title: '24-Hour Smart Police Post', subtitle: 'Self-service kiosk' },
  attract: {
    touchToStart: 'Touch the screen to start',
    hint: 'Open 24 hours. For help, call the duty phone shown at the top of the screen; in an emergency, call 110.',
    services: 'Services',
  },
  notices: {
    region: 'Police notices',
    kinds: { antiFraud: 'Anti-fraud warning', missingPerson: 'Missing person', wantedPerson: 'Wanted: reward', announcement: 'Announcement', wechatGroup: 'Police WeChat group' },
    open: 'Touch to read and listen',
    position: 'Notice {n} of {total}',
    pause: 'Pause',
    resume: 'Play',
    photo: 'Photo',
    qr: 'QR code to join the WeChat group',
    qrHint: 'Open WeChat and scan to join',
    qrFailed: 'The QR code cannot be shown just now',
    read: 'Read aloud',
    readAgain: 'Read again',
    back: 'Back',
    onlyChinese: 'This notice is in Chinese only',
    missing: 'This notice has been taken down',
    updated: 'Updated {date}',
  },
  home: {
    heading: 'Please choose a service',
    voice: 'Please choose a service',
    notAvailableBadge: 'Not offered at this kiosk',
    pausedBadge: 'Paused',
    paused: {
      cardPrinter: 'The card printer is being serviced. Please go to the counter.',
      receiptPrinter: 'The printer is being serviced. Please go to the counter.',
      idCardReader: 'The card reader is being serviced. Please go to the counter.',
      qrScanner: 'The code scanner is being serviced. Please go to the counter.',
      contactlessReader: 'The permit reader is being serviced. Please go to the counter.',
      byStaff: 'This service is paused for now. Please go to the counter.',
    },
  },
  services: {
    tempIdCard: { name: 'Temporary ID card', description: 'While your ID card is lost or being replaced' },
    traffic: { name: 'Traffic violations', description: 'Look up, handle and pay fines' },
    noCriminalRecord: { name: 'No-criminal-record certificate', description: 'Issued and printed on the spot' },
    exitEntry: { name: 'Exit-entry endorsement', description: 'Hong Kong and Macao permit: endorse again' },
    progress: { name: 'Application progress', description: 'Check how an application is going' },
    tipOff: { name: 'Report a crime', description: 'Anonymous tip-offs to the police' },
    help: { name: 'Help', description: 'Video call the duty officer, or phone' },
  },
  unavailable: {
    heading: 'This kiosk does not offer “{service}” yet',
    body: 'This service cannot be handled here for now.',
    whatNext: 'Please go to the service counter of the police station, or call the duty phone to ask.',
    emergency: 'In an emergency, call 110.',
    pausedHeading: '“{service}” is paused',
  },
  help: {
    heading: 'Need help?',
    voice: 'For help, call the duty phone {phone}. In an emergency, call 110.',
    dutyPhone: 'Duty phone',
    emergency: 'In an emergency, call',
    body: 'An officer on duty answers the phone. Video calls are not available at this kiosk yet.',
  },
  nav: { home: 'Home', back: 'Back' },
  idle: {
    title: 'Are you still there?',
    body: 'If nothing is touched, in {seconds} seconds this visit ends, your information is cleared and the kiosk returns to the welcome screen.',
    continue: 'Continue',
    leave: 'Finish',
  },
  status: {
    devices: { ok: 'Devices OK', degraded: 'Some devices need attention', down: 'Device fault', unknown: 'Device status unknown' },
    dutyPhone: 'Duty phone {phone}',
    voiceOn: 'Voice on',
    voiceHealth: { degraded: 'Voice needs attention', silent: 'Voice guidance unavailable' },
    voiceOff: 'Voice off',
  },
  core: {
    unavailableTitle: 'Service temporarily unavailable',
    unavailableBody: 'The system is recovering by itself. Please wait a moment. Nothing is lost and you will not be charged twice.',
  },
  language: { switchTo: '中文', label: 'Change language' },
  assist: {
    elderly: 'Large text mode',
    readAloud: 'Read aloud',
    volume: 'Volume: {level}',
    volumeLevel: { 1: 'low', 2: 'medium', 3: 'high' },
  },
};

export default en;
