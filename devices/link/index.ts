/** Byte links: in-memory pairs, serial ports with reconnect, wire-rate pacing and port discovery. */
export { createLinkPair, type LinkPair } from './memory-link';
export { SerialLink, backoffDelay, type SerialLinkOptions, type BackoffOptions } from './serial-link';
export { createPacedWriter, wireTimeMs, type PacedWriter, type PacedWriterOptions } from './paced-writer';
export { discoverSerialPorts, scanDevDirectory, type DiscoveredPort, type DiscoveryOptions } from './discovery';
export { Listeners } from './listeners';
