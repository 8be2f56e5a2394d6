/**
 * The simulated A4 printer as a real IPP printer: an HTTP server on a loopback port that decodes
 * IPP requests with the same codec, answers Get-Printer-Attributes, Print-Job, Get-Job-Attributes,
 * Get-Jobs and Cancel-Job from the engine's state, and refuses anything else with the IPP status a
 * printer would use. Test hands: power off (connections are reset: "unreachable"), and replies that
 * are not IPP (an HTML page, or bytes that do not decode).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { attr, charsetAndLanguage, find, firstNumber, firstText, texts } from '../ipp/attributes';
import { decodeMessage, encodeMessage, IppDecodeError, type IppAttribute, type IppMessage } from '../ipp/codec';
import { GroupTag, JobState, Operation, Status } from '../ipp/constants';
import { PdfRenderer } from '../render/render-pool';
import { PrinterEngine, type EngineOptions, type SimulatedJob } from './engine';

export interface IppPrinterSimulatorOptions extends Omit<EngineOptions, 'renderer'> {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** The resource path of the printer (IPP Everywhere uses /ipp/print). */
  path?: string;
  renderer?: PdfRenderer;
  makeAndModel?: string;
}

const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
const OPERATIONS = [Operation.PrintJob, Operation.CancelJob, Operation.GetJobAttributes, Operation.GetJobs, Operation.GetPrinterAttributes];

export class IppPrinterSimulator {
  readonly engine: PrinterEngine;
  private readonly renderer: PdfRenderer;
  private readonly ownsRenderer: boolean;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private readonly path: string;
  /** Powered off: every connection is reset. */
  poweredOff = false;
  /** The next N replies are not IPP: 'html' answers a web page, 'garbage' IPP-typed junk bytes. */
  private badReplies: { kind: 'html' | 'garbage'; count: number } | undefined;

  constructor(private readonly options: IppPrinterSimulatorOptions = {}) {
    this.ownsRenderer = options.renderer === undefined;
    this.renderer = options.renderer ?? new PdfRenderer({ dpi: 150 });
    this.engine = new PrinterEngine({ ...options, renderer: this.renderer });
    this.path = options.path ?? '/ipp/print';
  }

