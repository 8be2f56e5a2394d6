import type zh from './zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const en: Shape<typeof zh> = {
  app: { title: '24-Hour Smart Police Post', subtitle: 'Self-service kiosk' },
  attract: {
    touchToStart: 'Touch the screen to start',
    hint: 'Open 24 hours. For help, press "Help".',
    services: 'Services',
  },
  home: {
    heading: 'Please choose a service',
    voice: 'Please choose a service',
    notAvailableBadge: 'Not offered at this kiosk',
  },
  services: {
    tempIdCard: { name: 'Temporary ID card', description: 'While your ID card is lost or being replaced' },
    traffic: { name: 'Traffic violations', description: 'Look up, handle and pay fines' },
    noCriminalRecord: { name: 'No-criminal-record certificate', description: 'Issued and printed on the spot' },
    progress: { name: 'Application progress', description: 'Check how an application is going' },
    help: { name: 'Help', description: 'Contact the officer on duty' },
  },
  unavailable: {
    heading: '{service} is not yet available at this kiosk',
    body: 'This kiosk cannot handle this service yet.',
    whatNext: 'Please go to the service counter of the police station, or ask the officer on duty during office hours.',
    emergency: 'In an emergency, call 110.',
  },
  nav: { home: 'Home', back: 'Back' },
  idle: {
    title: 'Are you still there?',
    body: 'In {seconds} seconds we will return to the start and clear your information.',
    continue: 'Continue',
    leave: 'Finish',
  },
  status: {
    devices: { ok: 'Devices OK', degraded: 'Some devices need attention', down: 'Device fault', unknown: 'Device status unknown' },
    voiceOn: 'Voice on',
    voiceHealth: { degraded: 'Voice needs attention', silent: 'Voice guidance unavailable' },
    voiceOff: 'Voice off',
  },
  core: {
    unavailableTitle: 'Service temporarily unavailable',
    unavailableBody: 'The system is recovering by itself. Please wait a moment. Nothing is lost and you will not be charged twice.',
  },
  language: { switchTo: '中文', label: 'Change language' },
};

export default en;
