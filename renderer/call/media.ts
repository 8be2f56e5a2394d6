/**
 * Camera and microphone for a help call. Tries both, then video alone, then sound alone: a resident
 * whose camera is broken can still talk, an officer without a camera can still see. Gives up after
 * `timeoutMs` (a permission prompt nobody answers, a driver that hangs); a stream arriving after
 * that is stopped at once. Nothing is recorded: the tracks go to the peer connection and the
 * screen's own preview, and are stopped when the call ends.
 */
export type CallMediaResult = { ok: true; stream: MediaStream; audio: boolean; video: boolean } | { ok: false };

const VIDEO: MediaTrackConstraints = { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export async function openCallMedia(timeoutMs = 10_000, media: MediaDevices | undefined = globalThis.navigator?.mediaDevices): Promise<CallMediaResult> {
  if (!media || typeof media.getUserMedia !== 'function') return { ok: false };
  const deadline = Date.now() + timeoutMs;
  for (const constraints of [{ video: VIDEO, audio: AUDIO }, { video: VIDEO, audio: false }, { video: false, audio: AUDIO }]) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const stream = await withTimeout(media.getUserMedia(constraints), left);
    if (!stream) continue;
    const audio = stream.getAudioTracks().length > 0;
    const video = stream.getVideoTracks().length > 0;
    if (audio || video) return { ok: true, stream, audio, video };
    stopMedia(stream);
  }
  return { ok: false };
}

async function withTimeout(request: Promise<MediaStream>, ms: number): Promise<MediaStream | undefined> {
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = request.then(
    (stream) => {
      if (timedOut) stopMedia(stream);
      return stream;
    },
    () => undefined,
  );
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve(undefined);
    }, ms);
  });
  try {
    return await Promise.race([late, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function stopMedia(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
