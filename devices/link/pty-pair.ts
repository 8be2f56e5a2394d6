/**
 * Pseudo-terminal pairs for serial tests and `npm run sim`: `socat` links two ptys so a driver opens one
 * end and a simulator the other, both through node-serialport as if they were real ports.
 *
 * startPtyPair(name) creates /tmp/<name>-host and /tmp/<name>-dev and waits until both links exist;
 * stop() terminates socat and waits for it to exit (socat removes the links). Starting the same name
 * again after stop() recreates the same link names — that is how tests "replug" a device.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

export interface PtyPair {
  /** Path the driver (host) opens. */
  hostPath: string;
  /** Path the simulator (device) opens. */
  devicePath: string;
  /** Kills socat and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

let counter = 0;

/** A pty-pair name unique to this process and call, e.g. "kiosk-idr-12345-3". */
export function uniquePtyName(prefix: string): string {
  return `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Starts `socat -d -d pty,raw,echo=0,link=/tmp/<name>-host pty,raw,echo=0,link=/tmp/<name>-dev`. */
export async function startPtyPair(name: string, timeoutMs = 5000): Promise<PtyPair> {
  const hostPath = `/tmp/${name}-host`;
  const devicePath = `/tmp/${name}-dev`;
  // Links left by a socat that was killed hard would make the wait below succeed too early.
  rmSync(hostPath, { force: true });
  rmSync(devicePath, { force: true });
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const stop = () => stopChild(child, [hostPath, devicePath]);
  const deadline = Date.now() + timeoutMs;
  while (!(existsSync(hostPath) && existsSync(devicePath))) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 10))]);
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`socat did not create ${hostPath} and ${devicePath}: ${failed?.message ?? stderr}`);
    }
  }
  return { hostPath, devicePath, stop };
}

async function stopChild(child: ChildProcess, links: string[]): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }
  for (const link of links) rmSync(link, { force: true });
}
