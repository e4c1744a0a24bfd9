import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { outboundMails } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { createMailSendJob } from '@/lib/jobs/definitions/mail-send';
import { createMailSweepJob } from '@/lib/jobs/definitions/mail-sweep';
import { startJobs, type JobRunner } from '@/lib/jobs/runner';
import { MAIL_MAX_ATTEMPTS, SWEEP_GRACE_MS } from '@/lib/notifications/deliver-mail';
import { sendMail } from '@/lib/notifications/notify';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';

/** A real SMTP server on loopback: it keeps what it receives and refuses recipients named `reject-…`. */
type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'], // plain SMTP on loopback; no self-signed certificate to trust
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('reject-')) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});

/** The text of a received message: headers dropped, quoted-printable decoded. */
function bodyOf(raw: string) {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const latin = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin, 'latin1').toString('utf8');
}

let smtpUrl: string | undefined;
const sendJob = createMailSendJob({ smtpUrl: () => smtpUrl });
const sweepJob = createMailSweepJob({ smtpUrl: () => smtpUrl, runner: async () => runner });
let database: TestDatabase;
let clock: TestClock;
let runner: JobRunner;
let serverUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  serverUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  database = await freshDatabase();
  clock = createTestClock();
  runner = await startJobs({ handle: database, clock, jobs: [sendJob, sweepJob], pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves the clock a second at a time (letting the workers poll) until `done` holds. */
async function advanceUntil(done: () => Promise<boolean>, steps = 200) {
  for (let step = 0; step < steps; step++) {
    if (await done()) return true;
    await clock.tick(1000);
    await sleep(100);
  }
  return done();
}

async function mailRow(id: string) {
  const [row] = await database.db.select().from(outboundMails).where(eq(outboundMails.id, id));
  return row!;
}

async function queueMail(to: string, subject: string, withJob = true) {
  return database.db.transaction((tx) => sendMail(tx, { jobs: withJob ? runner : undefined, now: new Date(clock.now()) }, { to, subject, body: `Dear colleague,\n\nthe seal for toysmart.example is active — see you.\n\nLine ${subject}` }));
}

describe(`mail delivery (${testDriver})`, () => {
  it('sends a queued mail through SMTP and marks it sent', async () => {
    smtpUrl = `${serverUrl}/?from=${encodeURIComponent('seals@openseal.test')}`;
    const to = `owner-${crypto.randomUUID()}@example.test`;
    const mail = await queueMail(to, 'Your seal is active');
    expect(await advanceUntil(async () => (await mailRow(mail.id)).status === 'sent')).toBe(true);

    const row = await mailRow(mail.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    const message = received.find((item) => item.to.includes(to));
    expect(message?.from).toBe('seals@openseal.test');
    expect(message?.raw).toContain('Subject: Your seal is active');
    expect(bodyOf(message!.raw)).toContain('the seal for toysmart.example is active — see you.');
  });

  it('records each refused attempt, retries, and marks the mail failed after the last one', async () => {
    smtpUrl = serverUrl;
    const to = `reject-${crypto.randomUUID()}@example.test`;
    const mail = await queueMail(to, 'Refused');
    expect(await advanceUntil(async () => (await mailRow(mail.id)).lastError !== null)).toBe(true);
    const afterFirst = await mailRow(mail.id);
    expect(afterFirst.lastError).toMatch(/Mailbox unavailable/);
    expect(afterFirst.status).toBe('queued'); // retried, not yet given up
    expect(afterFirst.attempts).toBeLessThan(MAIL_MAX_ATTEMPTS);

    expect(await advanceUntil(async () => (await mailRow(mail.id)).status === 'failed', 400)).toBe(true);
    const failed = await mailRow(mail.id);
    expect(failed.attempts).toBe(MAIL_MAX_ATTEMPTS);
    expect(failed.lastError).toMatch(/550.*Mailbox unavailable|Mailbox unavailable/);
    expect(failed.sentAt).toBeNull();
    expect(received.some((item) => item.to.includes(to))).toBe(false);
    const [job] = await runner.boss.findJobs(sendJob.name, { data: { mailId: mail.id } });
    expect(job?.state).toBe('failed');
  });

  it('without SMTP_URL leaves the mail queued and untouched', async () => {
    smtpUrl = undefined;
    const to = `quiet-${crypto.randomUUID()}@example.test`;
    const mail = await queueMail(to, 'Not sent');
    expect(await advanceUntil(async () => (await runner.boss.findJobs(sendJob.name, { data: { mailId: mail.id } }))[0]?.state === 'completed')).toBe(true);
    expect(await mailRow(mail.id)).toMatchObject({ status: 'queued', attempts: 0, lastError: null, sentAt: null });
    expect(received.some((item) => item.to.includes(to))).toBe(false);
  });

  it('the sweep sends mails written without a job runner, once SMTP is configured', async () => {
    smtpUrl = serverUrl;
    const to = `script-${crypto.randomUUID()}@example.test`;
    const mail = await queueMail(to, 'Written by a script', false);
    await clock.tick(SWEEP_GRACE_MS + 1000);
    await runner.enqueue(database.db, sweepJob, {});
    expect(await advanceUntil(async () => (await mailRow(mail.id)).status === 'sent')).toBe(true);
    expect(received.filter((item) => item.to.includes(to))).toHaveLength(1);
  });
});
