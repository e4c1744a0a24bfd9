import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notifications, outboundMails } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { createMailSendJob } from '@/lib/jobs/definitions/mail-send';
import { startJobs, type JobRunner } from '@/lib/jobs/runner';
import { assignApplication } from '@/lib/services/reviews/claim';
import { declareConflict } from '@/lib/services/reviews/conflicts';
import type { ServiceContext } from '@/lib/services/context';
import { ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { submittedApplication } from './reviews-fixtures';

// No SMTP: mails stay queued, so the test sees exactly what was written and which jobs were queued.
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

type User = Awaited<ReturnType<typeof seedUser>>;
const ctxFor = (user: User): ServiceContext => ({ db: database.db, clock, jobs: runner, actor: actorOf(user) });
const notificationsOf = (user: User) => database.db.select().from(notifications).where(eq(notifications.recipientId, user.id));
const mailsTo = (user: User) => database.db.select().from(outboundMails).where(eq(outboundMails.toAddress, user.email));
async function mailJobsFor(mailIds: string[]) {
  const jobs = await runner.boss.findJobs<{ mailId: string }>(mailSendJob.name);
  return jobs.filter((job) => mailIds.includes(job.data.mailId));
}

describe(`assignment notifies the assignee (${testDriver})`, () => {
  it('[ADMIN→REVIEWER] the assigned reviewer gets a notification and a mail naming the site, organization and program', async () => {
    const { application, site } = await submittedApplication(database.db, 'Assigned Garden Tools Ltd');
    const admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
    const rita = await seedUser(database.db, { role: 'reviewer' });
    const bystander = await seedUser(database.db, { role: 'reviewer' });

    await assignApplication({ ctx: ctxFor(admin), input: { applicationId: application.id, reviewerId: rita.id } });

    const [note, ...more] = await notificationsOf(rita);
    expect(more).toEqual([]);
    expect(note).toMatchObject({ kind: 'application.assigned', subject: `Assigned to you: ${site.domain} for review`, link: `/review/applications/${application.id}`, readAt: null });
    expect(note!.body).toBe(`Ada Admin assigned you the application of ${site.domain} (Assigned Garden Tools Ltd) for the Privacy Seal. Assess it criterion by criterion, then request changes, reject or approve it.`);
    const mails = await mailsTo(rita);
    expect(mails).toEqual([expect.objectContaining({ notificationId: note!.id, subject: note!.subject, status: 'queued' })]);
    expect(mails[0]!.body).toContain(`/review/applications/${application.id}`);
    expect(await mailJobsFor(mails.map((mail) => mail.id))).toHaveLength(1);
    expect(await notificationsOf(bystander)).toEqual([]);
    expect(await notificationsOf(admin)).toEqual([]);
  });

  it('a reassignment tells the new reviewer; assigning to oneself or to the current assignee tells nobody', async () => {
    const { application } = await submittedApplication(database.db);
    const admin = await seedUser(database.db, { role: 'admin' });
    const [first, second] = [await seedUser(database.db, { role: 'reviewer' }), await seedUser(database.db, { role: 'reviewer' })];
    await assignApplication({ ctx: ctxFor(admin), input: { applicationId: application.id, reviewerId: first.id } });
    await assignApplication({ ctx: ctxFor(admin), input: { applicationId: application.id, reviewerId: first.id } });
    await assignApplication({ ctx: ctxFor(admin), input: { applicationId: application.id, reviewerId: second.id } });
    await assignApplication({ ctx: ctxFor(admin), input: { applicationId: application.id, reviewerId: admin.id } });
    expect(await notificationsOf(first)).toHaveLength(1);
    expect(await notificationsOf(second)).toHaveLength(1);
    expect(await notificationsOf(admin)).toEqual([]);
  });

  it('a refused assignment (the reviewer declared a conflict) leaves no notification and no mail', async () => {
    const { application, organization } = await submittedApplication(database.db, 'Refused Assignment Ltd');
    const admin = await seedUser(database.db, { role: 'admin' });
    const rita = await seedUser(database.db, { role: 'reviewer' });
    await declareConflict({ ctx: ctxFor(rita), input: { organizationId: organization.id, reason: 'I consult for them.' } });
    await rejectionOf(assignApplication({ ctx: ctxFor(admin), input: { applicationId: application.id, reviewerId: rita.id } }), ValidationError);
    expect(await notificationsOf(rita)).toEqual([]);
    expect(await mailsTo(rita)).toEqual([]);
  });
});
