import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, cases, complaints, type Application } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { ValidationError } from '@/lib/services/errors';
import { publicCount, publicCountText } from '@/lib/transparency/small-counts';
import { loadReport, publicReport, reportCsvRows, reportPeriod } from '@/lib/transparency/report';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * The transparency report's figures, exactly, on a known history across two quarters of 2026 (UTC),
 * with events on both sides of each boundary: Q1 = 2026-01-01 … 2026-03-31, Q2 = 2026-04-01 … 2026-06-30.
 */

let database: TestDatabase;
const at = (iso: string) => new Date(iso);
const Q1 = reportPeriod({ from: '2026-01-01', to: '2026-03-31' }, at('2026-12-06T00:00:00Z'));
const Q2 = reportPeriod({ from: '2026-04-01', to: '2026-06-30' }, at('2026-12-06T00:00:00Z'));
const NOW = at('2026-07-01T12:00:00Z');

beforeAll(async () => {
  database = await freshDatabase();
  const programId = (await seedDefaultProgram(database.db)).id;
  const reviewer = await seedUser(database.db, { role: 'reviewer' });
  const as = (user: { id: string; email: string; name: string; role: 'reviewer' | 'admin' | 'applicant' }, when: string) => contextFor(database.db, actorOf(user), createTestClock(at(when)));

  // Seals: issued 2025-12-31 23:59 (before Q1), 2026-01-01 00:00 (Q1's first instant), 2026-03-31 23:59:59 (Q1's last second), 2026-04-01 (Q2).
  const issued = [];
  for (const when of ['2025-12-31T23:59:00Z', '2026-01-01T00:00:00Z', '2026-03-31T23:59:59Z', '2026-04-01T00:00:00Z']) {
    issued.push(await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: at(when) }));
  }
  const suspension = { reason: 'Under investigation.', reinstatementRequirements: 'Answer the notice.' };
  // Q1: the first seal suspended and reinstated; Q2: the second given up by its holder, the third suspended.
  await suspendSeal({ ctx: as(reviewer, '2026-02-10T10:00:00Z'), input: { sealId: issued[0]!.seal.id, ...suspension } });
  await reinstateSeal({ ctx: as(reviewer, '2026-02-20T10:00:00Z'), input: { sealId: issued[0]!.seal.id, note: 'Answered.' } });
  await revokeSeal({ ctx: as(issued[1]!.owner, '2026-05-05T10:00:00Z'), input: { sealId: issued[1]!.seal.id, reason: 'no_longer_wanted', statement: 'We close.' } });
  await suspendSeal({ ctx: as(reviewer, '2026-06-30T23:00:00Z'), input: { sealId: issued[2]!.seal.id, ...suspension } });

  // Applications (beside the four approved ones above, which have no submission date): received in Q1,
  // decided in Q1 after 10 and 20 days and in Q2 after 30 days; one withdrawn in Q2.
  const { organization, site, owner } = issued[0]!;
  const version = await getCurrentCriteriaVersion(database.db, programId);
  const application = (values: Partial<Application>) => ({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, createdById: owner.id, ...values });
  await database.db.insert(applications).values([
    application({ status: 'approved', submittedAt: at('2026-01-05T00:00:00Z'), decidedAt: at('2026-01-15T00:00:00Z') }),
    application({ status: 'rejected', submittedAt: at('2026-02-01T00:00:00Z'), decidedAt: at('2026-02-21T00:00:00Z') }),
    application({ status: 'approved', submittedAt: at('2026-03-20T00:00:00Z'), decidedAt: at('2026-04-19T00:00:00Z') }),
    application({ status: 'withdrawn', submittedAt: at('2026-03-01T00:00:00Z'), withdrawnAt: at('2026-04-02T00:00:00Z') }),
    application({ status: 'submitted', submittedAt: at('2026-06-30T23:59:59Z') }),
  ]);

  // Complaints: six in Q1 (five data sales from the public, a regulator's about sharing), one on Q2's first instant.
  const [kase] = await database.db
    .insert(cases)
    .values({ reference: 'K-TEST-0001', kind: 'complaint', organizationId: organization.id, title: 'Data sale', openedAt: at('2026-03-04T00:00:00Z'), updatedAt: at('2026-03-04T00:00:00Z') })
    .returning();
  const complaint = (values: Partial<typeof complaints.$inferInsert>) => ({
    reference: `C-${crypto.randomBytes(4).toString('hex')}`,
    trackingTokenHash: crypto.randomBytes(32).toString('hex'),
    source: 'public' as const,
    category: 'data_sale' as const,
    organizationId: organization.id,
    description: 'A complaint for the report test.',
    createdAt: at('2026-03-01T00:00:00Z'),
    updatedAt: at('2026-03-01T00:00:00Z'),
    ...values,
  });
  await database.db.insert(complaints).values([
    complaint({ createdAt: at('2026-01-01T00:00:00Z'), status: 'dismissed', dismissalReason: 'duplicate', dismissedAt: at('2026-01-03T00:00:00Z') }),
    complaint({ createdAt: at('2026-01-10T00:00:00Z'), status: 'dismissed', dismissalReason: 'spam', dismissedAt: at('2026-01-11T00:00:00Z') }),
    complaint({ createdAt: at('2026-03-01T00:00:00Z'), status: 'in_case', caseId: kase!.id }),
    complaint({ createdAt: at('2026-03-02T00:00:00Z'), status: 'in_case', caseId: kase!.id }),
    complaint({ createdAt: at('2026-03-31T23:59:59Z'), status: 'dismissed', dismissalReason: 'out_of_scope', dismissedAt: at('2026-04-01T00:00:01Z') }),
    complaint({ createdAt: at('2026-03-15T00:00:00Z'), source: 'regulator', category: 'third_party_sharing' }),
    complaint({ createdAt: at('2026-04-01T00:00:00Z') }),
  ]);
});
afterAll(async () => {
  await database?.close();
});

