import type zh from './texts.zh-CN';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export default {
  button: 'Help',
  buttonLabel: 'Help: video call the duty officer or phone the duty desk',
  menu: {
    heading: 'Need help?',
    voice: 'Need help? You can video call the duty officer. In an emergency, press Emergency, or call 110.',
    video: 'Video call the duty officer',
    videoHint: 'The officer on duty will talk to you on screen',
    emergency: 'Emergency',
    emergencyHint: 'You are in danger or it is urgent',
    videoOff: 'Video calls are not available at this kiosk. Please call one of the numbers below.',
    close: 'Back',
  },
  phones: {
    duty: 'Duty phone',
    emergency: 'In an emergency, call',
  },
  starting: 'Starting the camera and microphone…',
  ringing: {
    heading: 'Calling the duty officer…',
    urgentHeading: 'Emergency call…',
    voice: 'Calling the duty officer. Please wait.',
    urgentVoice: 'Emergency call to the duty officer. Please wait. If a life is in danger, call 110 now.',
    waited: 'Waiting {seconds} s',
    hint: 'If nobody answers within {seconds} seconds, you will be shown the duty phone.',
    selfView: 'Your picture',
  },
  connecting: 'The officer answered. Connecting the video…',
  inCall: {
    heading: 'Talking to {officer}',
    officerFallback: 'the duty officer',
    officerVideo: 'The duty officer',
    duration: 'Call {time}',
  },
  hangUp: 'Hang up',
  callAgain: 'Call again',
  close: 'Close',
  ended: {
    unanswered: {
      heading: 'The duty officer did not answer',
      body: 'Please call the duty phone. In an emergency, call 110.',
      voice: 'The duty officer did not answer. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    noDesk: {
      heading: 'The duty officer cannot take video calls right now',
      body: 'Please call the duty phone. In an emergency, call 110.',
      voice: 'The duty officer cannot take video calls right now. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    mediaFailed: {
      heading: 'The video connection was lost',
      body: 'A network problem stopped the video. Please call the duty phone. In an emergency, call 110.',
      voice: 'The video connection was lost. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    mediaNotConnected: {
      heading: 'The video could not be connected',
      body: 'The duty officer answered, but the video did not connect. Please call the duty phone. In an emergency, call 110.',
      voice: 'The video could not be connected. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    deskLeft: {
      heading: 'The video connection was lost',
      body: "The officer's connection dropped. Please call the duty phone. In an emergency, call 110.",
      voice: 'The video connection was lost. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    kioskLeft: {
      heading: 'This kiosk cannot make the call right now',
      body: 'Please call the duty phone. In an emergency, call 110.',
      voice: 'This kiosk cannot make the call right now. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    cameraUnavailable: {
      heading: 'The camera or microphone is not working',
      body: 'A video call is not possible now. Please call the duty phone. In an emergency, call 110.',
      voice: 'The camera or microphone is not working. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    refused: {
      heading: 'A video call is not possible now',
      body: 'Please call the duty phone. In an emergency, call 110.',
      voice: 'A video call is not possible now. Please call the duty phone {phone}. In an emergency, call 110.',
    },
    deskHungUp: {
      heading: 'The officer ended the call',
      body: 'If you still need help, call again or phone the duty desk.',
      voice: 'The officer ended the call.',
    },
    tooLong: {
      heading: 'The call has ended',
      body: 'The call reached its time limit. If you still need help, call again or phone the duty desk.',
      voice: 'The call has ended. If you still need help, call again or phone the duty desk on {phone}.',
    },
    ticket: 'Your request for help is recorded (number {number}); the duty officer will follow it up.',
  },
} satisfies Texts<typeof zh>;
