import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, programs } from '@/db/schema';
import { addMonths } from '@/lib/seals/validity';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { updateProgramSettings } from '@/lib/services/programs/update-program-settings';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { caseOf, DAY, openedCase, sealOf, type User } from './cases-decisions-fixtures';

const DEFAULTS = { sealValidityMonths: 12, reviewOverdueDays: 10, caseResponseDays: 14, caseEscalationGraceDays: 7, caseAppealDays: 14, policyCheckIntervalHours: 24 };

let database: TestDatabase;
let programId: string;
let admin: User;
let reviewer: User;
let applicant: User;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  reviewer = await seedUser(database.db, { role: 'reviewer', name: 'Rita Reviewer' });
  applicant = await seedUser(database.db);
});
// Every test starts from the program's defaults, whatever the one before did (written directly:
// the audit events stay, append-only, so each test counts the ones it adds).
afterEach(async () => {
  await database.db.update(programs).set(DEFAULTS).where(eq(programs.id, programId));
});
afterAll(async () => {
  await database?.close();
});

const as = (user: User | null) => contextFor(database.db, user && actorOf(user));
const settingsOf = async () => {
  const [row] = await database.db.select().from(programs).where(eq(programs.id, programId));
  const { sealValidityMonths, reviewOverdueDays, caseResponseDays, caseEscalationGraceDays, caseAppealDays, policyCheckIntervalHours } = row!;
  return { sealValidityMonths, reviewOverdueDays, caseResponseDays, caseEscalationGraceDays, caseAppealDays, policyCheckIntervalHours };
};
const settingsAudit = () =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'program.update-settings'), eq(auditEvents.entityId, programId)))
    .orderBy(asc(auditEvents.occurredAt));
/** What the form sends: every field as typed text. */
const formInput = (overrides: Record<string, unknown> = {}) => ({
  programId,
  ...Object.fromEntries(Object.entries(DEFAULTS).map(([name, value]) => [name, String(value)])),
  ...overrides,
});

