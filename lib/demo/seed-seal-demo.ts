import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { applicationAnswers, applications, applicationSites, applicationVerdicts, memberships, organizations, programs, sites, users, type RevocationReason } from '@/db/schema';
import type { Transaction } from '@/db/client';
import { loadActor, type Actor } from '@/lib/auth/actor';
import { systemClock, type Clock } from '@/lib/clock';
import { normalizePolicyText, policySha256 } from '@/lib/policies/capture';
import { PRIVACY_SEAL_SLUG } from '@/lib/programs/catalogue/privacy-seal';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { addMonths, DAY_MS } from '@/lib/seals/validity';
import { recordAudit } from '@/lib/services/audit';
import type { ServiceContext } from '@/lib/services/context';
import { expireSeal } from '@/lib/services/seals/expire-seal';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { proposeSealRevocation } from '@/lib/services/cases/propose-seal-revocation';
import { confirmRevocation } from '@/lib/services/cases/revocation-proposals';
import { closeCase } from '@/lib/services/cases/close-case';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';

type SealStory = {
  legalName: string;
  country: string;
  owner: { email: string; name: string };
  /** The first is the seal's site; the others are extra proven sites of the same application. */
  domains: string[];
  /** When the seal was issued, from the program's validity (so an expiry date can be aimed at). */
  issuedAt(now: Date, validityMonths: number): Date;
  suspend?: { daysAgo: number; reason: string; reinstatementRequirements: string };
  revoke?: { daysAgo: number; reason: RevocationReason; statement: string };
  /** Recorded as the expiry job does, an hour after the seal reached its expiresAt. */
  expire?: true;
};

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

// Seals in every state beside Toysmart's active one, each with the history that led there.
const STORIES: SealStory[] = [
  {
    // Inside the 60-day renewal window: its holder sees "Start the renewal", reviewers see it expiring.
    legalName: 'Lumen Labs Ltd',
    country: 'GB',
    owner: { email: 'owner@lumen-labs.example', name: 'Lena Lumen' },
    domains: ['lumen-labs.example'],
    issuedAt: (now, months) => addMonths(new Date(now.getTime() + 20 * DAY_MS), -months),
  },
  {
    legalName: 'Quayside Travel AS',
    country: 'NO',
    owner: { email: 'owner@quayside-travel.example', name: 'Quentin Quay' },
    domains: ['quayside-travel.example'],
    issuedAt: (now) => daysAgo(now, 210),
    suspend: {
      daysAgo: 12,
      reason: 'Booking confirmations pass travellers’ passport numbers to a marketing partner; the seal authority is investigating.',
      reinstatementRequirements: 'Stop sending passport data to the marketing partner and send us its written confirmation that the data it received is deleted.',
    },
  },
  {
    legalName: 'Old Mill Crafts Ltd',
    country: 'IE',
    owner: { email: 'owner@oldmill-crafts.example', name: 'Orla Mill' },
    domains: ['oldmill-crafts.example'],
    issuedAt: (now) => daysAgo(now, 330),
    suspend: {
      daysAgo: 95,
      reason: 'A complaint says customer addresses were sold to a mailing-list broker; the seal authority is investigating.',
      reinstatementRequirements: 'Show that no customer data was sold, or stop the sale and tell every customer concerned.',
    },
    // Two months ago: still listed in the directory as revoked (12-month rule).
    revoke: { daysAgo: 62, reason: 'privacy_violation', statement: 'Customer addresses were sold to a mailing-list broker, although the privacy policy promised they would never be shared.' },
  },
  {
    legalName: 'Granite Garden BV',
    country: 'NL',
    owner: { email: 'owner@granite-garden.example', name: 'Gijs Graniet' },
    domains: ['granite-garden.example'],
    issuedAt: (now, months) => addMonths(daysAgo(now, 24), -months),
    expire: true,
  },
  {
    legalName: 'Saltmarsh Press Ltd',
    country: 'GB',
    owner: { email: 'owner@saltmarsh-press.example', name: 'Sally Marsh' },
    domains: ['saltmarsh-press.example', 'saltmarsh-books.example'],
    issuedAt: (now) => daysAgo(now, 45),
  },
];

function policyOf(story: SealStory): string {
  return normalizePolicyText(`${story.legalName} privacy policy

We collect your name, email and postal address to deliver your orders, and nothing else without asking you first.

We never sell or share your personal information with a third party for its own use. If our business is sold, your data goes only to a successor bound by this policy, and material changes need your consent.

Write to privacy@${story.domains[0]} to see, correct or delete what we hold about you.`);
}

/** A clock stopped at `at`, so that a verb dates what it writes then. */
function stoppedAt(at: Date): Clock {
  return { ...systemClock, now: () => at.getTime() };
}

/**
 * Organizations whose seals are expiring soon, suspended, revoked, expired, and active on two
 * domains, for the directory, the verification pages and the reviewers' seal list. Each seal is
 * issued by `issueSeal` and moved on by the real verbs (suspend, revoke) or by `expireSeal`, at
 * back-dated times, so that its public events, audit rows and the holder's notifications are the
 * ones the application writes. Owners get an unusable password: they are not demo logins.
 */
