/**
 * A private CUPS scheduler for tests: its own ServerRoot, spool, temp, cache, state and logs in a
 * temporary directory, listening on a free loopback port (never the machine's default instance or
 * socket), with one queue `kiosk-a4` on the cups-pdf backend.
 *
 * cups-pdf reads its configuration only from /etc/cups (cups-pdf-<name>.conf, chosen by the device
 * URI cups-pdf:/<name>), so the rig writes a uniquely named file there pointing every output
 * directory into the temporary directory, and removes it on stop. The backend is installed mode
 * 0700: cupsd runs such backends as root, so the rig needs root (CI and the build machines run as
 * root). Jobs from an unknown user ("kiosk") are written to the AnonDirName directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../devices/shared/processes';

export const CUPS_PDF_BACKEND = '/usr/lib/cups/backend/cups-pdf';
export const CUPS_PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

/** Why this machine cannot run a private cupsd, or undefined when it can. */
export function cupsUnavailable(): string | undefined {
  if (spawnSync('sh', ['-c', 'command -v cupsd']).status !== 0) return 'cupsd is not installed (apt-get install cups printer-driver-cups-pdf; .ci/run does this)';
  return undefined;
}

export interface CupsRig {
  port: number;
  dir: string;
  /** The queue's printer URI. */
  uri: string;
  /** PDFs cups-pdf wrote, oldest first. */
  outputs(): string[];
  /** Runs a CUPS admin command (cupsdisable, cupsenable, cupsreject, cupsaccept …) against this scheduler. */
  admin(command: string, ...args: string[]): void;
  errorLog(): string;
  stop(): Promise<void>;
}

export async function startCups(): Promise<CupsRig> {
  for (const needed of [CUPS_PDF_BACKEND, CUPS_PDF_PPD]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: apt-get install printer-driver-cups-pdf`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-cups-'));
  chmodSync(dir, 0o755);
  for (const sub of ['spool', 'cache', 'state', 'log', 'ppd']) mkdirSync(join(dir, sub));
  // Filters run as lp and cups-pdf writes as "nobody": those directories must be writable by them.
  for (const shared of ['tmp', 'out', 'anon', 'pdf-spool']) {
    mkdirSync(join(dir, shared));
    chmodSync(join(dir, shared), 0o1777);
  }
  const port = await freePort();
  const name = `kiosktest${process.pid}x${port}`;
  const cupsPdfConf = `/etc/cups/cups-pdf-${name}.conf`;
  writeFileSync(join(dir, 'cups-files.conf'), [
    `ServerRoot ${dir}`,
    `RequestRoot ${join(dir, 'spool')}`,
    `TempDir ${join(dir, 'tmp')}`,
    `CacheDir ${join(dir, 'cache')}`,
    `StateDir ${join(dir, 'state')}`,
    `ErrorLog ${join(dir, 'log', 'error_log')}`,
    `AccessLog ${join(dir, 'log', 'access_log')}`,
    `PageLog ${join(dir, 'log', 'page_log')}`,
    'FileDevice No',
    'Sandboxing Relaxed',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'cupsd.conf'), [
    `Listen 127.0.0.1:${port}`,
    'LogLevel info',
    'WebInterface No',
    'Browsing Off',
    'DefaultAuthType None',
    'PreserveJobHistory Yes',
    '<Location />',
    '  Order allow,deny',
    '  Allow from 127.0.0.1',
    '</Location>',
    '<Policy default>',
    '  <Limit All>',
    '    Order deny,allow',
    '    Allow from 127.0.0.1',
    '  </Limit>',
    '</Policy>',
    '',
  ].join('\n'));
  writeFileSync(cupsPdfConf, [`Out ${join(dir, 'out')}`, `AnonDirName ${join(dir, 'anon')}`, `Spool ${join(dir, 'pdf-spool')}`, `Log ${join(dir, 'log')}`, ''].join('\n'));

  // Its own process group: cupsd signals its whole group when it stops, which must not reach the test.
  const child: ChildProcess = spawn('cupsd', ['-f', '-c', join(dir, 'cupsd.conf'), '-s', join(dir, 'cups-files.conf')], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const cleanup = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(cupsPdfConf, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  const server = `127.0.0.1:${port}`;
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, CUPS_SERVER: server } });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}\ncupsd: ${output}`);
  };

  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`cupsd exited (${child.exitCode}): ${output}`);
      const probe = spawnSync('lpstat', ['-h', server, '-r'], { encoding: 'utf8' });
      if (probe.stdout.includes('scheduler is running')) break;
      if (Date.now() > deadline) throw new Error(`cupsd did not start listening on ${server}: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    run('lpadmin', ['-h', server, '-p', 'kiosk-a4', '-E', '-v', `cups-pdf:/${name}`, '-P', CUPS_PDF_PPD]);
  } catch (error) {
    await cleanup();
    throw error;
  }

  return {
    port,
    dir,
    uri: `ipp://127.0.0.1:${port}/printers/kiosk-a4`,
    outputs: () => ['out', 'anon'].flatMap((sub) => readdirSync(join(dir, sub)).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(dir, sub, f))),
    admin: (command, ...args) => run(command, ['-h', server, ...args]),
    errorLog: () => (existsSync(join(dir, 'log', 'error_log')) ? readFileSync(join(dir, 'log', 'error_log'), 'utf8') : ''),
    stop: cleanup,
  };
}
