// Worker thread that hosts espeak-ng (WebAssembly, from @echogarden/espeak-ng-emscripten) so that
// synthesis never blocks the core's event loop. Plain JavaScript on purpose: it must start as it is
// under Node, tsx, Vitest and the Electron bundle alike.
//
// In:  { id, text, voice, wordsPerMinute }
// Out: { type: 'ready', sampleRate } once, then { id, ok: true, samples: Int16Array, sampleRate }
//      or { id, ok: false, message } per request; { type: 'error', message } if loading failed.
import { parentPort } from 'node:worker_threads';

if (!parentPort) throw new Error('espeak-worker.mjs runs only as a worker thread');
const port = parentPort;

let engine;
try {
  const { default: createModule } = await import('@echogarden/espeak-ng-emscripten');
  const module = await createModule();
  engine = new module.eSpeakNGWorker();
  port.postMessage({ type: 'ready', sampleRate: engine.get_samplerate() });
} catch (error) {
  port.postMessage({ type: 'error', message: `espeak-ng could not load: ${error instanceof Error ? error.message : String(error)}` });
}

let currentVoice = '';

port.on('message', (request) => {
  const { id, text, voice, wordsPerMinute } = request;
  if (!engine) return port.postMessage({ id, ok: false, message: 'espeak-ng is not loaded' });
  try {
    if (voice !== currentVoice) {
      const code = engine.set_voice(voice);
      if (code !== 0) return port.postMessage({ id, ok: false, message: `espeak-ng has no voice "${voice}" (code ${code})` });
      currentVoice = voice;
    }
    engine.set_rate(wordsPerMinute);
    const chunks = [];
    let length = 0;
    engine.synthesize(text, (samples) => {
      if (samples && samples.length > 0) {
        chunks.push(samples);
        length += samples.length;
      }
      return 0; // 0 = go on
    });
    const samples = new Int16Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    port.postMessage({ id, ok: true, samples, sampleRate: engine.get_samplerate() }, [samples.buffer]);
  } catch (error) {
    port.postMessage({ id, ok: false, message: `espeak-ng failed: ${error instanceof Error ? error.message : String(error)}` });
  }
});