describe(`program settings (${testDriver})`, () => {
  it('[ADMIN] changes the deadlines and the validity; the audit event records before and after', async () => {
    const seen = (await settingsAudit()).length;
    const { program, changed } = await updateProgramSettings({
      ctx: as(admin),
      input: formInput({ sealValidityMonths: '24', caseResponseDays: ' 21 ', caseAppealDays: '30' }),
    });
    expect(changed).toEqual(['sealValidityMonths', 'caseResponseDays', 'caseAppealDays']);
    expect(program).toMatchObject({ id: programId, sealValidityMonths: 24, caseResponseDays: 21, caseAppealDays: 30 });
    expect(await settingsOf()).toEqual({ ...DEFAULTS, sealValidityMonths: 24, caseResponseDays: 21, caseAppealDays: 30 });

    const events = (await settingsAudit()).slice(seen);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, entityType: 'program', before: DEFAULTS, after: { ...DEFAULTS, sealValidityMonths: 24, caseResponseDays: 21, caseAppealDays: 30 } });
  });

  it('[ADMIN] saving the same values writes nothing', async () => {
    const seen = (await settingsAudit()).length;
    const { changed } = await updateProgramSettings({ ctx: as(admin), input: formInput() });
    expect(changed).toEqual([]);
    expect(await settingsAudit()).toHaveLength(seen);
  });

  it('refuses a reviewer, an applicant and a visitor, and writes nothing', async () => {
    const seen = (await settingsAudit()).length;
    const input = formInput({ caseResponseDays: '30' });
    expect((await rejectionOf(updateProgramSettings({ ctx: as(reviewer), input }), ForbiddenError)).message).toBe('Only an administrator can do this.');
    expect((await rejectionOf(updateProgramSettings({ ctx: as(applicant), input }), ForbiddenError)).message).toBe('Only an administrator can do this.');
    await rejectionOf(updateProgramSettings({ ctx: as(null), input }), UnauthenticatedError);
    expect(await settingsOf()).toEqual(DEFAULTS);
    expect(await settingsAudit()).toHaveLength(seen);
  });

  it('refuses values out of range, not whole or missing, with a sentence for each field, and writes nothing', async () => {
    const seen = (await settingsAudit()).length;
    const refusal = async (overrides: Record<string, unknown>) => rejectionOf(updateProgramSettings({ ctx: as(admin), input: formInput(overrides) }), ValidationError);

    expect((await refusal({ caseResponseDays: '2' })).message).toBe('Give sites a whole number of days from 3 to 60 to answer a case notice.');
    expect((await refusal({ caseResponseDays: '61' })).message).toBe('Give sites a whole number of days from 3 to 60 to answer a case notice.');
    expect((await refusal({ caseResponseDays: '14.5' })).message).toBe('Give sites a whole number of days from 3 to 60 to answer a case notice.');
    expect((await refusal({ caseResponseDays: 'two weeks' })).message).toBe('Give sites a whole number of days from 3 to 60 to answer a case notice.');
    expect((await refusal({ caseResponseDays: '' })).message).toBe('Enter how many days a site has to answer a case notice.');
    expect((await refusal({ sealValidityMonths: '37' })).message).toBe('A seal must be valid for a whole number of months from 1 to 36.');
    expect((await refusal({ sealValidityMonths: '0' })).message).toBe('A seal must be valid for a whole number of months from 1 to 36.');
    expect((await refusal({ reviewOverdueDays: '91' })).message).toBe('An application can be marked overdue after a whole number of days from 1 to 90.');
    expect((await refusal({ caseEscalationGraceDays: '0' })).message).toBe('The grace after a missed deadline must be a whole number of days from 1 to 60.');
    expect((await refusal({ caseAppealDays: '6' })).message).toBe('Give sites a whole number of days from 7 to 60 to appeal a decision.');
    expect((await refusal({ policyCheckIntervalHours: '0' })).message).toBe('Read each certified privacy policy again every whole number of hours from 1 to 168.');

    const two = await refusal({ caseResponseDays: '90', caseAppealDays: '1' });
    expect(two.message).toBe('Please correct the highlighted fields.');
    expect(two.fieldErrors).toEqual({
      caseResponseDays: ['Give sites a whole number of days from 3 to 60 to answer a case notice.'],
      caseAppealDays: ['Give sites a whole number of days from 7 to 60 to appeal a decision.'],
    });
    expect(await settingsOf()).toEqual(DEFAULTS);
    expect(await settingsAudit()).toHaveLength(seen);
  });

  it('answers not found for an unknown program', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await rejectionOf(updateProgramSettings({ ctx: as(admin), input: { ...formInput(), programId: unknown } }), NotFoundError)).message).toBe('This program does not exist.');
  });

  it('applies to what happens next: a later notice is due after the new response days; a notice already sent and a seal already issued keep their dates', async () => {
    const earlier = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer });
    const { caseRow: firstNotice } = await sendNotice({
      ctx: contextFor(database.db, actorOf(reviewer), earlier.clock),
      input: { caseRef: earlier.caseRow.reference, body: 'Your shop is reported to offer its customer list for sale. Explain by the deadline.' },
    });
    const firstDue = firstNotice.responseDueAt!.getTime();
    expect(firstDue).toBe(earlier.clock.now() + 14 * DAY);
    const sealExpiry = (await sealOf(database.db, earlier.seal.id)).expiresAt.getTime();

    await updateProgramSettings({ ctx: as(admin), input: formInput({ caseResponseDays: '21', sealValidityMonths: '6' }) });

    const later = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer });
    const { caseRow: secondNotice } = await sendNotice({
      ctx: contextFor(database.db, actorOf(reviewer), later.clock),
      input: { caseRef: later.caseRow.reference, body: 'Your shop is reported to offer its customer list for sale. Explain by the deadline.' },
    });
    expect(secondNotice.responseDueAt!.getTime()).toBe(later.clock.now() + 21 * DAY);
    expect((await caseOf(database.db, earlier.caseRow.id)).responseDueAt!.getTime()).toBe(firstDue);

    expect((await sealOf(database.db, earlier.seal.id)).expiresAt.getTime()).toBe(sealExpiry);
    const issuedAt = new Date();
    const { seal } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt });
    expect(seal.expiresAt.getTime()).toBe(addMonths(issuedAt, 6).getTime());
  });
});
