import { describe, expect, it } from 'vitest';
import { CallSignal, HostCandidate, sdpHasOnlyHostCandidates } from './help-call';

describe('help call signalling: host candidates only', () => {
  it.each([
    // RFC 8839 §5.1 / RFC 8445 examples
    'candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host',
    'candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host',
    // as Chromium writes them: IPv4 and IPv6 with extensions, mDNS-obfuscated, TCP
    'candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0 ufrag 3Xo4 network-id 1',
    'candidate:3720512187 1 udp 2122262783 fd00::2 51763 typ host generation 0 ufrag 3Xo4 network-id 2',
    'candidate:2230316213 1 udp 2113937151 6b6e9d0c-ef84-4d0a-8a0e-9d43f1c7c1a0.local 55519 typ host generation 0 ufrag eVdp network-cost 999',
    'candidate:2841946435 1 tcp 1518280447 192.168.0.196 9 typ host tcptype active generation 0 ufrag 3Xo4 network-id 1',
  ])('accepts %s', (candidate) => {
    expect(HostCandidate.safeParse(candidate).success).toBe(true);
  });

  it.each([
    // RFC 8839 §5.1: a server-reflexive candidate (a STUN server) and a relay (TURN)
    'candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998',
    'candidate:3 1 UDP 16777215 198.51.100.7 3478 typ relay raddr 0.0.0.0 rport 0',
    'candidate:842163049 1 udp 1677729535 198.51.100.9 61234 typ prflx raddr 192.168.0.196 rport 46243',
    '',
    'candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host\r\na=candidate:2 1 UDP 1 1.2.3.4 1 typ relay',
    'candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ hostile',
  ])('refuses %j', (candidate) => {
    expect(HostCandidate.safeParse(candidate).success).toBe(false);
  });

  it('refuses an SDP that carries a STUN or TURN candidate inline, and accepts one with host candidates', () => {
    const sdp = (candidate: string) => `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=${candidate}\r\n`;
    expect(sdpHasOnlyHostCandidates(sdp('candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host'))).toBe(true);
    expect(sdpHasOnlyHostCandidates(sdp('candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998'))).toBe(false);
    expect(CallSignal.safeParse({ kind: 'description', type: 'offer', sdp: sdp('candidate:3 1 UDP 16777215 198.51.100.7 3478 typ relay raddr 0.0.0.0 rport 0') }).success).toBe(false);
    expect(CallSignal.safeParse({ kind: 'description', type: 'offer', sdp: sdp('candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host') }).success).toBe(true);
    expect(CallSignal.safeParse({ kind: 'description', type: 'pranswer', sdp: 'v=0\r\n' }).success).toBe(false);
    expect(CallSignal.safeParse({ kind: 'description', type: 'offer', sdp: 'x'.repeat(40_000) }).success).toBe(false);
  });
});
