/**
 * IPP over HTTP (RFC 8010 §4): a request is an HTTP POST of `application/ipp` to the printer's
 * URI, with ipp:// read as http:// on port 631 (ipps:// as https://). Every failure is a value
 * naming its cause: unreachable, timed out, cancelled, an HTTP error, or a reply that is not IPP.
 */
import { decodeMessage, encodeMessage, IppDecodeError, type IppMessage } from './codec';

export type TransportError =
  | { kind: 'unreachable'; message: string }
  | { kind: 'timeOut'; message: string }
  | { kind: 'canceled'; message: string }
  | { kind: 'httpError'; status: number; message: string }
  | { kind: 'notIpp'; message: string };

export type TransportResult = { ok: true; message: IppMessage } | { ok: false; error: TransportError };

/** The HTTP URL an ipp:// or ipps:// printer URI is reached at. Throws for any other scheme. */
export function httpUrlOf(printerUri: string): URL {
  const url = new URL(printerUri);
  switch (url.protocol) {
    case 'ipp:':
    case 'http:':
      return new URL(`http://${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${url.port || '631'}${url.pathname}${url.search}`);
    case 'ipps:':
    case 'https:':
      return new URL(`https://${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${url.port || '631'}${url.pathname}${url.search}`);
    default:
      throw new Error(`not an IPP printer URI (ipp://, ipps://, http://, https://): ${printerUri}`);
  }
}

export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Sends one IPP request and decodes the reply. */
export async function sendIpp(printerUri: string, request: IppMessage, options: SendOptions): Promise<TransportResult> {
  let url: URL;
  try {
    url = httpUrlOf(printerUri);
  } catch (error) {
    return { ok: false, error: { kind: 'unreachable', message: (error as Error).message } };
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let body: Uint8Array;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/ipp' }, body: new Uint8Array(encodeMessage(request)), signal });
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (options.signal?.aborted) return { ok: false, error: { kind: 'canceled', message: 'request canceled' } };
    if (timeout.aborted) return { ok: false, error: { kind: 'timeOut', message: `no answer from ${url.host} within ${options.timeoutMs} ms` } };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: { kind: 'unreachable', message: `cannot reach ${url.host}: ${cause?.code ?? cause?.message ?? (error as Error).message}` } };
  }
  if (!response.ok) {
    return { ok: false, error: { kind: 'httpError', status: response.status, message: `HTTP ${response.status} ${response.statusText} from ${url.host}${url.pathname}` } };
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/ipp')) {
    return { ok: false, error: { kind: 'notIpp', message: `reply from ${url.host} is ${type || 'untyped'}, not application/ipp` } };
  }
  try {
    const message = decodeMessage(body);
    if (message.requestId !== request.requestId) {
      return { ok: false, error: { kind: 'notIpp', message: `reply is for request ${message.requestId}, not ${request.requestId}` } };
    }
    return { ok: true, message };
  } catch (error) {
    if (error instanceof IppDecodeError) return { ok: false, error: { kind: 'notIpp', message: error.message } };
    throw error;
  }
}
