import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { notifications, outboundMails, type Criterion } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { createMailSendJob } from '@/lib/jobs/definitions/mail-send';
import { startJobs, type JobRunner } from '@/lib/jobs/runner';
import { notifyOrganization, notifyReviewers, notifyUsers, sendMail } from '@/lib/notifications/notify';
import { markNotificationsRead } from '@/lib/notifications/mark-notifications-read';
import { readNotificationsPage, unreadNotificationCount } from '@/lib/notifications/queries';

const listNotifications = async (db: Parameters<typeof readNotificationsPage>[0], userId: string) => (await readNotificationsPage(db, userId)).rows;
import { inviteMember } from '@/lib/services/organizations/invitations';
import { MAIL_SECRET_PLACEHOLDER } from '@/lib/notifications/mail-secret';
import { publicOrigin } from '@/lib/notifications/mail-text';
import { startApplication } from '@/lib/services/applications/start-application';
import { saveApplication } from '@/lib/services/applications/save-application';
import { attachPolicy } from '@/lib/services/applications/attach-policy';
import { submitApplication } from '@/lib/services/applications/submit-application';
import { criteriaOf } from '@/lib/services/applications/application-access';
import { UnauthenticatedError } from '@/lib/services/errors';
import type { ServiceContext } from '@/lib/services/context';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedDefaultProgram, seedOrganization, seedSite } from '../helpers/portal-factories';

// No SMTP here: mails stay queued, so the tests see exactly what was written.
const mailSendJob = createMailSendJob({ smtpUrl: () => undefined });

let database: TestDatabase;
let clock: TestClock;
let runner: JobRunner;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDefaultProgram(database.db);
  clock = createTestClock();
  runner = await startJobs({ handle: database, clock, jobs: [mailSendJob], pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
});

const message = (kind = 'application.changes-requested') => ({ kind, subject: `Subject ${crypto.randomUUID()}`, body: 'Please answer the reviewer.', link: '/portal' });
const ctxFor = (user: Parameters<typeof actorOf>[0] | null): ServiceContext => ({ db: database.db, clock, jobs: runner, actor: user ? actorOf(user) : null });

async function mailsTo(addresses: string[]) {
  return database.db.select().from(outboundMails).where(inArray(outboundMails.toAddress, addresses));
}
async function mailJobsFor(mailIds: string[]) {
  const jobs = await runner.boss.findJobs<{ mailId: string }>(mailSendJob.name);
  return jobs.filter((job) => mailIds.includes(job.data.mailId));
}

