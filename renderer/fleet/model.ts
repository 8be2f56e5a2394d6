/**
 * The fleet console's picture of the fleet, as pure functions of what the broker delivered: each
 * kiosk's display colour (the four colours of its own board, or offline: its last will, a goodbye,
 * silence past three heartbeats, or no state yet), the grouping by district and post with the worst
 * first, and the open tickets of every kiosk, oldest first.
 */
import type { FourColour } from '../../contract/four-colour';
import type { FleetTicket, KioskStateMessage, KioskStatusMessage } from '../../contract/fleet/messages';
import type { KioskAddress } from '../../contract/fleet/topics';

export type DisplayColour = FourColour | 'offline';
export type OfflineWhy = 'connectionLost' | 'stopped' | 'silent' | 'noState';

export interface KioskEntry {
  address: KioskAddress;
  state?: KioskStateMessage;
  status?: KioskStatusMessage;
  /** Last time anything arrived from this kiosk (ms since the epoch). */
  lastSeen: number;
}

/** Worst first: red, then offline (nobody knows what it is doing), orange, yellow, green. */
export const DISPLAY_RANK: Readonly<Record<DisplayColour, number>> = { red: 0, offline: 1, orange: 2, yellow: 3, green: 4 };

/** Heartbeats the console waits for before it calls a kiosk silent. */
const MISSED_HEARTBEATS = 3;

export function offlineWhy(entry: KioskEntry, now: number): OfflineWhy | undefined {
  if (entry.status?.state === 'offline') return entry.status.reason ?? 'connectionLost';
  if (!entry.state) return 'noState';
  if (now - entry.lastSeen > MISSED_HEARTBEATS * entry.state.heartbeatSeconds * 1000) return 'silent';
  return undefined;
}

export function displayColour(entry: KioskEntry, now: number): DisplayColour {
  return offlineWhy(entry, now) || !entry.state ? 'offline' : entry.state.colour;
}

export interface KioskTile {
  kioskId: string;
  colour: DisplayColour;
  entry: KioskEntry;
}
export interface PostGroup {
  post: string;
  postName: string;
  postNameEn?: string;
  worst: DisplayColour;
  kiosks: KioskTile[];
}
export interface DistrictGroup {
  district: string;
  worst: DisplayColour;
  counts: Record<DisplayColour, number>;
  posts: PostGroup[];
}

const worstOf = (colours: Iterable<DisplayColour>): DisplayColour => {
  let worst: DisplayColour = 'green';
  for (const colour of colours) if (DISPLAY_RANK[colour] < DISPLAY_RANK[worst]) worst = colour;
  return worst;
};
const byRankThenName = <T>(rank: (t: T) => DisplayColour, name: (t: T) => string) => (a: T, b: T) =>
  DISPLAY_RANK[rank(a)] - DISPLAY_RANK[rank(b)] || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

export const emptyCounts = (): Record<DisplayColour, number> => ({ red: 0, offline: 0, orange: 0, yellow: 0, green: 0 });

/** Districts, their posts and their kiosks, each level sorted worst first, then by name. */
export function groupFleet(entries: Iterable<KioskEntry>, now: number): DistrictGroup[] {
  const districts = new Map<string, Map<string, KioskTile[]>>();
  for (const entry of entries) {
    const { district, post } = entry.address;
    const posts = districts.get(district) ?? new Map<string, KioskTile[]>();
    districts.set(district, posts);
    const tiles = posts.get(post) ?? [];
    posts.set(post, tiles);
    tiles.push({ kioskId: entry.address.kioskId, colour: displayColour(entry, now), entry });
  }
  const groups: DistrictGroup[] = [];
  for (const [district, posts] of districts) {
    const postGroups: PostGroup[] = [];
    const counts = emptyCounts();
    for (const [post, kiosks] of posts) {
      kiosks.sort(byRankThenName((k) => k.colour, (k) => k.kioskId));
      for (const kiosk of kiosks) counts[kiosk.colour]++;
      const named = kiosks.find((k) => k.entry.state)?.entry.state;
      postGroups.push({ post, postName: named?.postName ?? post, ...(named?.postNameEn ? { postNameEn: named.postNameEn } : {}), worst: worstOf(kiosks.map((k) => k.colour)), kiosks });
    }
    postGroups.sort(byRankThenName((p) => p.worst, (p) => p.post));
    groups.push({ district, worst: worstOf(postGroups.map((p) => p.worst)), counts, posts: postGroups });
  }
  return groups.sort(byRankThenName((d) => d.worst, (d) => d.district));
}

export interface FleetTicketRow extends FleetTicket {
  kioskId: string;
  postName: string;
  /** Minutes since it was opened, as of `now` (not as of the kiosk's last state). */
  ageNow: number;
}

/** Every open ticket of every kiosk, oldest first. */
export function openTickets(entries: Iterable<KioskEntry>, now: number): FleetTicketRow[] {
  const rows: FleetTicketRow[] = [];
  for (const entry of entries)
    for (const ticket of entry.state?.tickets.open ?? [])
      rows.push({ ...ticket, kioskId: entry.address.kioskId, postName: entry.state!.postName, ageNow: Math.max(0, Math.floor((now - Date.parse(ticket.createdAt)) / 60_000)) });
  return rows.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}
