import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { auditEvents, memberships, organizations, users } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { demoDataExists, formatDemoLogins, seedDemoData, type DemoLogin } from '@/lib/demo/seed-demo';
import { authenticate } from '@/lib/services/users/authenticate';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { contextFor } from '../helpers/factories';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { applications, sites, applicationVerdicts, seals, sealDomains, notifications } from '@/db/schema';
import { asc } from 'drizzle-orm';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { RENEWAL_WINDOW_DAYS, DAY_MS } from '@/lib/seals/validity';
import { loadVerification } from '@/lib/public-status/verification-queries';
import { listDirectory } from '@/lib/public-status/directory-queries';
import { caseDecisions, caseMessages, cases, changeOfControlChecks, changeOfControlDeclarations, complaints } from '@/db/schema';
import { loadActor } from '@/lib/auth/actor';
import { listCasesForReview } from '@/lib/services/cases/list-cases';
import { readCaseForSite } from '@/lib/services/cases/read-case-for-site';

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
    const notMet = await database.db.select().from(applicationVerdicts).where(eq(applicationVerdicts.verdict, 'does_not_meet'));
    expect(notMet.map((verdict) => verdict.criterionCode).sort()).toEqual(['change-of-control', 'data-retention']);
    const unproven = await database.db.select().from(sites).where(isNull(sites.verifiedAt));
    expect(unproven.map((site) => site.domain)).toEqual(['toysmart-outlet.example']);
  });

  /** Every demo seal as a visitor and an admin see it: status, domains, public history (oldest first) and audit trail. */
  async function demoSeals() {
    const now = new Date();
    const rows = await database.db.select({ seal: seals, holder: organizations.legalName }).from(seals).innerJoin(organizations, eq(organizations.id, seals.organizationId));
    return Promise.all(
      rows.map(async ({ seal, holder }) => {
        const verification = (await loadVerification(database.db, seal.publicId, now, 'https://openseal.example'))!;
        const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'seal'), eq(auditEvents.entityId, seal.id))).orderBy(asc(auditEvents.occurredAt));
        const domains = await database.db.select({ domain: sealDomains.domain }).from(sealDomains).where(eq(sealDomains.sealId, seal.id));
        return { seal, holder, now, status: effectiveStatus(seal, now), document: verification.document, history: [...verification.history].reverse(), audit, domains: domains.map((row) => row.domain).sort() };
      }),
    );
  }

  it('keeps Toysmart’s seal for toysmart.example active, as the acceptance story begins', async () => {
    const toysmart = (await demoSeals()).filter((entry) => entry.domains.includes('toysmart.example'));
    expect(toysmart).toHaveLength(1);
    expect(toysmart[0]).toMatchObject({ holder: 'Toysmart.com, Inc.', status: 'active', domains: ['toysmart.example'] });
    expect(toysmart[0]!.history.map((event) => event.type)).toEqual(['issued']);
  });

  it('shows a seal in every state, each with the public history and audit trail that led there', async () => {
    const all = await demoSeals();
    expect(new Set(all.map((entry) => entry.status))).toEqual(new Set(['active', 'suspended', 'revoked', 'expired']));
    for (const entry of all) {
      // What the API and the verification page say agrees with the stored seal.
      expect(entry.document.status).toBe(entry.status);
      const types = entry.history.map((event) => event.type);
      expect(types[0]).toBe('issued');
      expect(entry.history[0]!.occurredAt).toEqual(entry.seal.issuedAt);
      expect(entry.history.every((event) => !event.pending && event.occurredAt.getTime() <= entry.now.getTime())).toBe(true);
      expect(entry.history.at(-1)!.status).toBe(entry.status);
      // One audit row per public event, in the same order, as the verbs write them.
      const expectedActions = types.map((type) => ({ issued: 'seal.issue', suspended: 'seal.suspend', revoked: 'seal.revoke', expired: 'seal.expire' })[type as string]);
      expect(entry.audit.filter((row) => row.action !== 'seal.expiry-reminder').map((row) => row.action)).toEqual(expectedActions);
    }

    const suspended = all.filter((entry) => entry.status === 'suspended');
    expect(suspended.map((entry) => entry.history.map((event) => event.type))).toEqual([['issued', 'suspended']]);
    expect(suspended[0]!.document.reason).toBeTruthy();
    expect(suspended[0]!.history.at(-1)!.reason).toBe(suspended[0]!.document.reason);
    expect(suspended[0]!.seal.reinstatementRequirements).toBeTruthy();

    const revoked = all.filter((entry) => entry.status === 'revoked');
    expect(revoked.map((entry) => entry.history.map((event) => event.type))).toEqual([['issued', 'suspended', 'revoked']]);
    expect(revoked[0]!.seal.revocationReason).toBe('privacy_violation');
    expect(revoked[0]!.history.at(-1)!.reason).toContain(revoked[0]!.document.reason!);
    const [revokedBy] = await database.db.select({ role: users.role }).from(users).where(eq(users.id, revoked[0]!.audit.at(-1)!.actorId!));
    expect(revokedBy?.role).toBe('admin');
    // Four eyes: the reviewer proposed it on an authority case, the admin confirmed; the case is closed.
    const [authorityCase] = await database.db.select().from(cases).where(eq(cases.sealId, revoked[0]!.seal.id));
    expect(authorityCase).toMatchObject({ kind: 'authority', status: 'closed' });

    const expired = all.filter((entry) => entry.status === 'expired');
    expect(expired.map((entry) => entry.history.map((event) => event.type))).toEqual([['issued', 'expired']]);
    expect(expired[0]!.seal.status).toBe('expired'); // recorded, not only past its date
    expect(expired[0]!.history.at(-1)!.occurredAt).toEqual(expired[0]!.seal.expiresAt);
    expect(expired[0]!.audit.at(-1)!.actorId).toBeNull();
  });

  it('has an active seal inside the renewal window, and one covering two domains', async () => {
    const active = (await demoSeals()).filter((entry) => entry.status === 'active');
    const expiring = active.filter((entry) => entry.seal.expiresAt.getTime() - entry.now.getTime() < RENEWAL_WINDOW_DAYS * DAY_MS);
    expect(expiring.map((entry) => entry.domains)).toEqual([['lumen-labs.example']]);
    expect(active.some((entry) => entry.domains.length === 2)).toBe(true);
  });

  it('lists the suspended, revoked and expired seals in the directory, and tells their holders', async () => {
    const all = await demoSeals();
    const directory = await listDirectory(database.db, { q: '' }, new Date(), 100);
    const listed = new Map(directory.entries.map((entry) => [entry.sealId, entry.status]));
    for (const entry of all) expect(listed.get(entry.seal.publicId)).toBe(entry.status);

    for (const entry of all.filter((seal) => seal.status !== 'active')) {
      const [owner] = await database.db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.organizationId, entry.seal.organizationId));
      const told = await database.db.select({ subject: notifications.subject }).from(notifications).where(eq(notifications.recipientId, owner!.id));
      const headline = { suspended: 'is suspended', revoked: 'is revoked', expired: 'has expired' }[entry.status as 'suspended' | 'revoked' | 'expired'];
      expect(told.map((row) => row.subject)).toContain(`Your seal ${entry.seal.publicId} ${headline}`);
    }
  });

  /** Every demo case with its organization, messages (oldest first) and decisions, keyed by the organization's name. */
  async function demoCases() {
    // The authority's own cases (the demo revocation, proposed and confirmed by two people) are not demo case stories.
    const rows = await database.db
      .select({ caseRow: cases, organization: organizations.legalName })
      .from(cases)
      .innerJoin(organizations, eq(organizations.id, cases.organizationId))
      .where(ne(cases.kind, 'authority'));
    const byOrganization = new Map<string, { caseRow: typeof cases.$inferSelect; messages: Array<typeof caseMessages.$inferSelect>; decisions: Array<typeof caseDecisions.$inferSelect> }>();
    for (const { caseRow, organization } of rows) {
      const messages = await database.db.select().from(caseMessages).where(eq(caseMessages.caseId, caseRow.id)).orderBy(asc(caseMessages.createdAt));
      const decisions = await database.db.select().from(caseDecisions).where(eq(caseDecisions.caseId, caseRow.id));
      expect(byOrganization.has(organization), `one demo case per organization (${organization})`).toBe(false);
      byOrganization.set(organization, { caseRow, messages, decisions });
    }
    return byOrganization;
  }

  const kindsOf = (messages: Array<{ audience: string; kind: string }>) => messages.map((message) => `${message.audience}:${message.kind}`);

  it('gives the reviewers cases in every working state, none about Toysmart, whose story starts without one', async () => {
    const all = await demoCases();
    const now = new Date();
    expect([...all.keys()].sort()).toEqual(['Granite Garden BV', 'Harbor Health Supplies Inc.', 'Lumen Labs Ltd', 'Old Mill Crafts Ltd', 'Saltmarsh Press Ltd']);
    const toysmartSeals = await database.db.select({ id: seals.id }).from(seals).innerJoin(organizations, eq(organizations.id, seals.organizationId)).where(eq(organizations.legalName, 'Toysmart.com, Inc.'));
    expect([...all.values()].filter(({ caseRow }) => toysmartSeals.some((seal) => seal.id === caseRow.sealId))).toEqual([]);

    // Awaiting the site: the notice sets a deadline still ahead; the internal note is the reviewers' only.
    const harbor = all.get('Harbor Health Supplies Inc.')!;
    expect(harbor.caseRow).toMatchObject({ kind: 'complaint', status: 'awaiting_site_response', escalationLevel: 0, domain: 'harbor-health.example' });
    expect(harbor.caseRow.responseDueAt!.getTime()).toBeGreaterThan(now.getTime());
    expect(kindsOf(harbor.messages)).toEqual(['site:notice', 'internal:internal_note']);
    expect(harbor.messages[0]!.responseDueAt).toEqual(harbor.caseRow.responseDueAt);

    // Overdue: the deadline passed, the escalation job reminded the site (a message by no one) and stopped at level 1.
    const saltmarsh = all.get('Saltmarsh Press Ltd')!;
    expect(saltmarsh.caseRow).toMatchObject({ status: 'awaiting_site_response', escalationLevel: 1 });
    expect(saltmarsh.caseRow.responseDueAt!.getTime()).toBeLessThan(now.getTime());
    expect(kindsOf(saltmarsh.messages)).toEqual(['site:notice', 'site:reminder']);
    expect(saltmarsh.messages[1]).toMatchObject({ authorId: null });
    expect(saltmarsh.messages[1]!.body).toContain('has not arrived');
    expect(saltmarsh.caseRow.sealId).toBeTruthy(); // the seal a suspension for non-response would concern

    // Decided with a warning the site may still appeal; the seal stays active.
    const lumen = all.get('Lumen Labs Ltd')!;
    expect(lumen.caseRow.status).toBe('decided');
    expect(kindsOf(lumen.messages)).toEqual(['site:notice', 'site:site_response', 'site:decision']);
    expect(lumen.decisions).toHaveLength(1);
    expect(lumen.decisions[0]).toMatchObject({ outcome: 'warning', state: 'in_effect' });
    expect(lumen.decisions[0]!.appealableUntil!.getTime()).toBeGreaterThan(now.getTime());
    const [lumenSeal] = await database.db.select().from(seals).where(eq(seals.id, lumen.caseRow.sealId!));
    expect(effectiveStatus(lumenSeal!, now)).toBe('active');

    // The site responded: in review, no deadline running.
    const granite = all.get('Granite Garden BV')!;
    expect(granite.caseRow).toMatchObject({ status: 'in_review', responseDueAt: null, escalationLevel: 0 });
    expect(kindsOf(granite.messages)).toEqual(['site:notice', 'site:site_response']);

    // Change of control: declared by the owner, on the fast track, the Toysmart checklist half recorded.
    const oldMill = all.get('Old Mill Crafts Ltd')!;
    expect(oldMill.caseRow).toMatchObject({ kind: 'change_of_control', status: 'open', fastTrack: true });
    const [declaration] = await database.db.select().from(changeOfControlDeclarations).where(eq(changeOfControlDeclarations.caseId, oldMill.caseRow.id));
    expect(declaration).toMatchObject({ kind: 'bankruptcy' });
    const checks = await database.db.select().from(changeOfControlChecks).where(eq(changeOfControlChecks.caseId, oldMill.caseRow.id));
    expect(checks).toHaveLength(6);
    const recorded = checks.filter((check) => check.finding !== 'pending');
    expect(recorded.map((check) => check.item).sort()).toEqual(['destroyed_if_no_qualified_buyer', 'no_standalone_sale', 'same_line_of_business']);
    expect(recorded.every((check) => check.evidence.length > 10 && check.recordedById && check.recordedAt)).toBe(true);

    // Each case was opened through the verbs, with its audit trail.
    for (const { caseRow } of all.values()) {
      const opened = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, caseRow.id), eq(auditEvents.action, 'case.open')));
      expect(opened, caseRow.title).toHaveLength(1);
      expect(caseRow.openedAt.getTime()).toBeLessThan(now.getTime());
    }
  });

  it('opens the Harbor case from the demo complaint about it rather than a copy, and leaves new complaints to triage', async () => {
    const rows = await database.db.select().from(complaints);
    const harbor = rows.filter((complaint) => complaint.domain === 'harbor-health.example');
    expect(harbor).toHaveLength(1);
    const [harborCase] = await database.db.select({ id: cases.id }).from(cases).where(eq(cases.domain, 'harbor-health.example'));
    expect(harbor[0]).toMatchObject({ status: 'in_case', caseId: harborCase!.id });
    // Every complaint case has its complaint; the triage queue keeps a complaint a reviewer can open a case from.
    const complaintCases = await database.db.select({ id: cases.id }).from(cases).where(eq(cases.kind, 'complaint'));
    for (const { id } of complaintCases) expect(rows.filter((complaint) => complaint.caseId === id)).toHaveLength(1);
    expect(rows.some((complaint) => complaint.status === 'new' && complaint.organizationId)).toBe(true);
  });

  it('shows the reviewers the overdue case in the overdue view, and the sites only what is theirs to read', async () => {
    const reviewer = contextFor(database.db, await loadActor(database.db, (await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'reviewer@openseal.example')))[0]!.id));
    const { cases: overdue } = await listCasesForReview({ ctx: reviewer, input: { view: 'overdue' } });
    expect(overdue.map((row) => [row.organizationName, row.overdue, row.escalationLevel])).toEqual([['Saltmarsh Press Ltd', true, 1]]);
    const { cases: queue } = await listCasesForReview({ ctx: reviewer, input: {} });
    expect(queue).toHaveLength(5);
    expect(queue[0]!.kind).toBe('change_of_control'); // fast track first

    const all = await demoCases();
    const asOwner = async (email: string, organization: string) => {
      const [owner] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
      return readCaseForSite({ ctx: contextFor(database.db, await loadActor(database.db, owner!.id)), input: { caseRef: all.get(organization)!.caseRow.reference } });
    };
    const harbor = await asOwner('owner@harbor-health.example', 'Harbor Health Supplies Inc.');
    expect(harbor.messages.map((message) => message.kind)).toEqual(['notice']);
    expect(harbor.canRespond).toBe(true);
    expect(JSON.stringify(harbor)).not.toContain(all.get('Harbor Health Supplies Inc.')!.messages[1]!.body);
    const lumen = await asOwner('owner@lumen-labs.example', 'Lumen Labs Ltd');
    expect(lumen.decisions.map((decision) => [decision.outcome, decision.appealable])).toEqual([['warning', true]]);
  });
});
