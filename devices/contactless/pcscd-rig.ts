/**
 * A private pcscd for tests and benchmarks: its own reader configuration (one vsmartcard virtual
 * reader on a free TCP port) and its own socket, never the machine's pcscd.
 *
 * pcscd 1.9 has a fixed socket path (/run/pcscd/pcscd.comm) and ignores PCSCLITE_CSOCK_NAME (only the
 * client library reads it), so the daemon runs in a private mount namespace (`unshare --mount`) with
 * a temporary directory bound over /run/pcscd; the test process points libpcsclite at the socket in
 * that directory with PCSCLITE_CSOCK_NAME (set before the binding first connects). Needs root (CI and
 * the build machines run as root) and the Debian packages pcscd and vsmartcard-vpcd.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from '../shared/processes';

export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
export const READER_NAME = 'Kiosk Test PCD';

export interface PcscdRig {
  socketPath: string;
  vpcdPort: number;
  readerName: string;
  stop(): Promise<void>;
}

/** Why a private pcscd cannot run here, or undefined when it can. */
export function pcscdUnavailable(): string | undefined {
  if (!existsSync('/usr/sbin/pcscd')) return 'pcscd is not installed (apt-get install pcscd)';
  if (!existsSync(VPCD_DRIVER)) return 'vsmartcard-vpcd is not installed (apt-get install vsmartcard-vpcd)';
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' });
  } catch {
    return 'cannot create a mount namespace (needs root)';
  }
  return undefined;
}

/** Starts pcscd with one virtual reader; resolves when its socket exists. */
export async function startPcscd(
  options: { debug?: boolean; onOutput?: (text: string) => void } = {},
): Promise<PcscdRig> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pcscd-'));
  const confDir = join(dir, 'reader.conf.d');
  const runDir = join(dir, 'run');
  mkdirSync(confDir);
  mkdirSync(runDir);
  mkdirSync('/run/pcscd', { recursive: true }); // the mount point (empty on a machine without pcscd running)
  const vpcdPort = await freePort();
  // vpcd: DEVICENAME /dev/null:PORT = listen for the virtual card on PORT (it also opens PORT+1 for a second slot).
  writeFileSync(
    join(confDir, 'vpcd'),
    `FRIENDLYNAME "${READER_NAME}"\nDEVICENAME /dev/null:${vpcdPort}\nLIBPATH ${VPCD_DRIVER}\n`,
  );
  const script = `mount --bind "${runDir}" /run/pcscd && exec pcscd --foreground --config "${confDir}"${options.debug ? ' --debug' : ''}`;
  const child: ChildProcess = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => ((output += d.toString()), options.onOutput?.(d.toString())));
  child.stderr?.on('data', (d: Buffer) => ((output += d.toString()), options.onOutput?.(d.toString())));
  const socketPath = join(runDir, 'pcscd.comm');
  const deadline = Date.now() + 5000;
  while (!existsSync(socketPath)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pcscd did not start: ${output.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    socketPath,
    vpcdPort,
    readerName: READER_NAME,
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