describe(`notifications (${testDriver})`, () => {
  it('notifyOrganization reaches every active member, with a mail and a job each, and nobody else', async () => {
    const [owner, member, disabled, outsider] = await Promise.all([seedUser(database.db), seedUser(database.db), seedUser(database.db, { disabled: true }), seedUser(database.db)]);
    const organization = await seedOrganization(database.db, owner, [member, disabled]);
    await seedOrganization(database.db, outsider);
    const sent = message();
    await database.db.transaction((tx) => notifyOrganization(tx, { jobs: runner, now: new Date(clock.now()) }, organization.id, sent));

    const stored = await database.db.select().from(notifications).where(eq(notifications.subject, sent.subject));
    expect(stored.map((row) => row.recipientId).sort()).toEqual([owner.id, member.id].sort());
    expect(stored[0]).toMatchObject({ kind: 'application.changes-requested', body: sent.body, link: '/portal', readAt: null });

    const mails = await mailsTo([owner.email, member.email, disabled.email, outsider.email]);
    expect(mails.map((mail) => mail.toAddress).sort()).toEqual([owner.email, member.email].sort());
    for (const mail of mails) {
      expect(mail).toMatchObject({ status: 'queued', attempts: 0, subject: sent.subject });
      expect(stored.map((row) => row.id)).toContain(mail.notificationId);
      expect(mail.body).toContain('Please answer the reviewer.');
      // No OPENSEAL_PUBLIC_URL in the test environment: the embedded default origin, never a bare path.
      expect(mail.body).toContain(`Open it here: http://localhost:${process.env.PORT || 3000}/portal`);
    }
    expect(await mailJobsFor(mails.map((mail) => mail.id))).toHaveLength(2);
  });

  it('writes absolute links when OPENSEAL_PUBLIC_URL is set', async () => {
    const user = await seedUser(database.db);
    process.env.OPENSEAL_PUBLIC_URL = 'https://seals.example.org/';
    try {
      await notifyUsers(database.db, { now: new Date(clock.now()) }, [user.id], { ...message(), link: '/portal/applications/42' });
    } finally {
      delete process.env.OPENSEAL_PUBLIC_URL;
    }
    const [mail] = await mailsTo([user.email]);
    expect(mail?.body).toContain('Open it here: https://seals.example.org/portal/applications/42');
  });

  it('leaves no notification, no mail and no job when the transaction rolls back', async () => {
    const [owner, member] = await Promise.all([seedUser(database.db), seedUser(database.db)]);
    const organization = await seedOrganization(database.db, owner, [member]);
    const sent = message();
    let mailIds: string[] = [];
    await expect(
      database.db.transaction(async (tx) => {
        await notifyOrganization(tx, { jobs: runner, now: new Date(clock.now()) }, organization.id, sent);
        const written = await tx.select().from(outboundMails).where(eq(outboundMails.subject, sent.subject));
        mailIds = written.map((mail) => mail.id);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(mailIds).toHaveLength(2); // they had been written, inside the transaction
    expect(await database.db.select().from(notifications).where(eq(notifications.subject, sent.subject))).toEqual([]);
    expect(await database.db.select().from(outboundMails).where(eq(outboundMails.subject, sent.subject))).toEqual([]);
    expect(await mailJobsFor(mailIds)).toEqual([]);
  });

  it('without a job runner the mail is written and stays queued, for the sweep', async () => {
    const address = `guest-${crypto.randomUUID()}@example.test`;
    const mail = await sendMail(database.db, { now: new Date(clock.now()) }, { to: address, subject: 'Your complaint was received', body: 'We will look into it.' });
    expect(mail).toMatchObject({ toAddress: address, status: 'queued', attempts: 0, notificationId: null });
    expect(await mailJobsFor([mail.id])).toEqual([]);
  });

  it('notifyReviewers reaches active reviewers and admins, not applicants nor disabled reviewers', async () => {
    const [reviewer, admin, applicant, disabledReviewer] = await Promise.all([
      seedUser(database.db, { role: 'reviewer' }),
      seedUser(database.db, { role: 'admin' }),
      seedUser(database.db),
      seedUser(database.db, { role: 'reviewer', disabled: true }),
    ]);
    const sent = message('case.escalated');
    await notifyReviewers(database.db, { now: new Date(clock.now()) }, sent);
    const recipients = (await database.db.select().from(notifications).where(eq(notifications.subject, sent.subject))).map((row) => row.recipientId);
    expect(recipients).toEqual(expect.arrayContaining([reviewer.id, admin.id]));
    expect(recipients).not.toContain(applicant.id);
    expect(recipients).not.toContain(disabledReviewer.id);
  });

  it('inviteMember mails the invitation link to the invited address, keeping the link apart from the stored body, and still returns the token', async () => {
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner, [], 'Toysmart.com LLC');
    const invited = `colleague-${crypto.randomUUID()}@example.test`;
    const { token } = await inviteMember({ ctx: ctxFor(owner), input: { organizationId: organization.id, email: invited } });
    const [mail] = await mailsTo([invited]);
    expect(mail).toMatchObject({ subject: 'Invitation to join Toysmart.com LLC on OpenSeal', status: 'queued', notificationId: null, organizationId: organization.id });
    // The link is a bearer secret: it waits apart from the body until the mail is sent (notifications-mail.test.ts).
    expect(mail!.body).toContain(`Open it here: ${MAIL_SECRET_PLACEHOLDER}`);
    expect(mail!.body).not.toContain(token);
    expect(mail!.secret).toBe(`${publicOrigin()}/invitations/${token}`);
    expect(mail!.body).toContain(`${owner.name} invites you to join Toysmart.com LLC`);
    expect(await mailJobsFor([mail!.id])).toHaveLength(1);
  });

  it('submitApplication notifies the reviewers, linking to the application, and confirms the receipt to the organization', async () => {
    const [owner, member, reviewer] = await Promise.all([seedUser(database.db), seedUser(database.db), seedUser(database.db, { role: 'reviewer' })]);
    const organization = await seedOrganization(database.db, owner, [member], 'Toysmart.com LLC');
    const site = await seedSite(database.db, organization.id, { domain: `toysmart-${crypto.randomUUID().slice(0, 8)}.example` });
    const ctx = ctxFor(owner);
    const application = await startApplication({ ctx, input: { siteId: site.id, programSlug: 'privacy-seal' } });
    const criteria = await criteriaOf(database.db, application.criteriaVersionId);
    const answers = Object.fromEntries(criteria.map((c: Criterion) => [c.code, { answer: `Answer on ${c.title}.`, evidence: 'https://toysmart.example/privacy', affirmed: c.commitments.map((_, i) => i) }]));
    await saveApplication({ ctx, input: { applicationId: application.id, answers } });
    await attachPolicy({ ctx, input: { applicationId: application.id, source: 'text', text: `Toysmart privacy policy. ${'We never share personal information. '.repeat(10)}` } });
    await submitApplication({ ctx, input: { applicationId: application.id } });

    const [received] = await listNotifications(database.db, reviewer.id);
    expect(received).toMatchObject({ kind: 'application.submitted', subject: `New application: ${site.domain} for the Privacy Seal`, link: `/review/applications/${application.id}` });
    const [mail] = await database.db.select().from(outboundMails).where(eq(outboundMails.notificationId, received!.id));
    expect(mail).toMatchObject({ toAddress: reviewer.email, subject: received!.subject });

    // Issue 13, item 13: the applicant's organization is told it arrived and when to expect an answer, by notification and mail.
    for (const person of [owner, member]) {
      const notes = await listNotifications(database.db, person.id);
      expect(notes.map((note) => note.kind)).toEqual(['application.received']);
      expect(notes[0]).toMatchObject({ subject: `We received your application: ${site.domain} for the Privacy Seal`, link: `/portal/applications/${application.id}` });
      expect(notes[0]!.body).toContain('usually within 10 days');
      const [confirmation] = await database.db.select().from(outboundMails).where(eq(outboundMails.notificationId, notes[0]!.id));
      expect(confirmation).toMatchObject({ toAddress: person.email, subject: notes[0]!.subject, organizationId: organization.id });
    }
  });

  it('markNotificationsRead marks only the caller’s own notifications', async () => {
    const [alice, bob] = await Promise.all([seedUser(database.db), seedUser(database.db)]);
    const now = { now: new Date(clock.now()) };
    await notifyUsers(database.db, now, [alice.id, bob.id], message());
    await notifyUsers(database.db, now, [alice.id], message());
    expect(await unreadNotificationCount(database.db, alice.id)).toEqual({ n: 2, more: false });
    const bobs = await listNotifications(database.db, bob.id);

    // Bob's id in Alice's request matches nothing.
    expect(await markNotificationsRead({ ctx: ctxFor(alice), input: { notificationIds: [bobs[0]!.id] } })).toBe(0);
    expect(await unreadNotificationCount(database.db, bob.id)).toEqual({ n: 1, more: false });

    expect(await markNotificationsRead({ ctx: ctxFor(alice), input: {} })).toBe(2);
    expect(await unreadNotificationCount(database.db, alice.id)).toEqual({ n: 0, more: false });
    expect((await listNotifications(database.db, alice.id)).every((row) => row.readAt instanceof Date)).toBe(true);
    const [bobsNow] = await database.db.select().from(notifications).where(and(eq(notifications.recipientId, bob.id)));
    expect(bobsNow?.readAt).toBeNull();

    await rejectionOf(markNotificationsRead({ ctx: ctxFor(null), input: {} }), UnauthenticatedError);
  });

  it('marks a backlog larger than one batch all read, and says how many', async () => {
    const reader = await seedUser(database.db);
    const createdAt = new Date(clock.now());
    const rows = Array.from({ length: 5_003 }, (_, index) => ({ recipientId: reader.id, kind: 'test.backlog', subject: `Backlog ${index}`, body: 'A notification of a long backlog.', createdAt }));
    for (let start = 0; start < rows.length; start += 1_000) await database.db.insert(notifications).values(rows.slice(start, start + 1_000));
    expect(await markNotificationsRead({ ctx: ctxFor(reader), input: {} })).toBe(5_003);
    expect(await unreadNotificationCount(database.db, reader.id)).toEqual({ n: 0, more: false });
    expect(await markNotificationsRead({ ctx: ctxFor(reader), input: {} }), 'nothing left').toBe(0);
  });

  it('pages a person’s notifications newest first, each once forward and back, and counts them capped', async () => {
    const reader = await seedUser(database.db);
    const start = new Date(clock.now());
    // Two in the same microsecond: the id breaks the tie.
    for (let index = 0; index < 7; index++) await notifyUsers(database.db, { now: new Date(start.getTime() + Math.min(index, 5) * 1000) }, [reader.id], message());
    const all = (await readNotificationsPage(database.db, reader.id, {}, 100)).rows.map((row) => row.id);
    expect(all).toHaveLength(7);
    const forward: string[] = [];
    let page = await readNotificationsPage(database.db, reader.id, {}, 3);
    expect(page).toMatchObject({ total: { n: 7, more: false }, unread: { n: 7, more: false }, previous: null });
    forward.push(...page.rows.map((row) => row.id));
    while (page.next) {
      page = await readNotificationsPage(database.db, reader.id, { after: page.next }, 3);
      forward.push(...page.rows.map((row) => row.id));
    }
    expect(forward).toEqual(all);
    const back: string[][] = [];
    while (page.previous) {
      page = await readNotificationsPage(database.db, reader.id, { before: page.previous }, 3);
      back.unshift(page.rows.map((row) => row.id));
    }
    expect(back.flat()).toEqual(all.slice(0, 6));
    expect((await unreadNotificationCount(database.db, reader.id, 5))).toEqual({ n: 5, more: true });
  });
});
