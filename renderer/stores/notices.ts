/**
 * The police notices the attract screen rotates (contract/notices.ts), with their pictures. The
 * core has checked and cached them; this store asks for the list now and then while the attract
 * screen is up and keeps each picture once (by id) so rotating never waits for the core. Public
 * information: nothing here belongs to a resident, so it is not wiped with the session.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { NoticeList, NoticeView } from '../../contract/notices';
import { useApi } from '../api/current';

export const useNoticesStore = defineStore('notices', () => {
  const list = shallowRef<NoticeList | null>(null);
  /** Data URLs by image id (a few tens of KB each, at most a dozen). */
  const images = shallowRef<ReadonlyMap<string, string>>(new Map());
  const loading = ref(false);

  const notices = computed<readonly NoticeView[]>(() => list.value?.notices ?? []);
  const rotateSeconds = computed(() => list.value?.rotateSeconds ?? 8);
  const byId = (noticeId: string) => notices.value.find((notice) => notice.noticeId === noticeId);
  const imageOf = (notice: NoticeView) => (notice.image ? images.value.get(notice.image.imageId) : undefined);

  /** Refreshes the list and fetches the pictures not yet held. A core that cannot answer leaves the last list. */
  async function refresh(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    try {
      const api = useApi();
      const next = await api.call('notices.list', {});
      const held = images.value;
      const wanted = new Map<string, string>();
      for (const notice of next.notices) {
        if (!notice.image) continue;
        const id = notice.image.imageId;
        const have = held.get(id) ?? (await api.call('notices.image', { imageId: id }).then((image) => image.dataUrl, () => undefined));
        if (have) wanted.set(id, have);
      }
      images.value = wanted;
      list.value = next;
    } catch {
      // The core is restarting or gone: keep showing what we had.
    } finally {
      loading.value = false;
    }
  }

  return { list, images, notices, rotateSeconds, loading, byId, imageOf, refresh };
});
