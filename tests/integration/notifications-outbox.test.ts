import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { conflictDeclarations, outboundMails } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { deliverMail } from '@/lib/notifications/deliver-mail';
import { notifyOrganization, sendMail } from '@/lib/notifications/notify';
import { OUTBOX_PAGE_SIZE, readOutbox } from '@/lib/notifications/queries';
import { inviteMember } from '@/lib/services/organizations/invitations';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { file, publicContext, uniqueEmail } from './complaints-fixtures';

/** A real SMTP server on loopback that keeps the text of what it receives. */
const received: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      received.push(Buffer.from(body, 'latin1').toString('utf8').replace(/\r\n/g, '\n'));
      callback();
    });
  },
});

let database: TestDatabase;
let smtpUrl: string;
const clock = createTestClock();
const previousPublicUrl = process.env.OPENSEAL_PUBLIC_URL;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  ({ database } = await freshDatabaseWithProgram());
  // The origin operators configure; links must use it, whatever host a request named.
  process.env.OPENSEAL_PUBLIC_URL = 'https://seals.example.org';
});
afterAll(async () => {
  if (previousPublicUrl === undefined) delete process.env.OPENSEAL_PUBLIC_URL;
  else process.env.OPENSEAL_PUBLIC_URL = previousPublicUrl;
  await database?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function storedMail(to: string) {
  const [row] = await database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, to));
  return row!;
}

const outboxText = async (viewerId: string) => JSON.stringify(await readOutbox(database.db, viewerId));

describe(`one-time links in mail (${testDriver})`, () => {
  it('mails the complainant the tracking link on the configured origin, and neither the stored mail nor the outbox ever shows it', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    const site = await seedSite(database.db, organization.id);
    const email = uniqueEmail();
    const filed = await file(publicContext(database.db, clock), { domain: site.domain }, { complainantEmail: email });

    // Queued (no SMTP yet, as in the default embedded setup): the admins' outbox says it is redacted.
    const queued = await storedMail(email);
    expect(queued.body).not.toContain(filed.trackingToken);
    const outbox = await readOutbox(database.db, admin.id);
    const shown = outbox.mails.find((mail) => mail.id === queued.id)!;
    expect(shown.body).toContain('Follow it with your private tracking link:\n[link redacted]');
    expect(shown).not.toHaveProperty('secret');
    expect(await outboxText(admin.id)).not.toContain(filed.trackingToken);

    // Sent: the complainant gets the whole link, on the configured origin...
    expect(await deliverMail(database.db, { mailId: queued.id, now: new Date(clock.now()), smtpUrl })).toBe('sent');
    const text = received.find((body) => body.includes(filed.complaint.reference))!;
    expect(text).toContain(`Follow it with your private tracking link:\nhttps://seals.example.org/complaints/track/${filed.trackingToken}`);
    // ...and the stored copy forgets it: nothing in the row holds the token any more.
    const sent = await storedMail(email);
    expect(sent).toMatchObject({ status: 'sent', secret: null });
    expect(JSON.stringify(sent)).not.toContain(filed.trackingToken);
    expect(await outboxText(admin.id)).not.toContain(filed.trackingToken);
  });

  it('mails an invitation link on the configured origin and forgets it once sent', async () => {
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    const invited = uniqueEmail('colleague');
    const { token } = await inviteMember({ ctx: contextFor(database.db, actorOf(owner), clock), input: { organizationId: organization.id, email: invited } });
    const mail = await storedMail(invited);
    expect(await deliverMail(database.db, { mailId: mail.id, now: new Date(clock.now()), smtpUrl })).toBe('sent');
    expect(received.some((body) => body.includes(`Open it here: https://seals.example.org/invitations/${token}`))).toBe(true);
    expect(JSON.stringify(await storedMail(invited))).not.toContain(token);
  });

  it('refuses a mail that would store its secret in the body', async () => {
    await expect(
      database.db.transaction((tx) => sendMail(tx, { now: new Date(clock.now()) }, { to: uniqueEmail(), subject: 'Reset', body: 'Here: https://x.example/reset/abc', secret: 'https://x.example/reset/abc' })),
    ).rejects.toThrow(/placeholder once, and never the secret itself/);
  });
});

describe(`the outbox and conflicts of interest (${testDriver})`, () => {
  it('hides the mails about an organization from an admin who belongs to it or declared a conflict, and says how many', async () => {
    const [memberAdmin, declaredAdmin, freeAdmin, owner] = await Promise.all([
      seedUser(database.db, { role: 'admin' }),
      seedUser(database.db, { role: 'admin' }),
      seedUser(database.db, { role: 'admin' }),
      seedUser(database.db),
    ]);
    const organization = await seedOrganization(database.db, owner, [memberAdmin]);
    const site = await seedSite(database.db, organization.id);
    await database.db.insert(conflictDeclarations).values({ reviewerId: declaredAdmin.id, organizationId: organization.id, reason: 'former employer', declaredAt: new Date() });
    const complainant = uniqueEmail();
    const filed = await file(publicContext(database.db, clock), { domain: site.domain }, { complainantEmail: complainant });
    await database.db.transaction((tx) => notifyOrganization(tx, { now: new Date(clock.now()) }, organization.id, { kind: 'case.notice', subject: `Notice for ${site.domain}`, body: 'Please answer.' }));

    const about = (await database.db.select().from(outboundMails).where(eq(outboundMails.organizationId, organization.id))).map((mail) => mail.id);
    // The confirmation to the complainant, the reviewers' notification mails, the members' notice.
    expect(about).toContain((await storedMail(complainant)).id);
    expect(about.length).toBeGreaterThanOrEqual(3);

    const free = await readOutbox(database.db, freeAdmin.id);
    expect(free.hidden).toBe(0);
    expect(free.mails.filter((mail) => about.includes(mail.id))).toHaveLength(about.length);
    for (const conflicted of [memberAdmin, declaredAdmin]) {
      const outbox = await readOutbox(database.db, conflicted.id);
      expect(outbox.mails.filter((mail) => about.includes(mail.id))).toHaveLength(0);
      expect(outbox.hidden).toBe(about.length);
      expect(JSON.stringify(outbox)).not.toContain(filed.complaint.reference);
    }
  });

  it('pages newest first, 50 at a time, without skipping or repeating a mail', async () => {
    const admin = await seedUser(database.db, { role: 'admin' });
    const start = clock.now() + 60_000;
    // Two mails share each instant: the id breaks the tie.
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 2 * OUTBOX_PAGE_SIZE + 10; i++) await sendMail(tx, { now: new Date(start + Math.floor(i / 2) * 1000) }, { to: uniqueEmail('paging'), subject: `Paging ${i}`, body: 'Text.' });
    });
    const seen: string[] = [];
    let page = await readOutbox(database.db, admin.id);
    expect(page.mails).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(page.mails[0]!.subject).toMatch(/^Paging 1(09|08)$/);
    for (;;) {
      seen.push(...page.mails.map((mail) => mail.id));
      const times = page.mails.map((mail) => mail.createdAt.getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      if (!page.next) break;
      page = await readOutbox(database.db, admin.id, { before: page.next });
    }
    const all = await database.db.select({ id: outboundMails.id }).from(outboundMails);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.map((row) => row.id).sort());
  });
});
