import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAppeals, caseDecisions, cases, changeOfControlChecks, changeOfControlDeclarations, changeOfControlItems, complaints, type Case } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { escalateOverdueCases } from '@/lib/services/cases/escalate-cases';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { loadOrganizationComplaintRecord } from '@/lib/transparency/organization-complaints';
import { loadRecentSanctions } from '@/lib/transparency/public-front';
import { headlineOf } from '@/lib/transparency/public-report';
import { monthsBetween } from '@/lib/transparency/monthly';
import { loadReport, publicReport, reportCsvRows, reportPeriod } from '@/lib/transparency/report';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * The transparency report's cases and months, a holder's complaint record and the home page's
 * figures, exactly, on a known history across Q1 and Q2 2026 (UTC) with events on each boundary.
 *
 *   K1 complaint case, opened 10 Jan (complaint of 5 Jan): warning 25 Jan; appealed 30 Jan; changed to no violation 2 Apr.
 *   K2 complaint case, opened 1 Feb (complaints of 31 Jan and 3 Feb): revocation proposed 20 Mar, confirmed 1 Apr 00:00.
 *   K3 complaint case, opened 31 Mar 23:59:59 (complaint of the same second): response due 10 Apr, overdue 11 Apr,
 *      escalated 30 May; a revocation proposed and withdrawn in May.
 *   K4 authority case, opened 10 Feb: response due 20 Feb, overdue 21 Feb; suspension 1 Mar.
 *   K5 change of control (bankruptcy), opened 5 May, its checklist partly assessed.
 */

let database: TestDatabase;
let sealPublicId: string;
const at = (iso: string) => new Date(iso);
const TODAY = at('2026-12-06T00:00:00Z');
const Q1 = reportPeriod({ from: '2026-01-01', to: '2026-03-31' }, TODAY);
const Q2 = reportPeriod({ from: '2026-04-01', to: '2026-06-30' }, TODAY);
const NOW = at('2026-07-01T12:00:00Z');

