import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, stopProcess } from './processes';

describe('child processes of the device layer', () => {
  it('finds a port that can then be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('stops a process that honours SIGTERM, and kills one that ignores it', async () => {
    const polite = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    await stopProcess(polite);
    expect(polite.signalCode).toBe('SIGTERM');
    const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"]);
    await new Promise((resolve) => stubborn.stdout.once('data', resolve));
    await stopProcess(stubborn, 200);
    expect(stubborn.signalCode).toBe('SIGKILL');
    await stopProcess(stubborn); // already gone: returns at once
  });
});
