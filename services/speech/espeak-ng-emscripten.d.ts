/** The part of @echogarden/espeak-ng-emscripten (which ships no types) that this project uses. */
declare module '@echogarden/espeak-ng-emscripten' {
  export interface ESpeakNGWorker {
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): void;
    get_samplerate(): number;
    synthesize(text: string, onAudio: (samples: Int16Array | null, events: unknown[]) => number): void;
    synthesize_ipa(text: string): { code: number; ipa: string };
  }
  export interface ESpeakNGModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
  }
  const createModule: () => Promise<ESpeakNGModule>;
  export default createModule;
}
