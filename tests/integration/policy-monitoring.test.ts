import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { migrationsFolder } from '@/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, complaints, notifications, policyChanges, policyMonitors, programs } from '@/db/schema';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { normalizePolicyText, policySha256 } from '@/lib/policies/capture';
import { checkDuePolicies, POLICY_CHECK_LIMITS } from '@/lib/services/policies/check-policies';
import { checkOffsetMs } from '@/lib/services/policies/watch-policy';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * The policy monitor (issue #16) against a real web server whose policy the test edits between
 * runs: unchanged, an editorial change, a material change (a new paragraph selling customer lists
 * in a bankruptcy), and the policy removed for three days. The clock is the test's.
 */

const CERTIFIED = normalizePolicyText(`Privacy policy of Toy Shop Ltd

Welcome
This policy explains how Toy Shop Ltd handles the personal data of the people who buy toys from us.

What we collect
We collect your name, your postal address and your email address when you place an order.

Sharing
We never share, sell or rent your personal data to anyone, and we only use it to deliver your orders.

Contact
Write to privacy@toyshop.example with any question or complaint about your data.`);

const HOUR = 60 * 60 * 1000;
let database: TestDatabase;
let server: TestHttpServer;
let served: { status: number; body: string } = { status: 200, body: CERTIFIED };
const net: NetPolicy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'] };
const T0 = new Date('2026-03-01T00:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

let sealId: string;
let organizationId: string;

beforeAll(async () => {
  database = await freshDatabase();
  server = await startHttpServer((request, response) => {
    response.writeHead(request.url === '/privacy' ? served.status : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(request.url === '/privacy' && served.status === 200 ? served.body : 'Not found');
  });
  const programId = (await seedDefaultProgram(database.db)).id;
  const reviewer = await seedUser(database.db, { role: 'reviewer' });
  const url = `http://127.0.0.1:${server.port}/privacy`;
  const held = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: T0, policy: { url, text: CERTIFIED, sha256: policySha256(CERTIFIED) } });
  sealId = held.seal.id;
  organizationId = held.organization.id;
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const monitor = async () => (await database.db.select().from(policyMonitors).where(eq(policyMonitors.sealId, sealId)))[0]!;
const run = (hours: number) => checkDuePolicies(database.db, { now: at(hours), net });
const changes = () => database.db.select().from(policyChanges).where(eq(policyChanges.sealId, sealId)).orderBy(policyChanges.fetchedAt);
const monitorComplaints = () => database.db.select().from(complaints).where(and(eq(complaints.sealId, sealId), eq(complaints.source, 'monitor'))).orderBy(complaints.createdAt);
const holderNotices = (kind: string) => database.db.select().from(notifications).where(eq(notifications.kind, kind));

describe(`the policy monitor (${testDriver})`, () => {
  it('watches a seal certified on a fetched policy from its issue, first checking it at its place in the day', async () => {
    const watched = await monitor();
    expect(watched).toMatchObject({ url: `http://127.0.0.1:${server.port}/privacy`, host: '127.0.0.1', certifiedSha256: policySha256(CERTIFIED), lastCheckedAt: null });
    expect(watched.nextCheckAt).toEqual(new Date(T0.getTime() + checkOffsetMs(sealId, 24)));
    expect(watched.nextCheckAt.getTime() - T0.getTime()).toBeLessThan(24 * HOUR);
    // Spread: a hundred seals fall all over the day, not on one hour.
    const hours = new Set(Array.from({ length: 100 }, (_, n) => Math.floor(checkOffsetMs(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, 24) / HOUR)));
    expect(hours.size).toBeGreaterThan(15);
  });

  it('records an unchanged policy on the watch only, and checks again a day later, not before', async () => {
    expect(await run(25)).toEqual([{ sealId, outcome: 'unchanged' }]);
    expect(await monitor()).toMatchObject({ lastOutcome: 'unchanged', lastCheckedAt: at(25), nextCheckAt: at(49), failedChecks: 0 });
    expect(await changes()).toEqual([]);
    expect(await run(26)).toEqual([]);
    expect(server.requests.filter((request) => request.path === '/privacy')).toHaveLength(1);
  });

  it('finds an editorial change, keeps its snapshot and word diff, tells the holder, and opens no complaint', async () => {
    served = { status: 200, body: CERTIFIED.replace('of the people who buy toys from us', 'of the people who buy our toys') };
    expect(await run(49)).toEqual([{ sealId, outcome: 'changed', classification: 'editorial', complaint: undefined }]);
    const [change] = await changes();
    expect(change).toMatchObject({ classification: 'editorial', state: 'open', sha256: policySha256(served.body), certifiedSha256: policySha256(CERTIFIED), matches: [], ruleSetVersion: 1, complaintId: null });
    expect(change!.diff.filter((part) => part.removed).map((part) => part.value.trim())).toEqual(['toys from us']);
    expect(change!.diff.filter((part) => part.added).map((part) => part.value.trim())).toEqual(['our toys']);
    expect(change!.diff.filter((part) => !part.added).map((part) => part.value).join('')).toBe(CERTIFIED);
    expect(change!.diff.filter((part) => !part.removed).map((part) => part.value).join('')).toBe(served.body);
    expect(await monitorComplaints()).toEqual([]);
    const [notice] = await holderNotices('policy.changed');
    expect(notice!.body).toContain('looks editorial');

    // Read again the next day, the same text: nothing new.
    expect(await run(73)).toEqual([{ sealId, outcome: 'still-changed', classification: 'editorial' }]);
    expect(await changes()).toHaveLength(1);
  });

  it('finds a material change — a new paragraph selling customer lists in a bankruptcy — and opens a fast-track monitor complaint with the passage', async () => {
    served = { status: 200, body: CERTIFIED.replace('Contact\n', 'If Toy Shop Ltd goes bankrupt, we may sell customer lists to the highest bidder.\n\nContact\n') };
    const [outcome] = await run(97);
    expect(outcome).toMatchObject({ sealId, outcome: 'changed', classification: 'material' });
    const change = (await changes())[1]!;
    expect(change.classification).toBe('material');
    // The paragraph went in at the end of the section headed "Sharing": third parties too.
    expect(change.matches.map((match) => match.rule)).toEqual(['sale_or_transfer', 'change_of_control', 'third_parties']);
    expect(change.matches[0]!.words).toEqual(['sell', 'customer list']);
    expect(change.matches[0]!.passage).toContain('Added under “Sharing”: If Toy Shop Ltd goes bankrupt, we may sell customer lists');
    const [complaint] = await monitorComplaints();
    expect(complaint).toMatchObject({ id: change.complaintId, reference: outcome!.complaint, category: 'data_sale', fastTrack: true, organizationId, status: 'new' });
    expect(complaint!.description).toContain('Sale or transfer of personal data (sell, customer list)');
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'policy.change-found'), eq(auditEvents.entityId, sealId))).orderBy(auditEvents.occurredAt).offset(1);
    expect(audit!.after).toMatchObject({ classification: 'material', rules: ['sale_or_transfer', 'change_of_control', 'third_parties'], complaint: complaint!.reference });
    expect((await holderNotices('policy.changed')).map((notice) => notice.body).join('\n')).toContain(`complaint ${complaint!.reference}`);
  });

  it('turns a policy that cannot be read for three days in a row into one complaint, and starts counting again once it is back', async () => {
    served = { status: 404, body: '' };
    for (const hours of [121, 145, 169]) expect(await run(hours)).toEqual([{ sealId, outcome: 'unreachable', complaint: undefined }]);
    expect(await monitor()).toMatchObject({ failingSince: at(121), failedChecks: 3, lastOutcome: 'unreachable' });
    expect(await monitorComplaints()).toHaveLength(1);
    const [fourth] = await run(193);
    expect(fourth).toMatchObject({ outcome: 'unreachable', complaint: expect.stringMatching(/^C-/) });
    const opened = (await monitorComplaints())[1]!;
    expect(opened).toMatchObject({ reference: fourth!.complaint, category: 'other', fastTrack: false });
    expect(opened.description).toContain('could not be read');
    expect(opened.description).toContain('4 checks in a row');
    expect(await holderNotices('policy.unreachable')).toHaveLength(2); // the holder's owner and member, once
    // Still down the next day: the same run of failures, no second complaint.
    await run(217);
    expect(await monitorComplaints()).toHaveLength(2);
    // Back (with the material text still there): counted afresh.
    served = { status: 200, body: CERTIFIED };
    expect(await run(241)).toEqual([{ sealId, outcome: 'unchanged' }]);
    expect(await monitor()).toMatchObject({ failingSince: null, failedChecks: 0, unreachableComplaintId: null });
  });

  it('fetches one host at most once a minute, and checks on the program’s interval', async () => {
    await database.db.update(programs).set({ policyCheckIntervalHours: 12 });
    const programId = (await seedDefaultProgram(database.db)).id;
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const policy = { url: `http://127.0.0.1:${server.port}/privacy`, text: CERTIFIED, sha256: policySha256(CERTIFIED) };
    const second = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: at(240), policy });
    // Both due now: the first seal's check and the new one's.
    await database.db.update(policyMonitors).set({ nextCheckAt: at(250) });
    const now = at(260);
    const first = await checkDuePolicies(database.db, { now, net });
    expect(first).toHaveLength(1);
    expect(await checkDuePolicies(database.db, { now: new Date(now.getTime() + 30_000), net })).toEqual([]);
    const later = await checkDuePolicies(database.db, { now: new Date(now.getTime() + POLICY_CHECK_LIMITS.hostEveryMs + 1), net });
    expect(later).toHaveLength(1);
    expect(new Set([...first, ...later].map((outcome) => outcome.sealId))).toEqual(new Set([sealId, second.seal.id]));
    const [watched] = await database.db.select().from(policyMonitors).where(eq(policyMonitors.sealId, second.seal.id));
    expect(watched!.nextCheckAt.getTime() - watched!.lastCheckedAt!.getTime()).toBe(12 * HOUR);
  });
});