beforeAll(async () => {
  database = await freshDatabase();
  const { db } = database;
  const programId = (await seedDefaultProgram(db)).id;
  const reviewer = await seedUser(db, { role: 'reviewer' });
  const held = await seedIssuedSeal(db, { programId, reviewerId: reviewer.id, issuedAt: at('2025-06-01T00:00:00Z') });
  sealPublicId = held.seal.publicId;
  const organizationId = held.organization.id;

  let number = 0;
  const openCase = async (kind: Case['kind'], openedAt: string, values: Partial<typeof cases.$inferInsert> = {}) => {
    const [row] = await db
      .insert(cases)
      .values({ reference: `K-TEST-000${++number}`, kind, organizationId, sealId: held.seal.id, title: `Case ${number}`, openedAt: at(openedAt), updatedAt: at(openedAt), ...values })
      .returning();
    return row!;
  };
  const complaint = (createdAt: string, values: Partial<typeof complaints.$inferInsert> = {}) =>
    db.insert(complaints).values({
      reference: `C-${crypto.randomBytes(4).toString('hex')}`,
      trackingTokenHash: crypto.randomBytes(32).toString('hex'),
      source: 'public',
      category: 'data_sale',
      organizationId,
      description: 'A complaint for the report test.',
      createdAt: at(createdAt),
      updatedAt: at(createdAt),
      ...values,
    });
  const decide = async (caseId: string, outcome: (typeof caseDecisions.$inferInsert)['outcome'], decidedAt: string, values: Partial<typeof caseDecisions.$inferInsert> = {}) => {
    const [row] = await db
      .insert(caseDecisions)
      .values({ caseId, outcome, state: 'in_effect', reasonForSite: 'Reason.', summaryForComplainant: 'Summary.', decidedById: reviewer.id, decidedAt: at(decidedAt), ...values })
      .returning();
    return row!;
  };

  const k1 = await openCase('complaint', '2026-01-10T00:00:00Z');
  await complaint('2026-01-05T00:00:00Z', { status: 'in_case', caseId: k1.id });
  const warning = await decide(k1.id, 'warning', '2026-01-25T00:00:00Z');
  await db.insert(caseAppeals).values({ caseId: k1.id, decisionId: warning.id, filedById: held.owner.id, grounds: 'We disagree.', filedAt: at('2026-01-30T00:00:00Z') });
  await db.update(caseAppeals).set({ outcome: 'changed', outcomeNote: 'Not upheld.', decidedById: reviewer.id, decidedAt: at('2026-04-02T00:00:00Z') }).where(eq(caseAppeals.decisionId, warning.id));
  await db.update(caseDecisions).set({ state: 'overturned' }).where(eq(caseDecisions.id, warning.id));
  await decide(k1.id, 'no_violation', '2026-04-02T00:00:00Z');

  const k2 = await openCase('complaint', '2026-02-01T00:00:00Z');
  await complaint('2026-01-31T00:00:00Z', { status: 'in_case', caseId: k2.id });
  await complaint('2026-02-03T00:00:00Z', { status: 'in_case', caseId: k2.id });
  await decide(k2.id, 'revocation', '2026-03-20T00:00:00Z', { revocationReason: 'privacy_violation', confirmedById: reviewer.id, confirmedAt: at('2026-04-01T00:00:00Z') });

  const k4 = await openCase('authority', '2026-02-10T00:00:00Z', { status: 'awaiting_site_response', responseDueAt: at('2026-02-20T00:00:00Z') });
  expect(await escalateOverdueCases(db, at('2026-02-21T00:00:00Z'))).toEqual([{ caseId: k4.id, reference: k4.reference, level: 1 }]);
  await db.update(cases).set({ status: 'decided', responseDueAt: null, escalationLevel: 0 }).where(eq(cases.id, k4.id));
  await decide(k4.id, 'suspension', '2026-03-01T00:00:00Z');

  const k3 = await openCase('complaint', '2026-03-31T23:59:59Z', { status: 'awaiting_site_response', responseDueAt: at('2026-04-10T00:00:00Z') });
  await complaint('2026-03-31T23:59:59Z', { status: 'in_case', caseId: k3.id });
  expect(await escalateOverdueCases(db, at('2026-04-11T00:00:00Z'))).toEqual([{ caseId: k3.id, reference: k3.reference, level: 1 }]);
  expect(await escalateOverdueCases(db, at('2026-05-30T00:00:00Z'))).toEqual([{ caseId: k3.id, reference: k3.reference, level: 2 }]);
  await decide(k3.id, 'revocation', '2026-05-31T00:00:00Z', { state: 'withdrawn', revocationReason: 'non_response', withdrawnAt: at('2026-06-01T00:00:00Z') });

  const k5 = await openCase('change_of_control', '2026-05-05T00:00:00Z', { fastTrack: true });
  await db.insert(changeOfControlDeclarations).values({
    caseId: k5.id,
    organizationId,
    kind: 'bankruptcy',
    effectiveOn: '2026-07-01',
    counterparty: 'A buyer',
    description: 'Insolvency.',
    declaredById: held.owner.id,
    declaredAt: at('2026-05-05T00:00:00Z'),
  });
  const findings = { no_standalone_sale: 'failed', same_line_of_business: 'satisfied', customers_notified: 'not_applicable' } as const;
  await db.insert(changeOfControlChecks).values(changeOfControlItems.map((item) => ({ caseId: k5.id, item, finding: item in findings ? findings[item as keyof typeof findings] : ('pending' as const) })));

  // For the holder's record: one dismissed, one waiting for triage, one older than three years.
  await complaint('2026-06-01T00:00:00Z', { status: 'dismissed', dismissalReason: 'spam', dismissedAt: at('2026-06-02T00:00:00Z') });
  await complaint('2026-06-30T00:00:00Z');
  await complaint('2023-06-30T00:00:00Z', { status: 'dismissed', dismissalReason: 'duplicate', dismissedAt: at('2023-07-02T00:00:00Z') });
});
afterAll(async () => {
  await database?.close();
});

const noOutcomes = { no_violation: 0, remedied: 0, warning: 0, corrective_action: 0, suspension: 0, revocation: 0, referral: 0 };

