import crypto from 'node:crypto';
import { CLAIM_LIFETIME_MS } from '@/lib/sites/claims';
import { eq } from 'drizzle-orm';
import { applicationAnswers, applications, applicationVerdicts, memberships, organizations, programs, sites, users, type ApplicationStatus } from '@/db/schema';
import type { Transaction } from '@/db/client';
import { PRIVACY_SEAL_SLUG } from '@/lib/programs/catalogue/privacy-seal';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { normalizePolicyText, policySha256 } from '@/lib/policies/capture';
import { recordAudit } from '@/lib/services/audit';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { seedDemoCases } from '@/lib/cases/demo-cases';
import { seedDemoComplaints } from '@/lib/complaints/demo-complaints';
import { seedSealDemo } from './seed-seal-demo';

const DAY = 24 * 60 * 60 * 1000;

const TOYSMART_POLICY = `Toysmart.com privacy policy

Toysmart.com collects your name, postal address, email address and the ages of the children you shop for, so that we can deliver your orders and recommend age-appropriate toys.

Personal information voluntarily submitted by visitors to our site, such as name, address, billing information and shopping preferences, is never shared with a third party. All information obtained by Toysmart.com is used only to personalize your experience online.

You can review, correct or delete the information we hold about you at any time from your account page, or by writing to privacy@toysmart.example.

We use TLS on every page and store payment details with our payment processor only.

If this policy changes in a way that matters to you, we will email you before the change takes effect.`;

type DemoApplication = {
  organization: { legalName: string; country: string; contact: string; owner?: { email: string; name: string } };
  domain: string;
  status: ApplicationStatus;
  ageDays: number;
  decisionNote?: string;
  /** Criteria the reviewer marked as not met, with the note the applicant sees. */
  notMet?: Record<string, string>;
};

// The other organizations of the demo world, one application in each state the portal knows.
const OTHERS: DemoApplication[] = [
  { organization: { legalName: 'Bluebird Books Ltd', country: 'GB', contact: 'privacy@bluebird-books.example', owner: { email: 'owner@bluebird-books.example', name: 'Bea Bluebird' } }, domain: 'bluebird-books.example', status: 'submitted', ageDays: 3 },
  { organization: { legalName: 'Northwind Outfitters LLC', country: 'US', contact: 'privacy@northwind.example', owner: { email: 'owner@northwind.example', name: 'Nils North' } }, domain: 'northwind.example', status: 'in_review', ageDays: 12 },
  {
    organization: { legalName: 'Kettle & Crumb GmbH', country: 'DE', contact: 'datenschutz@kettle-crumb.example', owner: { email: 'owner@kettle-crumb.example', name: 'Karl Kettle' } },
    domain: 'kettle-crumb.example',
    status: 'changes_requested',
    ageDays: 20,
    decisionNote: 'Two answers need more detail before we can approve.',
    notMet: { 'data-retention': 'Say how long order data is kept and when it is deleted.', 'change-of-control': 'Your policy does not mention a sale of the business; add the three commitments to it.' },
  },
  { organization: { legalName: 'Harbor Health Supplies Inc.', country: 'CA', contact: 'privacy@harbor-health.example', owner: { email: 'owner@harbor-health.example', name: 'Hana Harbor' } }, domain: 'harbor-health.example', status: 'rejected', ageDays: 40, decisionNote: 'Customer health data is shared with advertising partners without consent (criterion: third-party sharing).' },
  { organization: { legalName: 'Pinecone Games Oy', country: 'FI', contact: 'privacy@pinecone.example', owner: { email: 'owner@pinecone.example', name: 'Pia Pinecone' } }, domain: 'pinecone.example', status: 'withdrawn', ageDays: 30 },
];

/**
 * Organizations, proven sites and applications in every state, beside Toysmart's (which gets its
 * approved application for toysmart.example, a draft for its blog, a submitted application for its
 * club site and an unproven outlet domain).
 * Accounts of the other organizations get random passwords that are never shown: they are there
 * to be seen by reviewers, not to sign in with.
 */
