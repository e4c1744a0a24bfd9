import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * The e2e server's mailbox: a real SMTP server on loopback that writes every message it receives
 * to a folder, one JSON file each, so the specs read mailed links (password resets, verifications)
 * the way a person would, from the mail, while the admins' outbox keeps them redacted. Started by
 * playwright.config.ts in the runner process; the specs read the folder (e2e/fixtures.ts mailTo).
 */
export type SunkMail = { to: string[]; subject: string; text: string; receivedAt: number };

/** The text of a received message: headers dropped, quoted-printable decoded (as tests/integration/notifications-mail.test.ts). */
function textOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const latin = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin, 'latin1').toString('utf8');
}

function subjectOf(raw: string): string {
  const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return headers.match(/^Subject: (.*)$/im)?.[1]?.trim() ?? '';
}

export function startMailSink(port: number, dir: string): SMTPServer {
  fs.mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: SunkMail = { to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: subjectOf(raw), text: textOf(raw), receivedAt: Date.now() };
        fs.writeFileSync(path.join(dir, `${Date.now()}-${crypto.randomBytes(4).toString('hex')}.json`), JSON.stringify(mail));
        callback();
      });
    },
  });
  server.on('error', (error) => console.error(`[e2e mail sink] ${error.message}`));
  server.listen(port, '127.0.0.1');
  // The runner must not wait for the mailbox to close before it exits.
  server.server.unref();
  return server;
}

/** Every mail the sink has received for `address`, oldest first. */
export function mailsIn(dir: string, address: string): SunkMail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SunkMail)
    .filter((mail) => mail.to.includes(address.toLowerCase()));
}
