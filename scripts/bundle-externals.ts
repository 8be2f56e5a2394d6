/**
 * Packages the Electron bundles load from node_modules at run time instead of inlining: native
 * modules (rebuilt for Electron's ABI by electron-builder), and packages that find their own data
 * files next to their code (pdfkit's fonts and ICC profile, pdf.js's worker, HarfBuzz's wasm).
 */
export const BUNDLE_EXTERNALS = [
  'electron',
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  '@napi-rs/canvas',
  // argon2id for staff PINs (native, prebuilt per platform).
  '@node-rs/argon2',
  '@node-rs/argon2-*',
  'pdfkit',
  'fontkit',
  'pdfjs-dist',
  'pdfjs-dist/*',
  'harfbuzzjs',
  // Speech: espeak-ng's WebAssembly finds its data next to its module; sherpa-onnx is optional.
  '@echogarden/espeak-ng-emscripten',
  'sherpa-onnx-node',
  'sherpa-onnx-*',
  // PC/SC binding (native).
  'smartcard',
];
