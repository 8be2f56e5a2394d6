/**
 * `npm run bench:bundle`: how much JavaScript the kiosk loads before home is on screen, measured on
 * the production build (gzip -9, as served), against the 133.5 KB the home screen needed before the
 * service routes were lazy-loaded; and each service's own chunk, loaded only when its tile is tapped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../e2e/harness';

const BEFORE_KB = 133.5;
const dist = join(ROOT, 'dist/renderer');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
/** Scripts the page loads up front: the entry and every module it preloads. */
const upFront = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;

const home = upFront.reduce((sum, file) => sum + gz(file), 0);
console.log(`home screen JavaScript (production build, gzip -9): ${home.toFixed(1)} KB in ${upFront.length} file(s) — before lazy routes: ${BEFORE_KB} KB (${home < BEFORE_KB ? 'smaller' : 'NOT smaller'})`);
for (const file of readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js') && !upFront.includes(`assets/${name}`)).sort()) {
  console.log(`  lazy chunk ${file.replace(/-[\w-]+\.js$/, '')}: ${gz(`assets/${file}`).toFixed(1)} KB`);
}
