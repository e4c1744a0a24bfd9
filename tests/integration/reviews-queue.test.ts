import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { applications, programs } from '@/db/schema';
import { claimApplication } from '@/lib/services/reviews/claim';
import { recordVerdicts } from '@/lib/services/reviews/record-verdicts';
import { approveApplication } from '@/lib/services/reviews/decide';
import { declareConflict } from '@/lib/services/reviews/conflicts';
import { applicationCounts, listReviewQueue, type ReviewQueueQuery } from '@/lib/services/reviews/list-review-queue';
import { loadAssessment } from '@/lib/review/assessment';
import { displayedSealStatus, listSeals } from '@/lib/services/seals/list-seals';
import { createTestClock } from '@/lib/clock';
import { contextFor } from '../helpers/factories';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { allMeet, reviewer, submittedApplication } from './reviews-fixtures';

let database: TestDatabase;
let programId: string;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
});
afterAll(async () => {
  await database?.close();
});

const DAY = 24 * 60 * 60 * 1000;
const ageBy = (id: string, days: number) => database.db.update(applications).set({ submittedAt: new Date(Date.now() - days * DAY) }).where(eq(applications.id, id));

describe(`review queue (${testDriver})`, () => {
  it('lists waiting and in-review applications oldest first, flags overdue ones, and filters', async () => {
    const [program] = await database.db.select().from(programs).where(eq(programs.id, programId));
    const old = await submittedApplication(database.db, 'Old Shop Ltd');
    const recent = await submittedApplication(database.db, 'Recent Shop Ltd');
    const mine = await submittedApplication(database.db, 'Claimed Shop Ltd');
    await ageBy(old.application.id, program!.reviewOverdueDays + 2);
    await ageBy(recent.application.id, 1);
    await ageBy(mine.application.id, 5);
    const rita = await reviewer(database.db);
    await claimApplication({ ctx: rita.ctx, input: { applicationId: mine.application.id } });
    await declareConflict({ ctx: rita.ctx, input: { organizationId: recent.organization.id, reason: 'Shareholder.' } });

    const ids = [old, recent, mine].map((item) => item.application.id);
    const queueOf = async (input: ReviewQueueQuery) => (await listReviewQueue({ ctx: rita.ctx, input })).applications.filter((item) => ids.includes(item.id));
    const queue = await queueOf({});
    expect(queue.map((item) => item.organizationName)).toEqual(['Old Shop Ltd', 'Claimed Shop Ltd', 'Recent Shop Ltd']);
    expect(queue.map((item) => item.overdue)).toEqual([true, false, false]);
    expect(queue.find((item) => item.organizationName === 'Recent Shop Ltd')?.conflicted).toBe(true);
    expect(queue.find((item) => item.organizationName === 'Claimed Shop Ltd')).toMatchObject({ status: 'in_review', assigneeName: rita.user.name });

    const names = async (filters: ReviewQueueQuery) => (await queueOf(filters)).map((item) => item.organizationName);
    expect(await names({ assigned: 'me' })).toEqual(['Claimed Shop Ltd']);
    expect(await names({ assigned: 'unassigned' })).toEqual(['Old Shop Ltd', 'Recent Shop Ltd']);
    expect(await names({ olderThanDays: 3 })).toEqual(['Old Shop Ltd', 'Claimed Shop Ltd']);
    expect(await names({ program: programId })).toHaveLength(3);
    expect(await names({ kind: 'renewal' })).toEqual([]);
    expect(await names({ q: 'claimed shop' })).toEqual(['Claimed Shop Ltd']);

    const counts = await applicationCounts({ ctx: rita.ctx });
    expect(counts.submitted).toMatchObject({ more: false });
    expect(counts.submitted.n).toBeGreaterThanOrEqual(2);
    expect(counts.in_review.n).toBeGreaterThanOrEqual(1);
  });

  it('a renewal shows a word diff of its policy against the one the seal was granted on; the seal list finds it', async () => {
    const first = await submittedApplication(database.db, 'Renewing Ltd');
    const admin = await reviewer(database.db, 'admin');
    await claimApplication({ ctx: admin.ctx, input: { applicationId: first.application.id } });
    await recordVerdicts({ ctx: admin.ctx, input: { applicationId: first.application.id, verdicts: allMeet(first.criteria) } });
    const seal = await approveApplication({ ctx: admin.ctx, input: { applicationId: first.application.id } });

    const newPolicy = (first.application.policyText ?? '').replace('We keep order data for two years.', 'We keep order data for one year.\nWe never sell customer lists, not even in bankruptcy.');
    const [renewal] = await database.db
      .insert(applications)
      .values({ ...first.application, id: undefined, kind: 'renewal', renewsSealId: seal.id, status: 'submitted', policyText: newPolicy, assignedReviewerId: null, assignedAt: null, decidedAt: null })
      .returning();
    const assessment = await loadAssessment(database.db, renewal!.id);
    expect(assessment?.renewal?.publicId).toBe(seal.publicId);
    // A pasted policy is not watched: the certified text is the one the application captured.
    const { policy } = assessment!.renewal!;
    expect(policy).toMatchObject({ acceptedByName: null, certifiedAt: first.application.policyCapturedAt, changed: true });
    expect(policy.parts.filter((part) => part.removed).map((part) => part.value)).toEqual(['two years']);
    const added = policy.parts.filter((part) => part.added).map((part) => part.value);
    expect(added[0]).toBe('one year');
    expect(added.join('')).toContain('never sell customer lists, not even in bankruptcy.');
    expect(policy.parts.filter((part) => !part.added).map((part) => part.value).join('')).toBe(first.application.policyText);
    expect(policy.parts.filter((part) => !part.removed).map((part) => part.value).join('')).toBe(newPolicy);
    const renewals = (await listReviewQueue({ ctx: admin.ctx, input: { kind: 'renewal' } })).applications;
    expect(renewals.map((item) => item.id)).toContain(renewal!.id);

    // Any reviewer reads the seal list, not only administrators.
    const plainReviewer = (await reviewer(database.db)).ctx;
    const sealsFound = async (input: Record<string, string>, ctx = plainReviewer) => (await listSeals({ ctx, input })).seals;
    const byId = await sealsFound({ q: seal.publicId.toLowerCase() });
    expect(byId.map((row) => row.seal.id)).toEqual([seal.id]);
    expect((await sealsFound({ q: first.site.domain })).map((row) => row.seal.id)).toEqual([seal.id]);
    expect((await sealsFound({ q: 'renewing' })).map((row) => row.seal.id)).toEqual([seal.id]);
    expect(await sealsFound({ status: 'revoked', q: seal.publicId })).toEqual([]);
    const later = createTestClock(new Date(seal.expiresAt.getTime() + DAY));
    const [expired] = await sealsFound({ status: 'active', q: seal.publicId }, contextFor(database.db, admin.ctx.actor, later));
    expect(expired?.pastExpiry).toBe(true);
    expect(displayedSealStatus(expired!.seal.status, expired!.pastExpiry)).toBe('expired');
  });
});
