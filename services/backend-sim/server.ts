/**
 * The police-backend simulator over HTTP (node:http, loopback only): routes from the operation
 * catalogue, Basic auth, JSON bodies validated by the contract schemas, Idempotency-Key replay,
 * and fault injection for tests (delay, 500, malformed JSON, drop the response after the effect).
 */
import { sleep } from '../../devices/shared/timing';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operations } from '../gateway/operations';
import type { OperationId } from '../gateway/types';
import { createDispatcher, errorBody } from './dispatch';
import { DEV_CREDENTIALS } from './fixtures';
import { createSimLogic, type SimLogic, type SimOptions } from './logic';

/** What the next matching request(s) to an operation suffer. */
export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status500' }
  | { kind: 'malformedJson' }
  /** Apply the effect, then destroy the socket without answering. */
  | { kind: 'dropResponse' };

export interface BackendSimulatorOptions extends SimOptions {
  /** 0 = a random free port. */
  port?: number;
  /** Loopback only. */
  host?: '127.0.0.1';
  /** Accepted clients (default: DEV_CREDENTIALS). */
  credentials?: readonly { clientId: string; secret: string }[];
  /** Faults armed at start. */
  faults?: { operationId: OperationId; fault: Fault; count?: number }[];
  /** Largest accepted body. Default 6 MB (a base64 face image). */
  maxBodyBytes?: number;
}

export interface BackendSimulator {
  url: string;
  close(): Promise<void>;
  controls: SimLogic['controls'] & {
    /** Arms a fault for the next `count` requests to an operation. */
    injectFault(operationId: OperationId, fault: Fault, count?: number): void;
    clearFaults(): void;
    /** Requests received per operation (after routing), for assertions. */
    requestCount(operationId: OperationId): number;
  };
  /** The simulator's logic and database (same instance the server uses). */
  sim: SimLogic;
}

interface Route {
  operationId: OperationId;
  method: string;
  pattern: RegExp;
  paramNames: string[];
}

function buildRoutes(): Route[] {
  return (Object.keys(operations) as OperationId[]).map((operationId) => {
    const spec = operations[operationId];
    const paramNames: string[] = [];
    const pattern = new RegExp(
      `^${spec.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        paramNames.push(name);
        return '([^/]+)';
      })}$`,
    );
    return { operationId, method: spec.method, pattern, paramNames };
  });
}

/** Starts the simulator on loopback. Resolves once it is listening. */
export async function startBackendSimulator(options: BackendSimulatorOptions = {}): Promise<BackendSimulator> {
  const sim = createSimLogic(options);
  const dispatch = createDispatcher(sim);
  const routes = buildRoutes();
  const accepted = new Map((options.credentials ?? [DEV_CREDENTIALS]).map((c) => [c.clientId, c.secret]));
  const maxBodyBytes = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const faults = new Map<OperationId, { fault: Fault; remaining: number }[]>();
  const counts = new Map<OperationId, number>();
  /** Aborted by close(): a delayed answer is then never sent. */
  const closing = new AbortController();

  const injectFault = (operationId: OperationId, fault: Fault, count = 1) => {
    const list = faults.get(operationId) ?? [];
    list.push({ fault, remaining: count });
    faults.set(operationId, list);
  };
  for (const f of options.faults ?? []) injectFault(f.operationId, f.fault, f.count);

  function takeFault(operationId: OperationId): Fault | undefined {
    const list = faults.get(operationId);
    const head = list?.[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) list!.shift();
    return head.fault;
  }

  function authenticate(req: IncomingMessage): string | null {
    const header = req.headers.authorization;
    if (!header?.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return null;
    const clientId = decoded.slice(0, colon);
    return accepted.get(clientId) === decoded.slice(colon + 1) ? clientId : null;
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function readBody(req: IncomingMessage): Promise<{ ok: true; text: string } | { ok: false; status: number; message: string }> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          resolve({ ok: false, status: 413, message: 'request body too large' });
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
      req.on('error', () => resolve({ ok: false, status: 400, message: 'request aborted' }));
    });
  }


  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const candidates = routes.filter((r) => r.pattern.test(path));
    if (candidates.length === 0) return send(res, 404, errorBody('notFound', 'no such route'));
    const route = candidates.find((r) => r.method === req.method);
    if (!route) return send(res, 405, errorBody('badRequest', 'method not allowed'));

    const bodyRead = await readBody(req);
    if (!bodyRead.ok) return send(res, bodyRead.status, errorBody('badRequest', bodyRead.message));

    const clientId = authenticate(req);
    if (!clientId) return send(res, 401, errorBody('unauthorized', 'missing or wrong credentials'));

    counts.set(route.operationId, (counts.get(route.operationId) ?? 0) + 1);
    const fault = takeFault(route.operationId);
    if (fault?.kind === 'status500') return send(res, 500, errorBody('internal', 'injected fault'));
    if (fault?.kind === 'delay' && !(await sleep(fault.ms, closing.signal))) return;

    let body: unknown = undefined;
    if (route.method !== 'GET') {
      try {
        body = bodyRead.text.length ? JSON.parse(bodyRead.text) : {};
      } catch {
        return send(res, 400, errorBody('badRequest', 'body is not JSON'));
      }
    }
    const match = route.pattern.exec(path)!;
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] ?? '')));
    const key = req.headers['idempotency-key'];
    const answer = await dispatch({
      operationId: route.operationId, clientId, params, body,
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    });

    if (fault?.kind === 'dropResponse') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'malformedJson') {
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"orderId": "PO2025, "status": ');
      return;
    }
    send(res, answer.status, answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, errorBody('internal', 'simulator error')));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    sim,
    controls: {
      ...sim.controls,
      injectFault,
      clearFaults: () => faults.clear(),
      requestCount: (operationId) => counts.get(operationId) ?? 0,
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => {
          sim.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
