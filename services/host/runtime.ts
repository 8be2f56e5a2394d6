/**
 * Builds a running kiosk core from configuration. Shared by web mode and the Electron utility
 * process, so both run exactly the same core.
 */
import { readFileSync } from 'node:fs';
import { developmentConfig, loadConfigFile } from '../config/load';
import type { KioskConfig } from '../config/schema';
import { createKioskCore, type KioskCore } from '../core/kiosk-core';
import type { Logger } from '../log/logger';

export interface KioskRuntime {
  readonly config: KioskConfig;
  readonly core: KioskCore;
  stop(): Promise<void>;
}

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startKioskRuntime(options: { configPath?: string; config?: KioskConfig; log: Logger; version?: string }): Promise<KioskRuntime> {
  const config = options.config ?? (options.configPath ? loadConfigFile(options.configPath) : developmentConfig());
  const core = createKioskCore({ config, version: options.version ?? packageVersion(), log: options.log });
  await core.start();
  return { config, core, stop: () => core.stop() };
}
