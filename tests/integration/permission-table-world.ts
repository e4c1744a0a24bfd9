import { and, eq } from 'drizzle-orm';
import { applications, caseAttachments, cases, complaintEvidence, conflictDeclarations, criteriaVersions, memberships } from '@/db/schema';
import type { Database } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { createTestClock } from '@/lib/clock';
import type { ServiceContext } from '@/lib/services/context';
import { ConflictError, ForbiddenError, NotFoundError, TooManyAttemptsError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { startApplication } from '@/lib/services/applications/start-application';
import { saveApplication } from '@/lib/services/applications/save-application';
import { attachPolicy } from '@/lib/services/applications/attach-policy';
import { submitApplication } from '@/lib/services/applications/submit-application';
import { criteriaOf } from '@/lib/services/applications/application-access';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { declareChangeOfControl } from '@/lib/services/cases/declare-change-of-control';
import { proposeRevocation } from '@/lib/services/cases/revocation-proposals';
import { createCriteriaDraft } from '@/lib/services/programs/create-criteria-draft';
import { actorOf, seedUser, TEST_SECRET_BOX } from '../helpers/factories';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import type { Persona } from '../helpers/permission-personas';
import { file, SAMPLE_FILES } from './complaints-fixtures';
import { seedComplaintCase, seedDecision } from './cases-site-fixtures';
import { fullAnswers, POLICY } from './reviews-fixtures';

/**
 * The eight personas of the permission table's behaviour test, and the world each call acts on:
 * a fresh organization per call, tied to the personas as their names say, with its site and seal;
 * complaints, cases, applications and proposals are made on demand by the factories and verbs.
 */

type User = Awaited<ReturnType<typeof seedUser>>;

export type Outcome = 'allowed' | 'refused';

/**
 * Refused means the permission check stopped the persona: not signed in, forbidden, or told the
 * record does not exist (what a stranger to an organization hears). A validation or state refusal
 * (incomplete input, already done, too many attempts) comes after the permission check: allowed.
 */
export async function outcomeOf(call: Promise<unknown>): Promise<{ outcome: Outcome; detail: string }> {
  try {
    await call;
    return { outcome: 'allowed', detail: 'succeeded' };
  } catch (error) {
    if (error instanceof UnauthenticatedError || error instanceof ForbiddenError || error instanceof NotFoundError) return { outcome: 'refused', detail: `${error.constructor.name}: ${error.message}` };
    if (error instanceof ValidationError || error instanceof ConflictError || error instanceof TooManyAttemptsError) return { outcome: 'allowed', detail: `${error.constructor.name}: ${error.message}` };
    throw error;
  }
}

export type Cast = Record<Exclude<Persona, 'anonymous'>, User> & { rita: User; staffAdmin: User };

/** The people, made once per file: the personas, Rita (the reviewer who runs cases) and an admin who prepares drafts. */
export async function seedCast(db: Database): Promise<Cast> {
  const outsider = await seedUser(db);
  await seedOrganization(db, outsider);
  return {
    outsider,
    member: await seedUser(db),
    owner: await seedUser(db),
    reviewer: await seedUser(db, { role: 'reviewer' }),
    conflictedReviewer: await seedUser(db, { role: 'reviewer' }),
    admin: await seedUser(db, { role: 'admin' }),
    conflictedAdmin: await seedUser(db, { role: 'admin' }),
    rita: await seedUser(db, { role: 'reviewer', name: 'Rita Reviewer' }),
    staffAdmin: await seedUser(db, { role: 'admin' }),
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/** A fresh organization for one call: the member, the owner and the conflicted admin belong to it, the conflicted reviewer declared a tie. */
export async function buildWorld(db: Database, cast: Cast, programId: string, persona: Persona) {
  const clock = createTestClock();
  const ctxOf = (user: User | null): ServiceContext => ({ db, clock, actor: user ? actorOf(user) : null, secrets: TEST_SECRET_BOX });
  const organization = await seedOrganization(db, cast.owner, [cast.member, cast.conflictedAdmin]);
  await db.insert(conflictDeclarations).values({ reviewerId: cast.conflictedReviewer.id, organizationId: organization.id, reason: 'Former employer, until 2025.', declaredAt: new Date() });
  const site = await seedSite(db, organization.id);
  const version = await getCurrentCriteriaVersion(db, programId);
  const [approved] = await db
    .insert(applications)
    .values({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, status: 'approved', createdById: cast.owner.id, decidedAt: new Date() })
    .returning();
  const seal = await db.transaction((tx) => issueSeal(tx, { application: approved!, actorId: cast.rita.id, now: new Date() }));
  const personaUser = persona === 'anonymous' ? null : cast[persona];
  const as = ctxOf(personaUser);
  const staff = { rita: ctxOf(cast.rita), owner: ctxOf(cast.owner), admin: ctxOf(cast.staffAdmin) };

  const world = {
    db,
    cast,
    programId,
    organization,
    site,
    seal,
    persona,
    personaUser,
    personaActor: personaUser ? actorOf(personaUser) : (null as Actor | null),
    as,
    staff,
    /** A public complaint about the seal, with an evidence file. */
    async complaint() {
      const filed = await file(ctxOf(null), { sealId: seal.publicId }, { category: 'data_sale', evidence: [{ name: 'mail.txt', bytes: SAMPLE_FILES.text }] });
      const [evidence] = await db.select().from(complaintEvidence).where(eq(complaintEvidence.complaintId, filed.complaint.id));
      return { ...filed, evidenceId: evidence!.id };
    },
    /** A case opened by Rita from a complaint (status open). */
    async openCase() {
      const filed = await world.complaint();
      const caseRow = await openCaseFromComplaint({ ctx: staff.rita, input: { complaintRef: filed.complaint.reference } });
      return { ...filed, caseRow };
    },
    /**
     * An open case nobody is assigned to: whoever may decide it becomes its assignee (ADR 0007,
     * amendment), so the decision doors are tried by each persona without an assignee in the way.
     */
    async unassignedCase() {
      const opened = await world.openCase();
      const [caseRow] = await db.update(cases).set({ assignedReviewerId: null }).where(eq(cases.id, opened.caseRow.id)).returning();
      return { ...opened, caseRow: caseRow! };
    },
    /** A case awaiting the site's response, as after a notice. */
    async awaitingCase() {
      return seedComplaintCase(db, { organizationId: organization.id, sealId: seal.id, domain: site.domain });
    },
    /** A case with a decision in effect, still appealable. */
    async decidedCase() {
      const caseRow = await world.awaitingCase();
      const decision = await seedDecision(db, caseRow.id, cast.rita.id);
      return { caseRow, decision };
    },
    /** The site's response with a file, on an awaiting case: its attachment. */
    async attachment() {
      const caseRow = await world.awaitingCase();
      const { message } = await respondToCase({ ctx: staff.owner, input: { caseRef: caseRow.reference, body: 'Our answer, with the contract attached.', files: [{ name: 'contract.pdf', bytes: SAMPLE_FILES.pdf }] } });
      const [attachment] = await db.select().from(caseAttachments).where(eq(caseAttachments.messageId, message.id));
      return { caseRow, attachmentId: attachment!.id };
    },
    async changeOfControlCase() {
      const { caseRow } = await declareChangeOfControl({ ctx: staff.owner, input: { organizationId: organization.id, kind: 'bankruptcy', effectiveOn: '2026-06-09', counterparty: 'Trustee in bankruptcy', description: 'The company filed for bankruptcy; the customer list is among the assets.' } });
      return caseRow;
    },
    /** A revocation proposal on an open case, by `proposer` (Rita unless said otherwise). */
    async proposal(proposer: ServiceContext = staff.rita) {
      const { caseRow } = await world.unassignedCase();
      const { decision } = await proposeRevocation({ ctx: proposer, input: { caseRef: caseRow.reference, revocationReason: 'fraud', reasonForSite: 'Your shop sold its customer list.', summaryForComplainant: 'The seal is revoked.' } });
      return { caseRow, decision };
    },
    /** A draft application of a new verified site. */
    async draftApplication() {
      const fresh = await seedSite(db, organization.id);
      return startApplication({ ctx: staff.owner, input: { siteId: fresh.id, programSlug: 'privacy-seal' } });
    },
    /** A complete, submitted application, assigned to the persona when they are staff (so the verbs' own assignment rule is met). */
    async submittedApplication() {
      const draft = await world.draftApplication();
      const criteria = await criteriaOf(db, draft.criteriaVersionId);
      await saveApplication({ ctx: staff.owner, input: { applicationId: draft.id, answers: fullAnswers(criteria) } });
      await attachPolicy({ ctx: staff.owner, input: { applicationId: draft.id, source: 'text', text: POLICY } });
      const application = await submitApplication({ ctx: staff.owner, input: { applicationId: draft.id } });
      if (personaUser && personaUser.role !== 'applicant') {
        await db.update(applications).set({ status: 'in_review', assignedReviewerId: personaUser.id, assignedAt: new Date() }).where(eq(applications.id, application.id));
      }
      return { application, criteria };
    },
    /** A draft of the program's next criteria version (made by the staff admin when none is open). */
    async criteriaDraft() {
      const [existing] = await db.select().from(criteriaVersions).where(and(eq(criteriaVersions.programId, programId), eq(criteriaVersions.status, 'draft')));
      return existing ?? createCriteriaDraft({ ctx: staff.admin, input: { programId } });
    },
    /** A plain member added to the organization, for the owner's member verbs to act on. */
    async extraMember() {
      const extra = await seedUser(db);
      await db.insert(memberships).values({ organizationId: organization.id, userId: extra.id, role: 'member' });
      return extra;
    },
  };
  return world;
}
