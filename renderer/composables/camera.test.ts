import { afterEach, describe, expect, it, vi } from 'vitest';
import { cameraProblemFromError, captureJpegBase64, openCamera, stopCamera } from './camera';

/** A stand-in MediaStream whose tracks record being stopped. */
function fakeStream(videoTracks = 1) {
  const tracks = Array.from({ length: videoTracks }, () => ({ kind: 'video', stopped: false, stop() { this.stopped = true; }, addEventListener() {} }));
  return { tracks, stream: { getTracks: () => tracks, getVideoTracks: () => tracks } as unknown as MediaStream };
}
const mediaRejecting = (name: string) => ({ getUserMedia: () => Promise.reject(Object.assign(new Error(name), { name })) }) as unknown as MediaDevices;

describe('camera', () => {
  afterEach(() => vi.useRealTimers());

  it('maps refusals to problems the flow understands', async () => {
    expect(await openCamera(1000, mediaRejecting('NotAllowedError'))).toEqual({ ok: false, problem: 'denied' });
    expect(await openCamera(1000, mediaRejecting('NotFoundError'))).toEqual({ ok: false, problem: 'missing' });
    expect(await openCamera(1000, mediaRejecting('NotReadableError'))).toEqual({ ok: false, problem: 'busy' });
    expect(await openCamera(1000, undefined)).toEqual({ ok: false, problem: 'unsupported' });
    expect(cameraProblemFromError('weird')).toBe('failed');
  });

  it('asks for video only', async () => {
    const { stream } = fakeStream();
    const getUserMedia = vi.fn(async () => stream);
    const result = await openCamera(1000, { getUserMedia } as unknown as MediaDevices);
    expect(result.ok).toBe(true);
    expect(getUserMedia).toHaveBeenCalledWith(expect.objectContaining({ audio: false, video: expect.any(Object) }));
  });

  it('gives up on a camera that never answers and stops a stream that arrives too late', async () => {
    vi.useFakeTimers();
    const { tracks, stream } = fakeStream();
    let deliver!: (s: MediaStream) => void;
    const media = { getUserMedia: () => new Promise<MediaStream>((resolve) => (deliver = resolve)) } as unknown as MediaDevices;
    const opening = openCamera(5000, media);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await opening).toEqual({ ok: false, problem: 'failed' });
    deliver(stream);
    await vi.advanceTimersByTimeAsync(0);
    expect(tracks[0]!.stopped).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a stream without video tracks is a missing camera, and is stopped', async () => {
    const { stream } = fakeStream(0);
    expect(await openCamera(1000, { getUserMedia: async () => stream } as unknown as MediaDevices)).toEqual({ ok: false, problem: 'missing' });
  });

  it('stopCamera stops every track and tolerates null', () => {
    const { tracks, stream } = fakeStream(2);
    stopCamera(stream);
    stopCamera(null);
    expect(tracks.every((t) => t.stopped)).toBe(true);
  });

  it('captures one JPEG frame and empties the canvas afterwards', () => {
    const canvases: { width: number; height: number }[] = [];
    const doc = {
      createElement: () => {
        const canvas = {
          width: 0,
          height: 0,
          getContext: () => ({ drawImage: vi.fn() }),
          toDataURL: (type: string) => `data:${type};base64,/9j/AAAA`,
        };
        canvases.push(canvas);
        return canvas;
      },
    } as unknown as Document;
    const video = { videoWidth: 1280, videoHeight: 960 } as HTMLVideoElement;
    expect(captureJpegBase64(video, 640, 0.8, doc)).toEqual({ ok: true, jpegBase64: '/9j/AAAA' });
    expect(canvases[0]).toMatchObject({ width: 0, height: 0 });
    expect(captureJpegBase64({ videoWidth: 0, videoHeight: 0 } as HTMLVideoElement, 640, 0.8, doc).ok).toBe(false);
  });
});
