/**
 * The notices kept on disk (`<dataDir>/notices/`), so the attract screen keeps rotating when the
 * backend is down and after a restart: `notices.json` (the accepted notices, public text only) and
 * one re-encoded JPEG per image. Files are written to a temporary name and renamed, so a crash
 * leaves the old cache or the new one, never half of one. What is read back is checked again (the
 * schema, the JPEG header and its size) as if it came from the wire: a damaged cache is ignored.
 * Nothing about any resident is ever written here.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NoticeId, NoticeKind, NoticeText } from '../../contract/notices';
import { sniffImage } from './image';

export const CachedNotice = z
  .object({
    noticeId: NoticeId,
    kind: NoticeKind,
    title: NoticeText,
    body: NoticeText,
    priority: z.number().int().min(0).max(9),
    updatedAt: z.iso.datetime({ offset: true }),
    validUntil: z.iso.datetime({ offset: true }).optional(),
    qrPayload: z.string().max(500).optional(),
    image: z.object({ imageId: NoticeId, width: z.number().int().positive(), height: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict().optional(),
  })
  .strict();
export type CachedNotice = z.infer<typeof CachedNotice>;

const CacheFile = z.object({ version: z.literal(1), fetchedAt: z.iso.datetime({ offset: true }), notices: z.array(CachedNotice).max(50) }).strict();
export type CacheContents = z.infer<typeof CacheFile>;

/** An image file is named by its id and the digest of the backend's bytes: a changed picture is a new file. */
const imageFile = (image: { imageId: string; sha256: string }) => `${image.imageId}-${image.sha256.slice(0, 16)}.jpg`;

export interface NoticeCache {
  /** The last saved list, or undefined (none yet, or damaged). */
  load(): CacheContents | undefined;
  /** Replaces the cache: the list, its images (`jpegs` by file-name key), and removes images no notice uses. */
  save(contents: CacheContents, jpegs: ReadonlyMap<string, Buffer>): void;
  /** A cached image, checked again (JPEG header, the recorded size); undefined when missing or damaged. */
  image(image: NonNullable<CachedNotice['image']>): Buffer | undefined;
  /** The key `save` expects for an image's bytes. */
  keyOf(image: { imageId: string; sha256: string }): string;
}

function writeAtomically(path: string, data: string | Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

export function openNoticeCache(directory: string): NoticeCache {
  const images = join(directory, 'images');
  mkdirSync(images, { recursive: true });
  const listPath = join(directory, 'notices.json');
  return {
    load() {
      try {
        const parsed = CacheFile.safeParse(JSON.parse(readFileSync(listPath, 'utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(contents, jpegs) {
      const wanted = new Set<string>();
      for (const notice of contents.notices) {
        if (!notice.image) continue;
        const name = imageFile(notice.image);
        wanted.add(name);
        const bytes = jpegs.get(name);
        if (bytes) writeAtomically(join(images, name), bytes);
      }
      writeAtomically(listPath, JSON.stringify(CacheFile.parse(contents)));
      for (const name of readdirSync(images)) if (!wanted.has(name)) rmSync(join(images, name), { force: true });
    },
    image(image) {
      try {
        const bytes = readFileSync(join(images, imageFile(image)));
        const header = sniffImage(bytes);
        return header?.type === 'jpg' && header.width === image.width && header.height === image.height ? bytes : undefined;
      } catch {
        return undefined;
      }
    },
    keyOf: imageFile,
  };
}
