export { createSpeechService, type SpeechService, type SpeechServiceOptions } from './speech-service';
export { speakable } from './normalize';