describe(`the transparency report's cases and months (${testDriver})`, () => {
  it('counts each quarter’s cases, decisions (when they took effect), appeals, missed deadlines and changes of control exactly', async () => {
    const q1 = await loadReport(database.db, Q1, NOW);
    expect(q1.cases).toEqual({
      opened: 4,
      openedByKind: { complaint: 3, change_of_control: 0, authority: 1 },
      decisions: 2,
      // The warning counts (it was in effect until the appeal); the revocation proposed in March took effect on 1 April.
      decisionsByOutcome: { ...noOutcomes, warning: 1, suspension: 1 },
      appealsFiled: 1,
      appealsDecided: { stands: 0, changed: 0, reversed: 0 },
      // K1: 5 → 25 January. K4 had no complaint.
      daysFromComplaintToDecision: { median: 20, p90: 20 },
      deadlinesMissed: 1,
      escalatedAfterGracePeriod: 0,
      changeOfControl: {
        opened: 0,
        byKind: { bankruptcy: 0, merger_acquisition: 0, asset_sale: 0, dissolution: 0 },
        checklist: Object.fromEntries(changeOfControlItems.map((item) => [item, { pending: 0, satisfied: 0, failed: 0, not_applicable: 0 }])),
      },
    });

    const q2 = await loadReport(database.db, Q2, NOW);
    expect(q2.cases).toMatchObject({
      opened: 1,
      openedByKind: { complaint: 0, change_of_control: 1, authority: 0 },
      // The decision made on appeal, and the revocation confirmed on Q2's first instant; the withdrawn proposal is not a decision.
      decisions: 2,
      decisionsByOutcome: { ...noOutcomes, no_violation: 1, revocation: 1 },
      appealsFiled: 0,
      appealsDecided: { stands: 0, changed: 1, reversed: 0 },
      // K2: 31 January → 1 April. K1's first decision was in Q1.
      daysFromComplaintToDecision: { median: 60, p90: 60 },
      deadlinesMissed: 1,
      escalatedAfterGracePeriod: 1,
    });
    expect(q2.cases.changeOfControl.byKind).toEqual({ bankruptcy: 1, merger_acquisition: 0, asset_sale: 0, dissolution: 0 });
    expect(q2.cases.changeOfControl.checklist.no_standalone_sale).toEqual({ pending: 0, satisfied: 0, failed: 1, not_applicable: 0 });
    expect(q2.cases.changeOfControl.checklist.same_line_of_business).toEqual({ pending: 0, satisfied: 1, failed: 0, not_applicable: 0 });
    expect(q2.cases.changeOfControl.checklist.customers_notified).toEqual({ pending: 0, satisfied: 0, failed: 0, not_applicable: 1 });
    expect(q2.cases.changeOfControl.checklist.successor_bound_by_policy).toEqual({ pending: 1, satisfied: 0, failed: 0, not_applicable: 0 });
  });

  it('gives the figures month by month, from the first month with anything in the period to its last', async () => {
    const q1 = await loadReport(database.db, Q1, NOW);
    expect(q1.monthly).toEqual([
      { month: '2026-01', complaintsReceived: 2, casesOpened: 1, sealsIssued: 0, sealsSuspended: 0, sealsRevoked: 0, decisionsByOutcome: { ...noOutcomes, warning: 1 } },
      { month: '2026-02', complaintsReceived: 1, casesOpened: 2, sealsIssued: 0, sealsSuspended: 0, sealsRevoked: 0, decisionsByOutcome: noOutcomes },
      { month: '2026-03', complaintsReceived: 1, casesOpened: 1, sealsIssued: 0, sealsSuspended: 0, sealsRevoked: 0, decisionsByOutcome: { ...noOutcomes, suspension: 1 } },
    ]);
    const q2 = await loadReport(database.db, Q2, NOW);
    expect(q2.monthly.map((month) => [month.month, month.complaintsReceived, month.casesOpened, month.decisionsByOutcome.revocation])).toEqual([
      ['2026-04', 0, 0, 1],
      ['2026-05', 0, 1, 0],
      ['2026-06', 2, 0, 0],
    ]);
    // "All time" starts in 2000: the months before the first event (the seal issued in June 2025) are left out.
    const all = await loadReport(database.db, reportPeriod({ from: '2000-01-01', to: '2026-06-30' }, TODAY), NOW);
    expect(all.monthly[0]).toMatchObject({ month: '2023-06', complaintsReceived: 1 });
    expect(all.monthly.find((month) => month.month === '2025-06')).toMatchObject({ sealsIssued: 1 });
    expect(all.monthly).toHaveLength(37);
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('publishes the cases and months through the small-count rule, in JSON and CSV alike', async () => {
    const report = publicReport(await loadReport(database.db, Q2, NOW));
    expect(report.cases.opened).toBeNull();
    expect(report.cases.decisionsByOutcome.referral).toBe(0);
    expect(report.cases.daysFromComplaintToDecision).toEqual({ median: 60, p90: 60 });
    expect(report.monthly[0]).toEqual({ month: '2026-04', complaintsReceived: 0, casesOpened: 0, sealsIssued: 0, sealsSuspended: 0, sealsRevoked: 0, decisionsByOutcome: { ...noOutcomes, no_violation: null, revocation: null } });
    const csv = reportCsvRows(report);
    expect(csv).toContainEqual(['cases', 'decisionsByOutcome.revocation', 'fewer than 5']);
    expect(csv).toContainEqual(['cases', 'changeOfControl.checklist.no_standalone_sale.failed', 'fewer than 5']);
    expect(csv).toContainEqual(['cases', 'daysFromComplaintToDecision.p90', '60']);
    expect(csv).toContainEqual(['monthly', '2026-06.complaintsReceived', 'fewer than 5']);
    expect(csv).toContainEqual(['monthly', '2026-05.decisionsByOutcome.warning', '0']);
  });

  it('writes every figure of the exact report into its CSV cell, through the rule, and no other cell', async () => {
    for (const period of [Q1, Q2]) {
      const exact = await loadReport(database.db, period, NOW);
      const csv = reportCsvRows(publicReport(exact));
      const monthly = Object.fromEntries(exact.monthly.map(({ month, ...figures }) => [month, figures]));
      const at = (section: string, path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], section === 'monthly' ? monthly : exact[section as keyof typeof exact]);
      const cell = (path: string, value: unknown) => {
        if (/\.(median|p90)$/.test(path)) return value === null ? '' : String(value);
        return typeof value === 'number' && value > 0 && value < 5 ? 'fewer than 5' : String(value);
      };
      for (const [section, path, value] of csv) expect([section, path, value]).toEqual([section, path, cell(path, at(section, path))]);
      // Every number of the report has its cell: count the leaves.
      const leaves = (value: unknown): number => (value === null || typeof value !== 'object' ? 1 : Object.values(value).reduce<number>((sum, inner) => sum + leaves(inner), 0));
      const { period: _, monthly: months, ...sections } = exact;
      expect(csv).toHaveLength(leaves(sections) + months.reduce((sum, { month: __, ...figures }) => sum + leaves(figures), 0));
    }
  });
});

describe(`a holder's complaint record and the home page (${testDriver})`, () => {
  it('counts the complaints about the holder in the last three years by how they ended', async () => {
    const record = await loadOrganizationComplaintRecord(database.db, sealPublicId, NOW);
    expect(record.since).toEqual(at('2023-07-01T12:00:00Z'));
    expect(record.received).toBe(6);
    expect(record.endings).toEqual({
      being_reviewed: 1,
      dismissed: 1,
      under_investigation: 1, // K3: its only revocation proposal was withdrawn
      closed_without_decision: 0,
      ...noOutcomes,
      no_violation: 1, // K1, as changed on appeal
      revocation: 2, // K2's two complaints
    });
    const unknown = await loadOrganizationComplaintRecord(database.db, 'OS-0000-0000', NOW);
    expect(unknown.received).toBe(0);
  });

  it('lists the latest sanctions with their public reasons, not a seal its holder gave up, and the headline figures of the last 12 months', async () => {
    const { db } = database;
    const programId = (await seedDefaultProgram(db)).id;
    const reviewer = await seedUser(db, { role: 'reviewer' });
    const suspended = await seedIssuedSeal(db, { programId, reviewerId: reviewer.id, issuedAt: at('2026-06-01T00:00:00Z') });
    const given = await seedIssuedSeal(db, { programId, reviewerId: reviewer.id, issuedAt: at('2026-06-01T00:00:00Z') });
    await suspendSeal({
      ctx: contextFor(db, actorOf(reviewer), createTestClock(at('2026-06-20T00:00:00Z'))),
      input: { sealId: suspended.seal.id, reason: 'Sold its customer list.', reinstatementRequirements: 'Answer the case.' },
    });
    await revokeSeal({ ctx: contextFor(db, actorOf(given.owner), createTestClock(at('2026-06-25T00:00:00Z'))), input: { sealId: given.seal.id, reason: 'no_longer_wanted', statement: 'We close.' } });

    const sanctions = await loadRecentSanctions(db, NOW);
    expect(sanctions).toEqual([
      { type: 'suspended', sealId: suspended.seal.publicId, holder: suspended.organization.legalName, reason: 'Sold its customer list.', occurredAt: at('2026-06-20T00:00:00Z'), statusNow: 'suspended' },
    ]);
    const headline = headlineOf(await loadReport(db, reportPeriod({}, NOW), NOW), NOW);
    expect(headline).toEqual({
      computedAt: NOW,
      period: { from: '2025-07-02', to: '2026-07-01' }, // the report's default: 365 whole days up to today
      certifiedNow: 0, // the first holder's seal expired on 1 June; the new ones are suspended and given up
      complaintsReceived: 6,
      decisions: 4, // warning, suspension (K4), revocation (K2), no violation (K1 on appeal); the withdrawn proposal is not one
      suspended: 1,
      revokedByAuthority: 0, // K2's revocation is a case record here, not a seal event; the holder's own is not a sanction
    });
  });
});
