import { asc, eq } from 'drizzle-orm';
import { applications, criteria, type Application, type ApplicationStatus, type Criterion } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { ConflictError, NotFoundError } from '../errors';
import { requireMembership, type OrganizationAccess } from '../organizations/membership';

/** States in which the applicant may still change answers: before submission, or when asked to. */
export const EDITABLE_STATUSES = ['draft', 'changes_requested'] as const satisfies readonly ApplicationStatus[];
/** States not yet decided: the application may be withdrawn. */
export const OPEN_STATUSES = ['draft', 'submitted', 'in_review', 'changes_requested'] as const satisfies readonly ApplicationStatus[];

const NOT_FOUND = 'This application does not exist, or you are not a member of its organization.';

export async function requireApplicationMember(db: Executor, actor: Actor | null, applicationId: unknown): Promise<OrganizationAccess & { application: Application }> {
  const id = typeof applicationId === 'string' && /^[0-9a-f-]{36}$/i.test(applicationId) ? applicationId : null;
  const [application] = id ? await db.select().from(applications).where(eq(applications.id, id)).limit(1) : [];
  if (!application) throw new NotFoundError(NOT_FOUND);
  try {
    return { ...(await requireMembership(db, actor, application.organizationId)), application };
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(NOT_FOUND);
    throw error;
  }
}

export function assertEditable(application: Application) {
  if (!(EDITABLE_STATUSES as readonly string[]).includes(application.status)) {
    throw new ConflictError(
      application.status === 'submitted' || application.status === 'in_review'
        ? 'This application has been submitted and is with the reviewers; it can no longer be changed. Withdraw it to start again.'
        : `This application is ${application.status.replace('_', ' ')} and can no longer be changed.`,
    );
  }
}

/** The criteria an application is judged against: those of its own version, never a later one. */
export function criteriaOf(db: Executor, criteriaVersionId: string): Promise<Criterion[]> {
  return db.select().from(criteria).where(eq(criteria.criteriaVersionId, criteriaVersionId)).orderBy(asc(criteria.position));
}
