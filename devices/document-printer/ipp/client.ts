/**
 * The five IPP/2.0 operations the kiosk uses, as typed calls: Get-Printer-Attributes, Print-Job,
 * Get-Job-Attributes, Get-Jobs and Cancel-Job (RFC 8011 §4.2, §4.3). Every call returns a value:
 * the decoded answer, or why there is none (transport error, or an IPP error status).
 */
import { attr, charsetAndLanguage, find, firstNumber, firstText, GroupTag, groupsOf, inGroup, texts } from './attributes';
import type { IppAttribute, IppMessage } from './codec';
import { isSuccessStatus, Operation, type OperationId } from './constants';
import { sendIpp, type TransportError } from './transport';

export type IppCallError = TransportError | { kind: 'ippStatus'; status: number; message: string };
export type IppCall<T> = { ok: true; value: T } | { ok: false; error: IppCallError };

export interface PrinterAttributes {
  state: number;
  reasons: string[];
  acceptingJobs: boolean;
  message?: string;
  makeAndModel?: string;
}

export interface JobAttributes {
  jobId: number;
  state: number;
  reasons: string[];
  name?: string;
  impressionsCompleted?: number;
}

export interface IppClientOptions {
  /** Printer URI, or a function giving it (an in-process simulator listens on a port chosen at start). */
  uri: string | (() => string);
  userName?: string;
  requestTimeoutMs?: number;
}

const PRINTER_ATTRIBUTES = ['printer-state', 'printer-state-reasons', 'printer-is-accepting-jobs', 'printer-state-message', 'printer-make-and-model'];
const JOB_ATTRIBUTES = ['job-id', 'job-name', 'job-state', 'job-state-reasons', 'job-impressions-completed'];

function jobFrom(attributes: IppAttribute[]): JobAttributes | undefined {
  const get = (name: string) => attributes.find((a) => a.name === name);
  const jobId = firstNumber(get('job-id'));
  const state = firstNumber(get('job-state'));
  if (jobId === undefined || state === undefined) return undefined;
  const name = firstText(get('job-name'));
  const impressions = firstNumber(get('job-impressions-completed'));
  return {
    jobId,
    state,
    reasons: texts(get('job-state-reasons')),
    ...(name !== undefined ? { name } : {}),
    ...(impressions !== undefined ? { impressionsCompleted: impressions } : {}),
  };
}

