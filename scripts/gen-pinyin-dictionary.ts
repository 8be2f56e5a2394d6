/**
 * `npx tsx scripts/gen-pinyin-dictionary.ts [--check]`: builds the on-screen pinyin keyboard's
 * candidate dictionary (renderer/components/flow/pinyin/dictionary.json) from two maintained
 * packages, pinned as dev dependencies so the kiosk ships only the small result:
 *
 *  - pinyin-pro (hanzi → pinyin, every reading of a polyphonic character);
 *  - @pinyin-pro/data `complete.json` and `modern.json` (words with their pinyin in context and
 *    their frequency in modern text).
 *
 * Characters: those the data gives a frequency (its single-character entries, or the words they
 * occur in), each under every reading, a secondary reading ranked far below the main one. Words:
 * the most frequent 2–4 character words of modern.json under their toneless syllables. `ü` is typed
 * `v`, as on every pinyin keyboard. `--check` fails when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { polyphonic } from 'pinyin-pro';

const OUT = new URL('../renderer/components/flow/pinyin/dictionary.json', import.meta.url);
const WORDS = 20_000;
const require = createRequire(import.meta.url);
type Entries = Record<string, [string, number]>;
const complete = require('@pinyin-pro/data/complete.json') as Entries;
const modern = require('@pinyin-pro/data/modern.json') as Entries;
/** A package's version, from its package.json (@pinyin-pro/data's exports do not list it). */
const version = (name: string) => (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

/** Tone marks off, ü as v: `lǜ` → `lv`, `nǚ` → `nv`. */
const toneless = (syllable: string) => syllable.normalize('NFD').replace(/\u0308/g, 'v').replace(/[\u0300-\u036f]/g, '').replace(/ü/g, 'v').toLowerCase();
const HAN = /^[\u3400-\u4dbf\u4e00-\u9fff]$/u;

// Character frequency: the character's own entry, else a share of the words it occurs in.
const charFreq = new Map<string, number>();
for (const [text, [, freq]] of Object.entries(complete)) if ([...text].length === 1 && HAN.test(text)) charFreq.set(text, freq);
const fromWords = new Map<string, number>();
for (const [text, [, freq]] of Object.entries(modern)) for (const ch of text) if (HAN.test(ch)) fromWords.set(ch, (fromWords.get(ch) ?? 0) + freq);
for (const [ch, freq] of fromWords) if (!charFreq.has(ch)) charFreq.set(ch, freq / 2);
const mainReading = (ch: string) => (complete[ch] ? toneless(complete[ch][0]) : undefined);

const bySyllable = new Map<string, { ch: string; weight: number }[]>();
for (const [ch, freq] of charFreq) {
  const readings = (polyphonic(ch, { toneType: 'none', type: 'array', v: true })[0] ?? []).map(toneless).filter((r) => /^[a-z]+$/.test(r));
  const main = mainReading(ch) ?? readings[0];
  for (const reading of new Set(readings)) {
    const list = bySyllable.get(reading) ?? [];
    list.push({ ch, weight: reading === main ? freq : freq / 20 });
    bySyllable.set(reading, list);
  }
}
const syllables: Record<string, string> = {};
for (const key of [...bySyllable.keys()].sort()) syllables[key] = bySyllable.get(key)!.sort((a, b) => b.weight - a.weight || (a.ch < b.ch ? -1 : 1)).map((e) => e.ch).join('');
// The global order merges candidates of several syllables (a typed initial such as "zh").
const order = [...charFreq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([ch]) => ch).join('');

const valid = new Set(Object.keys(syllables));
const words = Object.entries(modern)
  .filter(([text, [reading]]) => {
    const chars = [...text];
    const parts = reading.split(' ').map(toneless);
    return chars.length >= 2 && chars.length <= 4 && chars.every((ch) => HAN.test(ch)) && parts.length === chars.length && parts.every((p) => valid.has(p));
  })
  .sort((a, b) => b[1][1] - a[1][1] || (a[0] < b[0] ? -1 : 1))
  .slice(0, WORDS)
  .map(([text, [reading]]) => `${text}:${reading.split(' ').map(toneless).join(' ')}`);

const dictionary = { source: `pinyin-pro ${version('pinyin-pro')}, @pinyin-pro/data ${version('@pinyin-pro/data')} (complete.json, modern.json)`, order, syllables, words };
const text = `${JSON.stringify(dictionary)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== text) {
    console.error('renderer/components/flow/pinyin/dictionary.json is out of date: run npx tsx scripts/gen-pinyin-dictionary.ts');
    process.exit(1);
  }
  console.log('pinyin dictionary up to date');
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT.pathname}: ${order.length} characters, ${Object.keys(syllables).length} syllables, ${words.length} words, ${text.length} bytes`);
}
