/**
 * Turns a backend answer (status + body text) into a GatewayResult. Shared by the HTTP client and
 * the embedded gateway so both classify failures identically. Never throws.
 */
import type { z } from 'zod';
import { ErrorBody } from './schemas';
import { err, ok } from '../../contract/result';
import type { GatewayResult } from './types';

/** Classifies status + body; validates a success body with the operation's response schema. */
export function interpretResponse<T>(
  responseSchema: z.ZodType<T>,
  successStatus: number,
  status: number,
  bodyText: string,
): GatewayResult<T> {
  let json: unknown;
  try {
    json = bodyText.length === 0 ? undefined : JSON.parse(bodyText);
  } catch {
    if (status >= 500) return err({ kind: 'server', status, message: `server error ${status} (body not JSON)`, retryable: true });
    return err({ kind: 'malformed', status, message: 'response body is not JSON', retryable: false });
  }

  if (status === successStatus) {
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return err({
        kind: 'malformed',
        status,
        message: `response failed validation at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
        retryable: false,
      });
    }
    return ok(parsed.data);
  }

  const errorBody = ErrorBody.safeParse(json);
  const code = errorBody.success ? errorBody.data.error.code : undefined;
  const message = errorBody.success ? errorBody.data.error.message : `HTTP ${status}`;
  const reason = errorBody.success ? errorBody.data.error.reason : undefined;
  const extra = { ...(code ? { code } : {}), ...(reason ? { reason } : {}) };

  if (status === 401 || status === 403) return err({ kind: 'unauthorized', status, ...extra, message, retryable: false });
  if (status >= 500) return err({ kind: 'server', status, ...extra, message, retryable: true });
  if (status >= 400 && status < 500) {
    if (!errorBody.success) return err({ kind: 'malformed', status, message: `error body failed validation (HTTP ${status})`, retryable: false });
    return err({ kind: 'rejected', status, ...extra, message, retryable: false });
  }
  return err({ kind: 'malformed', status, message: `unexpected status ${status}`, retryable: false });
}