  /** The printer URI, once listening. */
  get uri(): string {
    if (!this.server) throw new Error('the IPP printer simulator is not listening yet');
    return `ipp://127.0.0.1:${this.port}${this.path}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      if (this.poweredOff) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    this.engine.close();
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (this.ownsRenderer) await this.renderer.close();
  }

  /** Power off: open connections drop and new ones are reset. */
  setPower(on: boolean): void {
    this.poweredOff = !on;
    if (!on) for (const socket of this.sockets) socket.destroy();
  }

  /** The next `count` replies are not IPP. */
  sendBadReplies(kind: 'html' | 'garbage', count = 1): void {
    this.badReplies = { kind, count };
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.badReplies && this.badReplies.count > 0) {
      const { kind } = this.badReplies;
      if (--this.badReplies.count <= 0) this.badReplies = undefined;
      req.resume();
      if (kind === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Printer Web Admin</h1></body></html>');
      } else {
        res.writeHead(200, { 'content-type': 'application/ipp' }).end(Buffer.from('0101000000000001012200', 'hex'));
      }
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('IPP printers take POST');
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/ipp')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('content-type must be application/ipp');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    }
    let request: IppMessage;
    try {
      request = decodeMessage(Buffer.concat(chunks));
    } catch (error) {
      if (!(error instanceof IppDecodeError)) throw error;
      res.writeHead(400, { 'content-type': 'text/plain' }).end(error.message);
      return;
    }
    const reply = new URL(req.url ?? '/', 'http://x').pathname === this.path ? this.answer(request) : this.status(request, Status.clientErrorNotFound, 'no such printer');
    res.writeHead(200, { 'content-type': 'application/ipp' }).end(encodeMessage(reply));
  }

  // ---- IPP ------------------------------------------------------------------------------------

  private answer(request: IppMessage): IppMessage {
    if (request.version.major !== 1 && request.version.major !== 2) return this.status(request, Status.serverErrorVersionNotSupported, 'IPP/1.x and 2.x only');
    const operation = request.groups[0];
    if (operation?.tag !== GroupTag.operation || operation.attributes[0]?.name !== 'attributes-charset' || operation.attributes[1]?.name !== 'attributes-natural-language') {
      return this.status(request, Status.clientErrorBadRequest, 'operation attributes must start with attributes-charset and attributes-natural-language');
    }
    const op = (name: string) => find(request, GroupTag.operation, name);
    switch (request.code) {
      case Operation.GetPrinterAttributes:
        return this.status(request, Status.successfulOk, 'successful-ok', [{ tag: GroupTag.printer, attributes: this.printerAttributes() }]);
      case Operation.PrintJob: {
        if (!this.engine.acceptingJobs()) return this.status(request, Status.serverErrorNotAcceptingJobs, 'printer is not accepting jobs');
        const format = firstText(op('document-format')) ?? 'application/octet-stream';
        const isPdf = Buffer.from(request.data.subarray(0, 5)).toString('latin1') === '%PDF-';
        if ((format !== 'application/pdf' && format !== 'application/octet-stream') || !isPdf) {
          return this.status(request, Status.clientErrorDocumentFormatNotSupported, `document-format ${format} is not supported (application/pdf only)`);
        }
        const job = this.engine.submit(firstText(op('job-name')) ?? 'untitled', firstText(op('requesting-user-name')) ?? 'anonymous', request.data);
        return this.status(request, Status.successfulOk, 'successful-ok', [{ tag: GroupTag.job, attributes: this.jobAttributes(job, ['job-id', 'job-uri', 'job-state', 'job-state-reasons']) }]);
      }
      case Operation.GetJobAttributes: {
        const job = this.engine.job(firstNumber(op('job-id')) ?? -1);
        if (!job) return this.status(request, Status.clientErrorNotFound, 'no such job');
        return this.status(request, Status.successfulOk, 'successful-ok', [{ tag: GroupTag.job, attributes: this.jobAttributes(job, texts(op('requested-attributes'))) }]);
      }
      case Operation.GetJobs: {
        const which = firstText(op('which-jobs')) ?? 'not-completed';
        const ended = (job: SimulatedJob) => job.state >= JobState.canceled;
        const jobs = this.engine.allJobs().filter((job) => which === 'all' || (which === 'completed' ? ended(job) : !ended(job)));
        const requested = texts(op('requested-attributes'));
        const wanted = requested.length ? requested : ['job-id', 'job-uri'];
        return this.status(request, Status.successfulOk, 'successful-ok', jobs.map((job) => ({ tag: GroupTag.job, attributes: this.jobAttributes(job, wanted) })));
      }
      case Operation.CancelJob: {
        const id = firstNumber(op('job-id')) ?? -1;
        if (!this.engine.job(id)) return this.status(request, Status.clientErrorNotFound, 'no such job');
        if (!this.engine.cancel(id)) return this.status(request, Status.clientErrorNotPossible, 'job has already ended');
        return this.status(request, Status.successfulOk, 'successful-ok');
      }
      default:
        return this.status(request, Status.serverErrorOperationNotSupported, 'operation not supported');
    }
  }

  private status(request: IppMessage, code: number, message: string, groups: IppMessage['groups'] = []): IppMessage {
    return {
      version: { major: 2, minor: 0 },
      code,
      requestId: request.requestId,
      groups: [{ tag: GroupTag.operation, attributes: [...charsetAndLanguage(), attr.text('status-message', message)] }, ...groups],
      data: new Uint8Array(),
    };
  }

  private printerAttributes(): IppAttribute[] {
    const e = this.engine;
    return [
      attr.uri('printer-uri-supported', this.uri),
      attr.name('printer-name', 'kiosk-a4'),
      attr.text('printer-make-and-model', this.options.makeAndModel ?? 'Kiosk A4 Laser (simulated)'),
      attr.enumeration('printer-state', e.printerState()),
      attr.keyword('printer-state-reasons', ...e.reasons()),
      attr.text('printer-state-message', e.stateMessage()),
      attr.boolean('printer-is-accepting-jobs', e.acceptingJobs()),
      attr.keyword('ipp-versions-supported', '1.1', '2.0'),
      attr.enumeration('operations-supported', ...OPERATIONS),
      attr.mime('document-format-supported', 'application/pdf'),
      attr.keyword('media-default', 'iso_a4_210x297mm'),
      attr.keyword('media-ready', 'iso_a4_210x297mm'),
      attr.integer('marker-levels', Math.round(e.tonerPercent)),
      attr.integer('printer-input-tray-level', e.paperSheets),
    ];
  }

  private jobAttributes(job: SimulatedJob, requested: readonly string[]): IppAttribute[] {
    const all = requested.length === 0 || requested.includes('all');
    const want = (name: string) => all || requested.includes(name);
    const out: IppAttribute[] = [];
    if (want('job-id')) out.push(attr.integer('job-id', job.id));
    if (want('job-uri')) out.push(attr.uri('job-uri', `${this.uri}/${job.id}`));
    if (want('job-name')) out.push(attr.name('job-name', job.name));
    if (want('job-originating-user-name')) out.push(attr.name('job-originating-user-name', job.user));
    if (want('job-state')) out.push(attr.enumeration('job-state', job.state));
    if (want('job-state-reasons')) out.push(attr.keyword('job-state-reasons', ...job.reasons));
    if (want('job-impressions-completed')) out.push(attr.integer('job-impressions-completed', job.impressionsCompleted));
    if (want('job-impressions') && job.pageCount !== undefined) out.push(attr.integer('job-impressions', job.pageCount));
    return out;
  }
}
