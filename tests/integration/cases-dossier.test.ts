import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflictDeclarations } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { CaseDossier, caseDossierDownload, readCaseDossier } from '@/lib/cases/dossier';
import { addInternalNote } from '@/lib/services/cases/add-internal-note';
import { decideCase } from '@/lib/services/cases/decide-case';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { ForbiddenError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { contextFor, seedUser } from '../helpers/factories';
import { caseSuiteDatabase, decision, openedCase, type User } from './cases-decisions-fixtures';

let database: TestDatabase;
let programId: string;
let rita: User;
let issuer: User;
beforeAll(async () => {
  ({ database, programId, rita, issuer } = await caseSuiteDatabase());
});
afterAll(async () => {
  await database?.close();
});

const NOTE = 'Internal: the buyer is a marketing list broker, not a toy shop.';

/** A case referred to a regulator after a notice and an internal note. */
const EARLY = 'The list goes on sale on Monday: the regulator must have the file before then.';

async function referredCase() {
  const opened = await openedCase(database.db, { programId, issuer, opener: rita });
  const { as, clock } = opened;
  const ref = opened.caseRow.reference;
  await clock.setTime(nowDate(clock).getTime() + 60_000);
  await sendNotice({ ctx: as(rita), input: { caseRef: ref, body: 'A complaint says your customer list is for sale. Answer within the deadline.' } });
  await clock.setTime(nowDate(clock).getTime() + 60_000);
  await addInternalNote({ ctx: as(rita), input: { caseRef: ref, body: NOTE } });
  await clock.setTime(nowDate(clock).getTime() + 60_000);
  await decideCase({ ctx: as(rita), input: decision(ref, 'referral', { referredTo: 'Federal Trade Commission', actBeforeDeadline: true, earlyActionReason: EARLY }) });
  return opened;
}

describe(`the case dossier (${testDriver})`, () => {
  it('[REVIEWER] holds the complaints with the complainant’s identity, every message with internal notes, the decisions and the audit trail, in time order', async () => {
    const { caseRow, complaint, seal, as } = await referredCase();
    const dossier = await readCaseDossier({ ctx: as(rita), input: { caseRef: caseRow.reference } });
    // Referred before the site's deadline (issue 13): the site's response window stays open.
    expect(dossier.case).toMatchObject({ reference: caseRow.reference, status: 'awaiting_site_response', seal: { publicId: seal.publicId, status: 'active' }, openedBy: 'Rita Reviewer' });
    expect(dossier.complaints).toEqual([expect.objectContaining({ reference: complaint.reference, category: 'data_sale', complainant: { name: 'Carla Complainant', email: complaint.complainantEmail, mayBeSharedWithSite: false } })]);
    expect(dossier.messages.map((message) => [message.kind, message.audience])).toEqual([
      ['notice', 'site'],
      ['internal_note', 'internal'],
      ['decision', 'site'],
    ]);
    expect(dossier.messages[1]).toMatchObject({ body: NOTE, author: 'Rita Reviewer' });
    expect(dossier.decisions).toEqual([expect.objectContaining({ outcome: 'referral', referredTo: 'Federal Trade Commission', decidedBy: 'Rita Reviewer', state: 'in_effect', earlyActionReason: EARLY, actedBeforeDeadline: expect.any(String) })]);
    const actions = dossier.auditTrail.map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['complaint.file', 'case.open', 'complaint.open-case', 'case.notice', 'case.note', 'case.decide']));
    expect(actions.indexOf('case.open')).toBeLessThan(actions.indexOf('case.decide'));
    const times = dossier.timeline.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((left, right) => left - right));
    expect(dossier.timeline.at(-1)!.event).toBe('Decided: Referral to a regulator by Rita Reviewer');
  });

  it('[REVIEWER] downloads it as JSON: an attachment, never cached, of the documented shape', async () => {
    const { caseRow, as } = await referredCase();
    const response = await caseDossierDownload(as(rita), caseRow.reference.toLowerCase());
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="case-${caseRow.reference}-dossier.json"`);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = CaseDossier.parse(await response.json());
    expect(body.messages.some((message) => message.body === NOTE)).toBe(true);
  });

  it('refuses a conflicted reviewer, the site’s own members and visitors, at the service and on the route', async () => {
    const { caseRow, organization, owner, as } = await referredCase();
    const declared = await seedUser(database.db, { role: 'reviewer' });
    await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: organization.id, reason: 'my sister works there', declaredAt: new Date() });
    const conflict = `You have a conflict of interest with ${organization.legalName} (you are a member, or you declared one), so another reviewer handles cases about it.`;
    expect((await rejectionOf(readCaseDossier({ ctx: as(declared), input: { caseRef: caseRow.reference } }), ForbiddenError)).message).toBe(conflict);

    const refused = await caseDossierDownload(as(declared), caseRow.reference);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Disposition')).toBeNull();
    expect(await refused.json()).toEqual({ error: 'forbidden', message: conflict });
    const site = await caseDossierDownload(as(owner), caseRow.reference);
    expect(site.status).toBe(403);
    expect((await site.json()).message).toBe('Only a reviewer can do this.');
    expect((await caseDossierDownload(contextFor(database.db, null), caseRow.reference)).status).toBe(401);
    expect((await caseDossierDownload(as(rita), 'K-2222-2222')).status).toBe(404);
  });
});
