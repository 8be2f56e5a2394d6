/**
 * The police notices the attract screen rotates (contract/notices.ts), with their pictures. The
 * core has checked and cached them; this store asks for the list once, then takes each new list the
 * core pushes (`notices.changed`: a refresh brought new notices, or one expired) and asks again only
 * when the connection to the core comes back (events sent meanwhile were missed). No polling. It keeps
 * each picture once (by id) so rotating never waits for the core. Public information: nothing here
 * belongs to a resident, so it is not wiped with the session.
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
  let listening = false;
  /** Lists are applied one at a time, in the order they came (a push during a fetch is not lost). */
  let applying: Promise<void> = Promise.resolve();

  const notices = computed<readonly NoticeView[]>(() => list.value?.notices ?? []);
  const rotateSeconds = computed(() => list.value?.rotateSeconds ?? 8);
  const byId = (noticeId: string) => notices.value.find((notice) => notice.noticeId === noticeId);
  const imageOf = (notice: NoticeView) => (notice.image ? images.value.get(notice.image.imageId) : undefined);

  /** Shows a list, with the pictures not yet held fetched first (so a card never waits for its photo). */
  async function show(next: NoticeList): Promise<void> {
    const api = useApi();
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
  }

  function queue(work: () => Promise<void>): Promise<void> {
    applying = applying.then(async () => {
      loading.value = true;
      try {
        await work();
      } catch {
        // The core is restarting or gone: keep showing what we had.
      } finally {
        loading.value = false;
      }
    });
    return applying;
  }

  /** Asks the core for the list now. A core that cannot answer leaves the last list. */
  function refresh(): Promise<void> {
    return queue(async () => show(await useApi().call('notices.list', {})));
  }

  /** Takes the lists the core pushes from now on, and asks again whenever the core comes back. */
  function follow(): Promise<void> {
    if (!listening) {
      listening = true;
      const api = useApi();
      api.on('notices.changed', (next) => void queue(() => show(next)));
      api.onAvailability((available) => {
        if (available) void refresh();
      });
    }
    return refresh();
  }

  return { list, images, notices, rotateSeconds, loading, byId, imageOf, refresh, follow };
});