export async function seedSealDemo(tx: Transaction, { reviewerId }: { reviewerId: string }, now: Date): Promise<void> {
  const [program] = await tx.select().from(programs).where(eq(programs.slug, PRIVACY_SEAL_SLUG)).limit(1);
  const version = program ? await getCurrentCriteriaVersion(tx, program.id) : null;
  if (!program || !version) throw new Error('The demo needs the default program: ensureDefaultProgram runs when the database opens.');
  const reviewer = await loadActor(tx, reviewerId);
  if (!reviewer) throw new Error('The demo seals need the demo reviewer.');
  // Four eyes, as the authority always revokes: the reviewer proposes, an admin confirms.
  const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  const revoker = admin ? await loadActor(tx, admin.id) : null;
  const unusable = crypto.randomBytes(32).toString('hex'); // not a hash: no password can ever match it
  // The verbs see the seed's transaction as their database: their own transactions become savepoints.
  const ctxAt = (actor: Actor, at: Date): ServiceContext => ({ db: tx, clock: stoppedAt(at), actor });

  for (const story of STORIES) {
    const issuedAt = story.issuedAt(now, program.sealValidityMonths);
    const createdAt = new Date(issuedAt.getTime() - 14 * DAY_MS);
    const submittedAt = new Date(createdAt.getTime() + DAY_MS);
    const joinedAt = new Date(createdAt.getTime() - 2 * DAY_MS);

    const [owner] = await tx.insert(users).values({ email: story.owner.email, name: story.owner.name, role: 'applicant', passwordHash: unusable, createdAt: joinedAt, updatedAt: joinedAt }).returning();
    const [organization] = await tx
      .insert(organizations)
      .values({ legalName: story.legalName, country: story.country, contactEmail: `privacy@${story.domains[0]}`, website: `https://${story.domains[0]}`, createdAt: joinedAt })
      .returning();
    await tx.insert(memberships).values({ organizationId: organization!.id, userId: owner!.id, role: 'owner', createdAt: joinedAt });
    await recordAudit(tx, { actorId: null, action: 'organization.create', entityType: 'organization', entityId: organization!.id, after: { legalName: story.legalName, source: 'demo-seed' }, at: joinedAt });

    const siteIds: string[] = [];
    for (const domain of story.domains) {
      const [site] = await tx
        .insert(sites)
        .values({ organizationId: organization!.id, domain, verificationToken: crypto.randomBytes(16).toString('hex'), verifiedAt: joinedAt, verifiedBy: 'dns', createdAt: joinedAt })
        .returning();
      await recordAudit(tx, { actorId: null, action: 'site.add', entityType: 'site', entityId: site!.id, after: { domain, verified: true, source: 'demo-seed' }, at: joinedAt });
      siteIds.push(site!.id);
    }

    const policyText = policyOf(story);
    const [application] = await tx
      .insert(applications)
      .values({
        organizationId: organization!.id,
        siteId: siteIds[0]!,
        programId: program.id,
        criteriaVersionId: version.id,
        status: 'approved',
        policySource: 'text',
        policyText,
        policySha256: policySha256(policyText),
        policyCapturedAt: createdAt,
        createdById: owner!.id,
        submittedAt,
        assignedReviewerId: reviewer.id,
        assignedAt: new Date(submittedAt.getTime() + DAY_MS),
        decidedAt: issuedAt,
        createdAt,
        updatedAt: issuedAt,
      })
      .returning();
    if (siteIds.length > 1) await tx.insert(applicationSites).values(siteIds.slice(1).map((siteId) => ({ applicationId: application!.id, siteId })));
    await tx.insert(applicationAnswers).values(
      version.criteria.map((criterion) => ({
        applicationId: application!.id,
        criterionCode: criterion.code,
        answer: `Yes. Our privacy policy addresses “${criterion.title.toLowerCase()}” in its own section.`,
        evidence: criterion.evidencePrompt ? 'See the captured privacy policy.' : '',
        affirmedCommitments: criterion.commitments.map((_, index) => index),
        updatedAt: createdAt,
      })),
    );
    // Approval needs every mandatory criterion met (approveApplication).
    await tx.insert(applicationVerdicts).values(version.criteria.map((criterion) => ({ applicationId: application!.id, criterionCode: criterion.code, verdict: 'meets' as const, reviewerId: reviewer.id, updatedAt: issuedAt })));
    await recordAudit(tx, { actorId: null, action: 'application.start', entityType: 'application', entityId: application!.id, after: { status: 'approved', source: 'demo-seed' }, at: createdAt });
    await recordAudit(tx, { actorId: reviewer.id, action: 'application.approve', entityType: 'application', entityId: application!.id, before: { status: 'in_review' }, after: { status: 'approved', decisionNote: null }, at: issuedAt });

    const seal = await issueSeal(tx, { application: application!, actorId: reviewer.id, now: issuedAt });
    if (story.suspend) {
      const { daysAgo: days, ...input } = story.suspend;
      await suspendSeal({ ctx: ctxAt(reviewer, daysAgo(now, days)), input: { sealId: seal.id, ...input } });
    }
    if (story.revoke) {
      const { daysAgo: days, ...input } = story.revoke;
      if (!revoker) throw new Error('The demo revocation needs an administrator to confirm it.');
      const at = daysAgo(now, days);
      const { decision } = await proposeSealRevocation({ ctx: ctxAt(reviewer, at), input: { sealId: seal.id, revocationReason: input.reason, statement: input.statement } });
      const { caseRow } = await confirmRevocation({ ctx: ctxAt(revoker, at), input: { decisionId: decision.id } });
      // Once the appeal window has passed, the authority's case about it is closed.
      await closeCase({ ctx: ctxAt(reviewer, new Date(at.getTime() + 20 * DAY_MS)), input: { caseRef: caseRow.reference } });
    }
    if (story.expire) await expireSeal(tx, seal.id, new Date(seal.expiresAt.getTime() + 60 * 60 * 1000));
  }
}
