import { readFileSync } from 'node:fs';
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
    result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  );
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

/** The development default: a post named in configuration, every device simulated, embedded backend. */
export function developmentConfig(overrides: Partial<KioskConfigInput> = {}): KioskConfig {
  return parseConfig({ kiosk: { id: 'DEV-0001', postName: '东华门24小时智慧警务室', postNameEn: 'Donghuamen 24h Police Post' }, ...overrides });
}
