/**
 * The kiosk camera for face comparison: open a video-only stream, grab one frame as JPEG base64,
 * stop every track. Frames exist only in memory for the moment they are sent; the canvas used to
 * encode one is shrunk to 0x0 at once so the browser drops its pixels.
 */

/** Why the camera cannot be used; each maps to "please go to the counter" on screen. */
export type CameraProblem = 'denied' | 'missing' | 'unsupported' | 'busy' | 'failed';

export type CameraOpenResult = { ok: true; stream: MediaStream } | { ok: false; problem: CameraProblem };

/** Maps a getUserMedia rejection (a DOMException name) to a problem the flow understands. */
export function cameraProblemFromError(error: unknown): CameraProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'failed';
  }
}

/**
 * Opens the camera, video only (never audio), preferring a portrait-friendly 640x480 front view.
 * Gives up after `timeoutMs` (a permission prompt nobody answers, a driver that hangs); a stream
 * arriving after that is stopped at once.
 */
export async function openCamera(timeoutMs = 10_000, media: MediaDevices | undefined = globalThis.navigator?.mediaDevices): Promise<CameraOpenResult> {
  if (!media || typeof media.getUserMedia !== 'function') return { ok: false, problem: 'unsupported' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const request = media.getUserMedia({ audio: false, video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } });
  const timeout = new Promise<CameraOpenResult>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve({ ok: false, problem: 'failed' });
    }, timeoutMs);
  });
  const opened = request.then(
    (stream): CameraOpenResult => {
      if (timedOut) {
        stopCamera(stream);
        return { ok: false, problem: 'failed' };
      }
      return stream.getVideoTracks().length > 0 ? { ok: true, stream } : (stopCamera(stream), { ok: false, problem: 'missing' });
    },
    (error: unknown): CameraOpenResult => ({ ok: false, problem: cameraProblemFromError(error) }),
  );
  try {
    return await Promise.race([opened, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops every track so the camera light goes off. Safe with null and with stopped streams. */
export function stopCamera(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export type FrameResult = { ok: true; jpegBase64: string } | { ok: false; message: string };

/**
 * Draws the video's current frame onto a temporary canvas (scaled down to at most `maxWidth`),
 * encodes it as JPEG and returns the base64 body (no `data:` prefix). The canvas is emptied before
 * returning, whatever happens: no pixels outlive this call except the returned string.
 */
export function captureJpegBase64(video: HTMLVideoElement, maxWidth = 640, quality = 0.85, doc: Document = document): FrameResult {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (!width || !height) return { ok: false, message: 'no video frame yet' };
  const scale = Math.min(1, maxWidth / width);
  const canvas = doc.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  try {
    const context = canvas.getContext('2d');
    if (!context) return { ok: false, message: 'no 2d canvas' };
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const dataUrl = canvas.toDataURL('image/jpeg', quality);
    const prefix = 'data:image/jpeg;base64,';
    if (!dataUrl.startsWith(prefix)) return { ok: false, message: 'JPEG encoding unavailable' };
    return { ok: true, jpegBase64: dataUrl.slice(prefix.length) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'capture failed' };
  } finally {
    canvas.width = 0;
    canvas.height = 0;
  }
}
