/** Camera and microphone for a call: the fallbacks (video alone, sound alone), a driver that hangs, and a late stream released. */
import { describe, expect, it, vi } from 'vitest';
import { openCallMedia } from './media';

function stream(kinds: ('audio' | 'video')[]) {
  const tracks = kinds.map((kind) => ({ kind, stopped: false, stop() { this.stopped = true; } }));
  return {
    tracks,
    stream: { getTracks: () => tracks, getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'), getVideoTracks: () => tracks.filter((t) => t.kind === 'video') } as unknown as MediaStream,
  };
}

describe('openCallMedia', () => {
  it('asks for camera and microphone together first', async () => {
    const both = stream(['audio', 'video']);
    const getUserMedia = vi.fn().mockResolvedValue(both.stream);
    const result = await openCallMedia(1_000, { getUserMedia } as unknown as MediaDevices);
    expect(result).toEqual({ ok: true, stream: both.stream, audio: true, video: true });
    expect(getUserMedia.mock.calls[0]![0]).toMatchObject({ video: expect.any(Object), audio: expect.any(Object) });
  });

  it('falls back to the camera alone, then the microphone alone', async () => {
    const sound = stream(['audio']);
    const getUserMedia = vi.fn().mockRejectedValueOnce(new Error('NotFoundError')).mockRejectedValueOnce(new Error('NotReadableError')).mockResolvedValue(sound.stream);
    const result = await openCallMedia(1_000, { getUserMedia } as unknown as MediaDevices);
    expect(result).toMatchObject({ ok: true, audio: true, video: false });
    expect(getUserMedia.mock.calls.map(([c]) => [Boolean(c.video), Boolean(c.audio)])).toEqual([[true, true], [true, false], [false, true]]);
  });

  it('gives up when nothing answers in time, and stops a stream that arrives too late', async () => {
    const late = stream(['audio', 'video']);
    let deliver!: (s: MediaStream) => void;
    const getUserMedia = vi.fn().mockReturnValueOnce(new Promise<MediaStream>((resolve) => (deliver = resolve))).mockReturnValue(new Promise(() => {}));
    const result = await openCallMedia(30, { getUserMedia } as unknown as MediaDevices);
    expect(result).toEqual({ ok: false });
    deliver(late.stream);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(late.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('says no without a media API (no secure origin)', async () => {
    expect(await openCallMedia(100, {} as MediaDevices)).toEqual({ ok: false });
  });
});
