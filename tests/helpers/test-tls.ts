import crypto from 'node:crypto';

/**
 * A certificate authority for tests, made in memory: its certificate goes into the fetcher's
 * `extraCa` (or OPENSEAL_FETCH_EXTRA_CA), and `issue(name)` signs a server certificate for any
 * host name, so test sites serve HTTPS that verifies exactly as a real site's does. Node makes
 * keys and signatures but not certificates; the few DER structures of X.509 are written here.
 */
export type TestCertificateAuthority = {
  certificatePem: string;
  /** The authority as a string (its key and certificate), to hand to another process: see `saved` below. */
  saved: string;
  /** A key and certificate (PEM) for `hostName`, signed by this authority; cached per name. */
  issue(hostName: string): { key: string; cert: string };
};

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...content: Buffer[]) => tlv(0x30, ...content);
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a! + b!];
  for (const part of rest) {
    const chunk = [part & 0x7f];
    for (let value = part >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const utcTime = (date: Date) => tlv(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`));
const commonName = (name: string) => sequence(tlv(0x31, sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(name)))));
const extension = (id: string, critical: boolean, value: Buffer) => sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

function certificate(subject: string, issuer: string, publicKey: crypto.KeyObject, signer: crypto.KeyObject, extensions: Buffer[]): string {
  const serial = crypto.randomBytes(12);
  // A positive INTEGER in DER's shortest form: the top bit clear (else it reads negative) and the
  // first byte never zero (a leading zero byte before a byte under 0x80 is "illegal padding").
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const now = Date.now();
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version 3
    tlv(0x02, serial),
    ECDSA_SHA256,
    commonName(issuer),
    sequence(utcTime(new Date(now - 60 * 60_000)), utcTime(new Date(now + 7 * 24 * 60 * 60_000))),
    commonName(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(...extensions)),
  );
  const signature = crypto.sign('sha256', tbs, signer);
  const der = sequence(tbs, ECDSA_SHA256, tlv(0x03, Buffer.from([0]), signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`.replace('\n\n', '\n');
}

/**
 * A new authority, or with `saved` (another process's `authority.saved`) the same one again: the
 * e2e runner makes one, the server trusts its certificate, and the specs' site servers issue from it.
 */
export function createTestCertificateAuthority({ name = 'OpenSeal Test CA', saved }: { name?: string; saved?: string } = {}): TestCertificateAuthority {
  const restored = saved ? (JSON.parse(saved) as { key: string; cert: string }) : null;
  const ca = restored
    ? { privateKey: crypto.createPrivateKey(restored.key) }
    : crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certificatePem =
    restored?.cert ??
    certificate(name, name, (ca as crypto.KeyPairKeyObjectResult).publicKey, ca.privateKey, [
      extension('2.5.29.19', true, sequence(tlv(0x01, Buffer.from([0xff])))), // basicConstraints: a CA
      extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x01, 0x06]))), // keyUsage: keyCertSign, cRLSign
    ]);
  const issued = new Map<string, { key: string; cert: string }>();
  return {
    certificatePem,
    saved: JSON.stringify({ key: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: certificatePem }),
    issue(hostName) {
      const host = hostName.toLowerCase();
      const cached = issued.get(host);
      if (cached) return cached;
      const leaf = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pair = {
        key: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        // The issuer is the CA's subject, encoded the same way: verification compares the bytes.
        cert: certificate(host, name, leaf.publicKey, ca.privateKey, [
          extension('2.5.29.19', false, sequence()), // not a CA
          extension('2.5.29.17', false, sequence(tlv(0x82, Buffer.from(host)))), // subjectAltName: the host name
        ]),
      };
      issued.set(host, pair);
      return pair;
    },
  };
}
