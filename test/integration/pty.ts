/** The pty-pair helper lives with the links (npm run sim uses it too); tests import it from here. */
export { startPtyPair, uniquePtyName, type PtyPair } from '../../devices/link/pty-pair';
