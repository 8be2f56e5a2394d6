/**
 * npm run bench:documents — figures for A4 documents:
 *  - PDF build time and size of a one-page certificate and a one-page penalty decision
 *    (targets: build ≤ 150 ms, size ≤ 100 KB with fonts subset);
 *  - IPP submit-to-completed time against the in-process IPP printer simulator;
 *  - PDF page render-to-PNG time (pdf.js on @napi-rs/canvas), and how long the event loop stalls
 *    while a render runs in the worker thread.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DocumentPrinter } from '../../../devices/document-printer/driver';
import { renderPdfPages } from '../../../devices/document-printer/render/pdf-render';
import { PdfRenderer } from '../../../devices/document-printer/render/render-pool';
import { IppPrinterSimulator } from '../../../devices/document-printer/simulator/server';
import { buildNoCriminalRecordCertificatePdf, certificateCodePayload } from '../certificate';
import { simulatorSigner } from '../issuer';
import { buildTrafficPenaltyDecisionPdf, decisionCodePayload } from '../penalty-decision';
import { SAMPLE_CERTIFICATE, SAMPLE_DECISION } from '../samples';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Runs `fn` once cold (reported as `first`), `warmup` more times untimed, then `runs` timed times. */
async function timeIt(runs: number, fn: () => Promise<unknown>, warmup = 0): Promise<{ p50: number; p95: number; max: number; first: number }> {
  const coldStart = performance.now();
  await fn();
  const cold = performance.now() - coldStart;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [cold];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  const first = times[0]!;
  const sorted = times.slice(1).sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? NaN, first };
}

const signer = simulatorSigner();
const certificateCode = signer.sign(certificateCodePayload(SAMPLE_CERTIFICATE));
const decisionCode = signer.sign(decisionCodePayload(SAMPLE_DECISION));

console.log('A4 documents (one page each, Noto Serif CJK subset per document)');
for (const [name, build] of [
  ['no-criminal-record certificate', () => buildNoCriminalRecordCertificatePdf(SAMPLE_CERTIFICATE, certificateCode)],
  ['traffic penalty decision', () => buildTrafficPenaltyDecisionPdf(SAMPLE_DECISION, decisionCode)],
] as const) {
  const t = await timeIt(30, build, 5);
  const size = (await build()).length;
  const verdict = t.p95 <= 150 && size <= 100_000 ? 'within targets' : 'OVER TARGET';
  console.log(`  ${name.padEnd(31)} build p50 ${ms(t.p50)}, p95 ${ms(t.p95)}, max ${ms(t.max)} (first, cold: ${ms(t.first)}, 5 warm-ups, 30 runs); size ${(size / 1024).toFixed(1)} KB — ${verdict} (≤ 150 ms, ≤ 100 KB)`);
}

const pdf = await buildNoCriminalRecordCertificatePdf(SAMPLE_CERTIFICATE, certificateCode);
for (const dpi of [150, 300]) {
  const t = await timeIt(6, () => renderPdfPages(pdf, { dpi }));
  console.log(`  render to PNG at ${dpi} dpi (pdf.js, same thread)  p50 ${ms(t.p50)}, max ${ms(t.max)} (first ${ms(t.first)})`);
}

const renderer = new PdfRenderer({ dpi: 300 });
await renderer.render(pdf); // start the worker
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const worker = await timeIt(6, () => renderer.render(pdf));
delay.disable();
console.log(`  render to PNG at 300 dpi in the worker thread      p50 ${ms(worker.p50)}; event loop stalled at most ${ms(delay.max / 1e6)} meanwhile`);
await renderer.close();

const simulator = new IppPrinterSimulator({ pageMs: 0, renderer: new PdfRenderer({ dpi: 150 }) });
await simulator.start();
const printer = new DocumentPrinter({ uri: simulator.uri, pollIntervalMs: 0, jobPollMs: 10 });
await printer.start();
let n = 0;
const ipp = await timeIt(11, async () => {
  const result = await printer.print(pdf, { jobId: `BENCH-${++n}/NCR` });
  if (!result.ok) throw new Error(result.error.message);
});
console.log(
  `  IPP submit-to-completed, simulator (0 ms/page)   p50 ${ms(ipp.p50)}, p95 ${ms(ipp.p95)} — Get-Jobs, Get-Printer-Attributes, Print-Job, Get-Job-Attributes polls every 10 ms; includes the simulator rendering the page at 150 dpi`,
);
await printer.stop();
await simulator.stop();
