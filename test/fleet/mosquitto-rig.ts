/**
 * Starts a private Mosquitto for a test or a benchmark: its own directory, free loopback ports, a
 * password file hashed by `mosquitto_passwd`, the fleet ACL (services/fleet/mosquitto-config.ts), a
 * WebSocket listener for the console, optionally a bridge to another instance. Never the machine's
 * own broker. `stop()` ends it and removes the directory.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from '../../devices/shared/processes';
import { aclText, mosquittoConf, passwordLines, type BrokerAccount, type BridgeSettings } from '../../services/fleet/mosquitto-config';

const findBinary = (name: string): string => {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${name} not found: apt-get install -y mosquitto (.ci/run installs it)`);
};

export const mosquittoAvailable = (): boolean => {
  try {
    findBinary('mosquitto');
    findBinary('mosquitto_passwd');
    return true;
  } catch {
    return false;
  }
};

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}): ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}: ${output()}`);
}

export interface Broker {
  port: number;
  wsPort: number;
  url: string;
  wsUrl: string;
  dir: string;
  /** What Mosquitto wrote (errors, warnings, notices). */
  log(): string;
  stop(): Promise<void>;
}

export interface BrokerOptions {
  accounts: readonly BrokerAccount[];
  bridge?: Omit<BridgeSettings, 'address'> & { port: number };
  maxConnections?: number;
  /** A fixed port (to restart "the same" broker in a test). */
  port?: number;
}

export async function startMosquitto(options: BrokerOptions): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-mosquitto-'));
  const port = options.port ?? (await freePort());
  const wsPort = await freePort();
  const passwordFile = join(dir, 'passwd');
  const aclFile = join(dir, 'acl');
  writeFileSync(passwordFile, passwordLines(options.accounts), { mode: 0o600 });
  execFileSync(findBinary('mosquitto_passwd'), ['-U', passwordFile]);
  writeFileSync(aclFile, aclText(options.accounts), { mode: 0o600 });
  const confFile = join(dir, 'mosquitto.conf');
  writeFileSync(
    confFile,
    mosquittoConf({
      port,
      websocketPort: wsPort,
      passwordFile,
      aclFile,
      user: userInfo().username,
      ...(options.bridge ? { bridge: { ...options.bridge, address: `127.0.0.1:${options.bridge.port}` } } : {}),
      ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
    }),
    { mode: 0o600 },
  );
  let output = '';
  const child = spawn(findBinary('mosquitto'), ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    await waitForPort(port, child, () => output);
    await waitForPort(wsPort, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    wsPort,
    url: `mqtt://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    dir,
    log: () => output,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
