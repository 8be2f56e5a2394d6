import { accessSync, constants, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEV_STAFF } from '../staff/dev-staff';
import { KioskConfig, type KioskConfigInput } from './schema';

/** A configuration problem, with every offending field named (e.g. `devices.idReader.port`). */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly { field: string; message: string }[],
  ) {
    super(
      `Invalid kiosk configuration in ${source}:\n` +
        problems.map((p) => `  - ${p.field || '(root)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function parseConfig(input: unknown, source = 'configuration'): KioskConfig {
  const result = KioskConfig.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.flatMap((issue) =>
      // A typo ("Mode" for "mode") must stop the kiosk, naming the key, not silently use the default.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'unknown setting (check its spelling and place)' }))
        : [{ field: issue.path.join('.'), message: issue.message }],
    ),
  );
}

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir never returns for a path under /proc
 * (mkdir answers ENOENT while the parent exists, and it retries for ever), so it is not used here.
 */
function makeDirectories(path: string): void {
  try {
    if (statSync(path).isDirectory()) return;
    throw Object.assign(new Error(`${path} is not a directory`), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const parent = dirname(path);
  if (parent !== path) makeDirectories(parent);
  mkdirSync(path);
}

/**
 * Makes sure the data directory exists and is writable before anything opens a file in it; a
 * wrong `dataDir` stops start-up with a message naming it instead of failing somewhere deeper.
 */
export function ensureDataDir(dataDir: string): string {
  const path = resolve(dataDir);
  try {
    makeDirectories(path);
    accessSync(path, constants.W_OK);
    const probe = join(path, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new ConfigError('configuration', [{ field: 'dataDir', message: `cannot create or write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  return path;
}

/** Reads and validates a JSON configuration file. A missing file is an error; so is bad JSON. */
export function loadConfigFile(path: string): KioskConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [{ field: '', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [{ field: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseConfig(json, path);
}

/** The development default: a post named in configuration, every device simulated, embedded backend, demo staff. */
export function developmentConfig(overrides: Partial<KioskConfigInput> = {}): KioskConfig {
  // The certificate, traffic and endorsement services are on in development: the simulators sign with
  // keys the kiosk trusts only there (a production configuration switches them on itself, with the
  // issuer's keys and the country signing CA of the permits).
  // Video help rings a desk page on loopback (http://127.0.0.1:5176), signed in with the demo staff.
  // Progress queries and tip-offs are on too: they talk to the embedded simulator's seeded data.
  const development = { noCriminalRecord: { enabled: true }, traffic: { enabled: true }, exitEntry: { enabled: true }, help: { enabled: true }, progress: { enabled: true }, tipOff: { enabled: true } };
  const services = { ...(overrides.kiosk?.mode === 'production' ? {} : development), ...overrides.services };
  return parseConfig({ kiosk: { id: 'DEV-0001', postName: '东华门24小时智慧警务室', postNameEn: 'Donghuamen 24h Police Post', dutyPhone: '010-65120110' }, staff: DEV_STAFF, ...overrides, services });
}
