// A stand-in espeak worker that loads but never answers a request: the engine must time out,
// discard it and start a fresh worker.
import { parentPort } from 'node:worker_threads';

parentPort.postMessage({ type: 'ready', sampleRate: 22050 });
parentPort.on('message', () => {});