describe(`the transparency report (${testDriver})`, () => {
  it('counts each quarter’s seal events, applications and complaints exactly, on both sides of its boundaries', async () => {
    const q1 = await loadReport(database.db, Q1, NOW);
    expect(q1.period).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(q1.seals).toEqual({
      certifiedNow: 2, // the first and the fourth: the second revoked, the third suspended
      issued: 2,
      renewed: 0,
      expired: 0,
      suspended: 1,
      reinstated: 1,
      revoked: 0,
      revokedByReason: { ceased_operation: 0, no_longer_wanted: 0, non_response: 0, complaint_upheld: 0, misrepresentation: 0, privacy_violation: 0, fraud: 0 },
    });
    // Approved: the applications of the two seals issued in Q1 (the factory records no submission, so
    // they count as decisions but not as received nor in the days) and the one decided on 15 January.
    expect(q1.applications).toEqual({ received: 4, approved: 3, rejected: 1, withdrawn: 0, daysToDecision: { median: 15, p90: 19 } });
    expect(q1.complaints).toEqual({
      received: 6,
      byCategory: { data_sale: 5, third_party_sharing: 1, ignored_opt_out: 0, security_incident: 0, seal_misuse: 0, other: 0 },
      bySource: { public: 5, reviewer: 0, regulator: 1, monitor: 0 },
      dismissed: 2,
      dismissedByReason: { out_of_scope: 0, duplicate: 1, spam: 1, insufficient_information: 0 },
      turnedIntoCases: 2,
      // First actions: 2 days, 1 day, 3 days and 2 days (the case opened on 4 March), and 1 second.
      daysToFirstAction: { median: 2, p90: 2.6 },
    });

    const q2 = await loadReport(database.db, Q2, NOW);
    expect(q2.seals).toMatchObject({ issued: 1, suspended: 1, reinstated: 0, revoked: 1, revokedByReason: expect.objectContaining({ no_longer_wanted: 1 }) });
    expect(q2.applications).toEqual({ received: 1, approved: 2, rejected: 0, withdrawn: 1, daysToDecision: { median: 30, p90: 30 } });
    expect(q2.complaints).toMatchObject({ received: 1, dismissed: 1, dismissedByReason: expect.objectContaining({ out_of_scope: 1 }), turnedIntoCases: 0, daysToFirstAction: { median: null, p90: null } });
  });

  it('withholds counts from 1 to 4 for the public, on the page’s rule, in JSON and CSV alike', async () => {
    expect([0, 1, 4, 5, 12].map(publicCount)).toEqual([0, null, null, 5, 12]);
    expect([0, 3, 5, 1234].map(publicCountText)).toEqual(['0', 'fewer than 5', '5', '1,234']);
    const report = publicReport(await loadReport(database.db, Q1, NOW));
    expect(report.smallCounts).toContain('fewer than 5');
    expect(report.complaints.received).toBe(6);
    expect(report.complaints.byCategory.data_sale).toBe(5);
    expect(report.complaints.byCategory.third_party_sharing).toBeNull();
    expect(report.complaints.byCategory.other).toBe(0);
    expect(report.applications.daysToDecision).toEqual({ median: 15, p90: 19 });
    const csv = reportCsvRows(report);
    expect(csv).toContainEqual(['complaints', 'byCategory.data_sale', '5']);
    expect(csv).toContainEqual(['complaints', 'byCategory.third_party_sharing', 'fewer than 5']);
    expect(csv).toContainEqual(['applications', 'daysToDecision.median', '15']);
    const q2 = reportCsvRows(publicReport(await loadReport(database.db, Q2, NOW)));
    expect(q2).toContainEqual(['complaints', 'daysToFirstAction.median', '']);
  });

  it('takes whole UTC days, both ends included, the last 12 months by default, and says what is wrong with a period', () => {
    const now = at('2026-12-06T15:00:00Z');
    expect(reportPeriod({}, now)).toMatchObject({ from: '2025-12-07', to: '2026-12-06', start: at('2025-12-07T00:00:00Z'), end: at('2026-12-07T00:00:00Z') });
    expect(() => reportPeriod({ from: '2026-05-01', to: '2026-04-01' }, now)).toThrow(new ValidationError('The period’s start (from) must not be after its end (to).'));
    expect(() => reportPeriod({ from: '1 May 2026' }, now)).toThrow(new ValidationError('Give dates as YYYY-MM-DD, like 2026-01-31.'));
  });
});
