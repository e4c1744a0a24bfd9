import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, notifications, outboundMails, users } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { deferredDates } from '@/lib/format/dates';
import { notifyEachOrganization, notifyUsers, sendMail } from '@/lib/notifications/notify';
import { changeTimeZone } from '@/lib/services/users/change-time-zone';
import { UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { loadActor } from '@/lib/auth/actor';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { contextFor, seedUser } from '../helpers/factories';
import { rejectionOf } from '../helpers/errors';
import { seedOrganization } from '../helpers/portal-factories';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const clock = createTestClock(new Date('2026-12-06T10:00:00Z'));
const as = async (userId: string) => contextFor(database.db, await loadActor(database.db, userId), clock);
const setting = async (userId: string) => (await database.db.select({ timeZone: users.timeZone, chosen: users.timeZoneChosen }).from(users).where(eq(users.id, userId)))[0]!;

// 16 December 2026, 23:59:59 UTC: already the 17th in Berlin.
const deadline = new Date('2026-12-16T23:59:59Z');

describe(`each user's time zone (${testDriver})`, () => {
  it('takes the browser’s zone until the user picks one, keeps the pick, and can follow the browser again', async () => {
    const user = await seedUser(database.db);
    expect(await setting(user.id)).toEqual({ timeZone: null, chosen: false });

    expect(await changeTimeZone({ ctx: await as(user.id), input: { source: 'browser', timeZone: 'Europe/Berlin' } })).toMatchObject({ timeZone: 'Europe/Berlin', chosen: false, changed: true });
    expect((await loadActor(database.db, user.id))?.timeZone).toBe('Europe/Berlin');

    await changeTimeZone({ ctx: await as(user.id), input: { source: 'account', timeZone: 'America/New_York' } });
    expect(await setting(user.id)).toEqual({ timeZone: 'America/New_York', chosen: true });
    // Travelling with a laptop set to Tokyo does not undo the choice.
    expect(await changeTimeZone({ ctx: await as(user.id), input: { source: 'browser', timeZone: 'Asia/Tokyo' } })).toMatchObject({ timeZone: 'America/New_York', changed: false });

    await changeTimeZone({ ctx: await as(user.id), input: { source: 'account', timeZone: 'browser' } });
    expect(await setting(user.id)).toEqual({ timeZone: 'America/New_York', chosen: false });
    await changeTimeZone({ ctx: await as(user.id), input: { source: 'browser', timeZone: 'Asia/Tokyo' } });
    expect(await setting(user.id)).toEqual({ timeZone: 'Asia/Tokyo', chosen: false });

    const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, user.id), eq(auditEvents.action, 'user.change-time-zone')));
    expect(events.map((event) => event.after)).toEqual([
      { timeZone: 'Europe/Berlin', timeZoneChosen: false, source: 'browser' },
      { timeZone: 'America/New_York', timeZoneChosen: true, source: 'account' },
      { timeZone: 'America/New_York', timeZoneChosen: false, source: 'account' },
      { timeZone: 'Asia/Tokyo', timeZoneChosen: false, source: 'browser' },
    ]);
  });

  it('refuses a zone that does not exist, with a message for the field, and a caller without an account', async () => {
    const user = await seedUser(database.db);
    const refused = await rejectionOf(changeTimeZone({ ctx: await as(user.id), input: { source: 'account', timeZone: 'Nowhere/Atlantis' } }), ValidationError);
    expect(refused.fieldErrors.timeZone).toEqual(['Choose a time zone from the list, like Europe/Berlin.']);
    expect(await setting(user.id)).toEqual({ timeZone: null, chosen: false });
    await rejectionOf(changeTimeZone({ ctx: contextFor(database.db, null, clock), input: { source: 'browser', timeZone: 'UTC' } }), UnauthenticatedError);
  });

  it('writes each recipient’s notification and mail in their own zone', async () => {
    const [berlin, plain] = await Promise.all([seedUser(database.db, { timeZone: 'Europe/Berlin' }), seedUser(database.db)]);
    await notifyUsers(database.db, { now: new Date(clock.now()) }, [berlin.id, plain.id], {
      kind: 'case.notice',
      subject: `Please respond by ${deferredDates.date(deadline)}`,
      body: `Your response is due by ${deferredDates.dateTime(deadline)}.`,
    });
    const stored = await database.db.select().from(notifications).where(inArray(notifications.recipientId, [berlin.id, plain.id]));
    const of = (id: string) => stored.find((row) => row.recipientId === id)!;
    expect(of(berlin.id)).toMatchObject({ subject: 'Please respond by 17 December 2026', body: 'Your response is due by 17 December 2026, 00:59 CET.' });
    expect(of(plain.id)).toMatchObject({ subject: 'Please respond by 16 December 2026', body: 'Your response is due by 16 December 2026, 23:59 UTC.' });
    const mails = await database.db.select().from(outboundMails).where(inArray(outboundMails.toAddress, [berlin.email, plain.email]));
    expect(mails.find((mail) => mail.toAddress === berlin.email)!.body).toContain('Your response is due by 17 December 2026, 00:59 CET.');
    expect(mails.find((mail) => mail.toAddress === plain.email)!.body).toContain('Your response is due by 16 December 2026, 23:59 UTC.');
  });

  it('writes a batch job’s messages in each member’s zone, one notification each', async () => {
    const [owner, member] = await Promise.all([seedUser(database.db, { timeZone: 'America/Los_Angeles' }), seedUser(database.db, { timeZone: 'Asia/Tokyo' })]);
    const organization = await seedOrganization(database.db, owner, [member]);
    await notifyEachOrganization(database.db, { now: new Date(clock.now()) }, [
      { organizationId: organization.id, message: { kind: 'seal.expiry-reminder', subject: 'Your seal expires soon', body: `It expires on ${deferredDates.dateTime(deadline)}.` } },
    ]);
    const stored = await database.db.select().from(notifications).where(inArray(notifications.recipientId, [owner.id, member.id]));
    expect(stored.map((row) => [row.recipientId, row.body]).sort()).toEqual(
      [
        [owner.id, 'It expires on 16 December 2026, 15:59 GMT-8.'],
        [member.id, 'It expires on 17 December 2026, 08:59 GMT+9.'],
      ].sort(),
    );
    const mails = await database.db.select().from(outboundMails).where(inArray(outboundMails.toAddress, [owner.email, member.email]));
    expect(mails).toHaveLength(2);
    expect(mails.find((mail) => mail.toAddress === member.email)!.body).toContain('17 December 2026, 08:59 GMT+9');
  });

  it('mails an address with an account in the account’s zone, and anyone else in UTC', async () => {
    const account = await seedUser(database.db, { timeZone: 'Europe/Berlin' });
    const body = `The invitation works until ${deferredDates.dateTime(deadline)}.`;
    await sendMail(database.db, { now: new Date(clock.now()) }, { to: account.email.toUpperCase(), subject: 'Invitation', body });
    await sendMail(database.db, { now: new Date(clock.now()) }, { to: 'stranger@example.test', subject: 'Invitation', body });
    const mails = await database.db.select().from(outboundMails).where(inArray(outboundMails.toAddress, [account.email.toUpperCase(), 'stranger@example.test']));
    expect(mails.find((mail) => mail.toAddress === 'stranger@example.test')!.body).toBe('The invitation works until 16 December 2026, 23:59 UTC.');
    expect(mails.find((mail) => mail.toAddress !== 'stranger@example.test')!.body).toBe('The invitation works until 17 December 2026, 00:59 CET.');
  });
});
