import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, organizations } from '@/db/schema';
import { caseNoticeTemplates, programNoticeTemplatesOf } from '@/lib/programs/notice-templates';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { updateNoticeTemplates } from '@/lib/services/programs/update-notice-templates';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { openedCase, type User } from './cases-decisions-fixtures';

let database: TestDatabase;
let programId: string;
let admin: User;
let reviewer: User;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  reviewer = await seedUser(database.db, { role: 'reviewer', name: 'Rita Reviewer' });
});
afterAll(async () => {
  await database?.close();
});

const as = (user: User | null) => contextFor(database.db, user && actorOf(user));
const NOTICE = 'Case {case}: we received a complaint about {domain}. {organization}, answer within {responseDays} days.';
const templateAudit = () =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'program.update-notice-templates'), eq(auditEvents.entityId, programId)))
    .orderBy(asc(auditEvents.occurredAt));

describe(`notice templates per program (${testDriver})`, () => {
  it('[ADMIN] sets, changes and clears the templates, each change audited with the texts before and after', async () => {
    const saved = await updateNoticeTemplates({ ctx: as(admin), input: { programId, notice: `  ${NOTICE}  `, site_message: '', complainant_request: 'Which day did it happen?' } });
    expect(saved.changed).toEqual(['notice', 'complainant_request']);
    expect(await programNoticeTemplatesOf(database.db, programId)).toEqual({ notice: NOTICE, site_message: '', complainant_request: 'Which day did it happen?' });
    expect((await templateAudit()).at(-1)).toMatchObject({ actorId: admin.id, before: { notice: '', complainant_request: '' }, after: { notice: NOTICE, complainant_request: 'Which day did it happen?' } });

    // Left out, a template stays; the same text again writes nothing.
    const unchanged = await updateNoticeTemplates({ ctx: as(admin), input: { programId, notice: NOTICE } });
    expect(unchanged.changed).toEqual([]);
    expect(await templateAudit()).toHaveLength(1);

    await updateNoticeTemplates({ ctx: as(admin), input: { programId, complainant_request: '' } });
    expect(await programNoticeTemplatesOf(database.db, programId)).toEqual({ notice: NOTICE, site_message: '', complainant_request: '' });
    expect((await templateAudit()).at(-1)).toMatchObject({ before: { complainant_request: 'Which day did it happen?' }, after: { complainant_request: '' } });
  });

  it('refuses reviewers, visitors and a template too long, and writes nothing', async () => {
    const before = await programNoticeTemplatesOf(database.db, programId);
    expect((await rejectionOf(updateNoticeTemplates({ ctx: as(reviewer), input: { programId, notice: 'Mine.' } }), ForbiddenError)).message).toBe('Only an administrator can do this.');
    await rejectionOf(updateNoticeTemplates({ ctx: as(null), input: { programId, notice: 'Mine.' } }), UnauthenticatedError);
    const tooLong = await rejectionOf(updateNoticeTemplates({ ctx: as(admin), input: { programId, site_message: 'x'.repeat(5_001) } }), ValidationError);
    expect(tooLong.fieldErrors.site_message).toEqual(['Keep the follow-up message to the site under 5,000 characters.']);
    expect(await programNoticeTemplatesOf(database.db, programId)).toEqual(before);
  });

  it('[REVIEWER] a case of the program starts from its templates, filled in for the case', async () => {
    await updateNoticeTemplates({ ctx: as(admin), input: { programId, notice: NOTICE, site_message: 'About {case}: {unknown} stays as written.' } });
    const { caseRow, organization } = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer });
    const [org] = await database.db.select().from(organizations).where(eq(organizations.id, organization.id));
    const filled = await caseNoticeTemplates(database.db, caseRow, { organization: org!.legalName, responseDays: 14 });
    expect(filled.notice).toBe(`Case ${caseRow.reference}: we received a complaint about ${caseRow.domain ?? 'your site'}. ${org!.legalName}, answer within 14 days.`);
    expect(filled.site_message).toBe(`About ${caseRow.reference}: {unknown} stays as written.`);
    expect(filled.complainant_request).toBe('');
  });
});