export class IppClient {
  private requestId = 0;
  readonly userName: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: IppClientOptions) {
    this.userName = options.userName ?? 'kiosk';
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
  }

  get uri(): string {
    return typeof this.options.uri === 'function' ? this.options.uri() : this.options.uri;
  }

  /** printer-state, printer-state-reasons and whether the printer accepts jobs. */
  async printerAttributes(signal?: AbortSignal): Promise<IppCall<PrinterAttributes>> {
    const reply = await this.call(Operation.GetPrinterAttributes, [attr.keyword('requested-attributes', ...PRINTER_ATTRIBUTES)], signal);
    if (!reply.ok) return reply;
    const state = firstNumber(find(reply.value, GroupTag.printer, 'printer-state'));
    if (state === undefined) return { ok: false, error: { kind: 'notIpp', message: 'printer did not report printer-state' } };
    const accepting = find(reply.value, GroupTag.printer, 'printer-is-accepting-jobs')?.values[0];
    const message = firstText(find(reply.value, GroupTag.printer, 'printer-state-message'));
    const model = firstText(find(reply.value, GroupTag.printer, 'printer-make-and-model'));
    return {
      ok: true,
      value: {
        state,
        reasons: texts(find(reply.value, GroupTag.printer, 'printer-state-reasons')),
        acceptingJobs: accepting?.type === 'boolean' ? accepting.value : true,
        ...(message ? { message } : {}),
        ...(model ? { makeAndModel: model } : {}),
      },
    };
  }

  /** Submits a PDF as one job called `jobName`; returns the printer's job id. */
  async printJob(jobName: string, pdf: Uint8Array, signal?: AbortSignal): Promise<IppCall<JobAttributes>> {
    const reply = await this.call(
      Operation.PrintJob,
      [attr.name('job-name', jobName), attr.boolean('ipp-attribute-fidelity', false), attr.mime('document-format', 'application/pdf')],
      signal,
      pdf,
      // A document takes longer to send and spool than a status question.
      this.timeoutMs * 4,
    );
    if (!reply.ok) return reply;
    const job = groupsOf(reply.value, GroupTag.job).map((g) => jobFrom(g.attributes)).find(Boolean);
    if (!job) return { ok: false, error: { kind: 'notIpp', message: 'Print-Job answer has no job-id and job-state' } };
    return { ok: true, value: { ...job, name: job.name ?? jobName } };
  }

  /** The job's state, reasons and pages done. */
  async jobAttributes(jobId: number, signal?: AbortSignal): Promise<IppCall<JobAttributes>> {
    const reply = await this.call(Operation.GetJobAttributes, [attr.integer('job-id', jobId), attr.keyword('requested-attributes', ...JOB_ATTRIBUTES)], signal);
    if (!reply.ok) return reply;
    const group = groupsOf(reply.value, GroupTag.job)[0];
    const job = group ? jobFrom([...group.attributes, ...(inGroup(group, 'job-id') ? [] : [attr.integer('job-id', jobId)])]) : undefined;
    if (!job) return { ok: false, error: { kind: 'notIpp', message: `Get-Job-Attributes for ${jobId} has no job-state` } };
    return { ok: true, value: job };
  }

  /** Every job the printer still remembers (which-jobs=all), newest last as the printer lists them. */
  async jobs(signal?: AbortSignal): Promise<IppCall<JobAttributes[]>> {
    const reply = await this.call(
      Operation.GetJobs,
      [attr.keyword('which-jobs', 'all'), attr.boolean('my-jobs', false), attr.keyword('requested-attributes', ...JOB_ATTRIBUTES)],
      signal,
    );
    if (!reply.ok) return reply;
    return { ok: true, value: groupsOf(reply.value, GroupTag.job).map((g) => jobFrom(g.attributes)).filter((j): j is JobAttributes => j !== undefined) };
  }

  /** Cancels a job. A job that has already finished answers client-error-not-possible. */
  async cancelJob(jobId: number, signal?: AbortSignal): Promise<IppCall<void>> {
    const reply = await this.call(Operation.CancelJob, [attr.integer('job-id', jobId)], signal);
    return reply.ok ? { ok: true, value: undefined } : reply;
  }

  private async call(
    operation: OperationId,
    extra: IppAttribute[],
    signal: AbortSignal | undefined,
    data: Uint8Array = new Uint8Array(),
    timeoutMs = this.timeoutMs,
  ): Promise<IppCall<IppMessage>> {
    this.requestId = (this.requestId % 0x7fffffff) + 1;
    const request: IppMessage = {
      version: { major: 2, minor: 0 },
      code: operation,
      requestId: this.requestId,
      groups: [
        {
          tag: GroupTag.operation,
          attributes: [...charsetAndLanguage(), attr.uri('printer-uri', this.uri), attr.name('requesting-user-name', this.userName), ...extra],
        },
      ],
      data,
    };
    const result = await sendIpp(this.uri, request, { timeoutMs, ...(signal ? { signal } : {}) });
    if (!result.ok) return result;
    if (!isSuccessStatus(result.message.code)) {
      const message = firstText(find(result.message, GroupTag.operation, 'status-message'));
      return { ok: false, error: { kind: 'ippStatus', status: result.message.code, message: `IPP status 0x${result.message.code.toString(16).padStart(4, '0')}${message ? ` (${message})` : ''}` } };
    }
    return { ok: true, value: result.message };
  }
}