describe(`migration 0033 watches the seals certified before it (${testDriver})`, () => {
  it('starts a watch for each live seal whose policy was fetched from its address, at its place in the day, and for no other', async () => {
    const { db } = database;
    const programId = (await seedDefaultProgram(db)).id;
    const reviewer = await seedUser(db, { role: 'reviewer' });
    const url = `https://shop-${Date.now()}.example/privacy`;
    const fetched = await seedIssuedSeal(db, { programId, reviewerId: reviewer.id, policy: { url, text: CERTIFIED, sha256: policySha256(CERTIFIED) } });
    const pasted = await seedIssuedSeal(db, { programId, reviewerId: reviewer.id });
    // As before the migration: no watch at all.
    await db.delete(policyMonitors).where(inArray(policyMonitors.sealId, [fetched.seal.id, pasted.seal.id]));
    const statements = fs.readFileSync(path.join(migrationsFolder, '0033_policy-monitoring.sql'), 'utf8').split('--> statement-breakpoint');
    const backfill = statements.find((statement) => statement.includes('INSERT INTO "policy_monitors"'))!;
    await db.execute(sql.raw(backfill.replace('WHERE a."policy_source"', `WHERE s."id" IN ('${fetched.seal.id}', '${pasted.seal.id}') AND a."policy_source"`)));
    const watched = await db.select().from(policyMonitors).where(inArray(policyMonitors.sealId, [fetched.seal.id, pasted.seal.id]));
    expect(watched.map((row) => [row.sealId, row.url, row.host, row.certifiedSha256])).toEqual([[fetched.seal.id, url, new URL(url).hostname, policySha256(CERTIFIED)]]);
    const offset = watched[0]!.nextCheckAt.getTime() - watched[0]!.updatedAt.getTime();
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(12 * HOUR); // the program's interval, set to 12 hours above
  });
});
