import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { auditEvents, memberships, organizations, users } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { demoDataExists, formatDemoLogins, seedDemoData, type DemoLogin } from '@/lib/demo/seed-demo';
import { authenticate } from '@/lib/services/users/authenticate';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { contextFor } from '../helpers/factories';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { applications, sites, applicationVerdicts, seals, sealDomains } from '@/db/schema';

let database: TestDatabase;
let logins: DemoLogin[];
let existedBefore: boolean;
beforeAll(async () => {
  database = await freshDatabase();
  await ensureDefaultProgram(database.db, createTestClock()); // as every process does when it opens the database
  existedBefore = await demoDataExists(database.db);
  logins = await seedDemoData(database.db, createTestClock());
});
afterAll(async () => {
  await database?.close();
});

describe(`demo data (${testDriver})`, () => {
  it('is reported missing on a new database and present once seeded', async () => {
    expect(existedBefore).toBe(false);
    expect(await demoDataExists(database.db)).toBe(true);
  });

  it('creates the four demo users, one per role a newcomer needs to see', async () => {
    expect(logins.map(({ role, email }) => ({ role, email }))).toEqual([
      { role: 'admin', email: 'admin@openseal.example' },
      { role: 'reviewer', email: 'reviewer@openseal.example' },
      { role: 'applicant', email: 'owner@toysmart.example' },
      { role: 'applicant', email: 'member@toysmart.example' },
    ]);
    const rows = await database.db.select().from(users).where(and(isNull(users.disabledAt), inArray(users.role, ['admin', 'reviewer'])));
    expect(rows.map((row) => [row.email, row.role]).sort()).toEqual(logins.filter((login) => login.role !== 'applicant').map((login) => [login.email, login.role]).sort());
  });

  it('gives every login a distinct random password that really signs in', async () => {
    expect(new Set(logins.map((login) => login.password)).size).toBe(logins.length);
    for (const login of logins) {
      expect(login.password.length).toBeGreaterThanOrEqual(20);
      const actor = await authenticate({
        ctx: contextFor(database.db, null),
        input: { email: login.email, password: login.password, ipAddress: '198.51.100.40' },
        sleep: async () => {},
      });
      expect(actor).toMatchObject({ email: login.email, role: login.role });
    }
  });

  it('creates Toysmart.com, Inc. with its owner and its member', async () => {
    const [toysmart, ...others] = await database.db.select().from(organizations).where(eq(organizations.legalName, 'Toysmart.com, Inc.'));
    expect(others).toHaveLength(0);
    expect(toysmart).toMatchObject({ country: 'US', website: 'https://toysmart.example' });

    const members = await database.db
      .select({ email: users.email, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, toysmart!.id));
    expect(members.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: 'member@toysmart.example', role: 'member' },
      { email: 'owner@toysmart.example', role: 'owner' },
    ]);
  });

  it('records what it created as system audit events, without passwords', async () => {
    const seeded = await database.db.select({ id: users.id }).from(users);
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.create'), inArray(auditEvents.entityId, seeded.map((user) => user.id))));
    expect(events).toHaveLength(4);
    expect(events.every((event) => event.actorId === null)).toBe(true);
    const serialized = JSON.stringify(events);
    for (const login of logins) expect(serialized).not.toContain(login.password);
    const [organization] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'organization.create'));
    expect(organization?.after).toMatchObject({ legalName: 'Toysmart.com, Inc.' });
  });

  it('prints each login with its password once', () => {
    const printed = formatDemoLogins(logins);
    for (const login of logins) {
      const line = printed.split('\n').find((text) => text.includes(login.email));
      expect(line).toContain(login.password);
    }
  });

  it('gives the portal and the reviewers something in every application state', async () => {
    const rows = await database.db.select({ status: applications.status, domain: sites.domain }).from(applications).innerJoin(sites, eq(sites.id, applications.siteId));
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn']));
    expect(rows.find((row) => row.domain === 'toysmart.example')?.status).toBe('approved');
    const [toysmartSeal] = await database.db.select({ status: seals.status, expiresAt: seals.expiresAt, domain: sealDomains.domain }).from(seals).innerJoin(sealDomains, eq(sealDomains.sealId, seals.id));
    expect(toysmartSeal).toMatchObject({ status: 'active', domain: 'toysmart.example' });
    expect(toysmartSeal!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const notMet = await database.db.select().from(applicationVerdicts).where(eq(applicationVerdicts.verdict, 'does_not_meet'));
    expect(notMet.map((verdict) => verdict.criterionCode).sort()).toEqual(['change-of-control', 'data-retention']);
    const unproven = await database.db.select().from(sites).where(isNull(sites.verifiedAt));
    expect(unproven.map((site) => site.domain)).toEqual(['toysmart-outlet.example']);
  });
});