export async function seedPortalDemo(tx: Transaction, ids: { toysmartId: string; toysmartOwnerId: string; reviewerId: string }, now: Date) {
  const [program] = await tx.select().from(programs).where(eq(programs.slug, PRIVACY_SEAL_SLUG)).limit(1);
  const version = program ? await getCurrentCriteriaVersion(tx, program.id) : null;
  if (!program || !version) throw new Error('The demo needs the default program: ensureDefaultProgram runs when the database opens.');
  const policyText = normalizePolicyText(TOYSMART_POLICY);

  const addSite = async (organizationId: string, domain: string, verified: boolean) => {
    const [site] = await tx
      .insert(sites)
      .values({
        organizationId,
        domain,
        verificationToken: crypto.randomBytes(16).toString('hex'),
        verifiedAt: verified ? now : null,
        verifiedBy: verified ? 'dns' : null,
        proofFoundAt: verified ? `Found the TXT record on ${domain}.` : null,
        claimLapsesAt: new Date(now.getTime() + CLAIM_LIFETIME_MS),
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, { actorId: null, action: 'site.add', entityType: 'site', entityId: site!.id, after: { domain, verified, source: 'demo-seed' }, at: now });
    return site!;
  };

  const addApplication = async (organizationId: string, siteId: string, createdById: string, spec: Omit<DemoApplication, 'organization' | 'domain'>) => {
    const createdAt = new Date(now.getTime() - spec.ageDays * DAY);
    const submittedAt = spec.status === 'draft' ? null : new Date(createdAt.getTime() + DAY);
    const decided = ['approved', 'rejected', 'changes_requested'].includes(spec.status);
    const [application] = await tx
      .insert(applications)
      .values({
        organizationId,
        siteId,
        programId: program.id,
        criteriaVersionId: version.id,
        status: spec.status,
        policySource: 'text',
        policyText,
        policySha256: policySha256(policyText),
        policyCapturedAt: createdAt,
        createdById,
        submittedAt,
        decidedAt: decided ? new Date(createdAt.getTime() + 5 * DAY) : null,
        decisionNote: spec.decisionNote ?? null,
        withdrawnAt: spec.status === 'withdrawn' ? new Date(createdAt.getTime() + 2 * DAY) : null,
        createdAt,
        updatedAt: createdAt,
      })
      .returning();
    const complete = spec.status !== 'draft';
    await tx.insert(applicationAnswers).values(
      version.criteria
        .filter((criterion) => complete || criterion.position < 3)
        .map((criterion) => ({
          applicationId: application!.id,
          criterionCode: criterion.code,
          answer: `Yes. Our privacy policy addresses “${criterion.title.toLowerCase()}” in its own section.`,
          evidence: criterion.evidencePrompt ? 'See the captured privacy policy.' : '',
          affirmedCommitments: criterion.commitments.map((_, index) => index),
          updatedAt: createdAt,
        })),
    );
    if (spec.notMet) {
      await tx.insert(applicationVerdicts).values(
        version.criteria.map((criterion) => ({
          applicationId: application!.id,
          criterionCode: criterion.code,
          verdict: spec.notMet![criterion.code] ? ('does_not_meet' as const) : ('meets' as const),
          note: spec.notMet![criterion.code] ?? '',
          reviewerId: ids.reviewerId,
        })),
      );
    }
    await recordAudit(tx, { actorId: null, action: 'application.start', entityType: 'application', entityId: application!.id, after: { status: spec.status, source: 'demo-seed' }, at: now });
    return application!;
  };

  const toysmartSite = await addSite(ids.toysmartId, 'toysmart.example', true);
  const approved = await addApplication(ids.toysmartId, toysmartSite.id, ids.toysmartOwnerId, { status: 'approved', ageDays: 60 });
  // Toysmart holds an active seal, as the acceptance story begins (DESIGN.md).
  await issueSeal(tx, { application: approved, actorId: ids.reviewerId, now: approved.decidedAt! });
  const blog = await addSite(ids.toysmartId, 'blog.toysmart.example', true);
  await addApplication(ids.toysmartId, blog.id, ids.toysmartOwnerId, { status: 'draft', ageDays: 1 });
  // A submitted application whose applicants can sign in (the Toysmart demo logins), so the whole
  // review story — change request, answer, approval, seal — can be followed from both sides.
  const club = await addSite(ids.toysmartId, 'toysmart-club.example', true);
  await addApplication(ids.toysmartId, club.id, ids.toysmartOwnerId, { status: 'submitted', ageDays: 2 });
  await addSite(ids.toysmartId, 'toysmart-outlet.example', false);

  const unusable = crypto.randomBytes(32).toString('hex'); // not a hash: no password can ever match it
  for (const spec of OTHERS) {
    const [owner] = await tx.insert(users).values({ email: spec.organization.owner!.email, name: spec.organization.owner!.name, role: 'applicant', passwordHash: unusable, createdAt: now, updatedAt: now }).returning();
    const [organization] = await tx.insert(organizations).values({ legalName: spec.organization.legalName, country: spec.organization.country, contactEmail: spec.organization.contact, createdAt: now }).returning();
    await tx.insert(memberships).values({ organizationId: organization!.id, userId: owner!.id, role: 'owner', createdAt: now });
    await recordAudit(tx, { actorId: null, action: 'organization.create', entityType: 'organization', entityId: organization!.id, after: { legalName: organization!.legalName, source: 'demo-seed' }, at: now });
    const site = await addSite(organization!.id, spec.domain, true);
    await addApplication(organization!.id, site.id, owner!.id, spec);
  }
  await seedSealDemo(tx, { reviewerId: ids.reviewerId }, now);
  await seedDemoComplaints(tx, { reviewerId: ids.reviewerId }, now);
  await seedDemoCases(tx, { reviewerId: ids.reviewerId }, now);
}
