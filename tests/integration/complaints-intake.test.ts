import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, complaints, conflictDeclarations, memberships } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { hashTrackingToken } from '@/lib/complaints/tracking-token';
import { isComplaintReference } from '@/lib/complaints/reference';
import { HONEYPOT_MESSAGE } from '@/lib/services/complaints/file-complaint';
import { publicOrigin } from '@/lib/notifications/mail-text';
import { ValidationError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { revokeByAuthority, seedIssuedSeal } from '../helpers/seal-factories';
import { complaintRows, file, mailsTo, notificationsOf, publicContext, uniqueEmail } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
});
afterAll(async () => {
  await database?.close();
});

const visitor = () => publicContext(database.db, createTestClock());
const holderWithSeal = () => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });

describe(`filing a complaint (${testDriver})`, () => {
  it('files a data-sale complaint about a current seal holder on the fast track, and keeps only the hash of the tracking token', async () => {
    const { seal, organization, site } = await holderWithSeal();
    const email = uniqueEmail();
    const filed = await file(visitor(), { sealId: seal.publicId.toLowerCase() }, { category: 'data_sale', complainantEmail: email.toUpperCase() });

    expect(isComplaintReference(filed.complaint.reference)).toBe(true);
    expect(filed.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    expect(filed.trackingPath).toBe(`/complaints/track/${filed.trackingToken}`);
    expect(filed.complaint).toMatchObject({
      source: 'public',
      category: 'data_sale',
      status: 'new',
      sealId: seal.id,
      organizationId: organization.id,
      fastTrack: true,
      complainantEmail: email,
      contactedCompany: true,
      contactedCompanyOn: '2026-01-12',
      occurredOn: '2026-01-10',
      shareIdentity: false,
      caseId: null,
    });
    const [stored] = await database.db.select().from(complaints).where(eq(complaints.id, filed.complaint.id));
    expect(stored!.trackingTokenHash).toBe(hashTrackingToken(filed.trackingToken));
    expect(JSON.stringify(stored)).not.toContain(filed.trackingToken);

    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'complaint'), eq(auditEvents.entityId, filed.complaint.id)));
    expect(audit).toMatchObject({ action: 'complaint.file', actorId: null });
    expect(audit!.after).toMatchObject({ reference: filed.complaint.reference, category: 'data_sale', fastTrack: true });
    expect(JSON.stringify(audit)).not.toContain(email);

    const [mail, ...more] = await mailsTo(database.db, email);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe(`Your complaint ${filed.complaint.reference} was received`);
    expect(mail!.organizationId).toBe(organization.id);
    expect(mail!.body).not.toContain(filed.trackingToken);
    expect(mail!.secret).toBe(`${publicOrigin()}${filed.trackingPath}`);
    expect(mail!.body).toContain(`${site.domain} (seal ${seal.publicId})`);

    const told = (await notificationsOf(database.db, reviewer.id)).find((n) => n.link === `/review/complaints/${filed.complaint.reference}`);
    expect(told?.subject).toBe(`Fast track: complaint ${filed.complaint.reference} about ${site.domain} (seal ${seal.publicId})`);
    expect(told?.body).toContain('Please handle it before the rest of the queue.');
    expect(told?.body).not.toContain(email);
  });

  it('announces a fast-track complaint at once, except to reviewers tied to the organization, and an ordinary one not at all', async () => {
    const member = await seedUser(database.db, { role: 'reviewer' });
    const declared = await seedUser(database.db, { role: 'reviewer' });
    const { organization, seal } = await holderWithSeal();
    await database.db.insert(memberships).values({ organizationId: organization.id, userId: member.id, role: 'member' });
    await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: organization.id, reason: 'former employer', declaredAt: new Date() });
    const filed = await file(visitor(), { sealId: seal.publicId }, { category: 'data_sale' });
    expect(filed.complaint.fastTrack).toBe(true);
    const link = `/review/complaints/${filed.complaint.reference}`;
    expect((await notificationsOf(database.db, reviewer.id)).some((n) => n.link === link)).toBe(true);
    expect((await notificationsOf(database.db, member.id)).some((n) => n.link === link)).toBe(false);
    expect((await notificationsOf(database.db, declared.id)).some((n) => n.link === link)).toBe(false);

    // Not on the fast track: counted in the staff menu and the daily digest (ADR 0019), not announced.
    const ordinary = await file(visitor(), { sealId: seal.publicId }, { category: 'third_party_sharing' });
    expect(ordinary.complaint.fastTrack).toBe(false);
    expect((await notificationsOf(database.db, reviewer.id)).some((n) => n.link === `/review/complaints/${ordinary.complaint.reference}`)).toBe(false);
  });

  it('puts only data-sale complaints against a current seal holder on the fast track', async () => {
    const active = await holderWithSeal();
    const other = await file(visitor(), { sealId: active.seal.publicId }, { category: 'third_party_sharing' });
    expect(other.complaint.fastTrack).toBe(false);

    // A data sale by the holder named through its domain, not its seal: still the holder.
    const byDomain = await file(visitor(), { domain: `https://WWW.${active.site.domain.toUpperCase()}/privacy` }, { category: 'data_sale' });
    expect(byDomain.complaint).toMatchObject({ domain: active.site.domain, organizationId: active.organization.id, sealId: null, fastTrack: true });

    const revoked = await holderWithSeal();
    await revokeByAuthority(database.db, { sealId: revoked.seal.publicId, proposer: actorOf(reviewer), reason: 'fraud', statement: 'The shop defrauded its customers.' });
    const afterRevocation = await file(visitor(), { sealId: revoked.seal.publicId }, { category: 'data_sale' });
    expect(afterRevocation.complaint.fastTrack).toBe(false);

    const unknownSite = await file(visitor(), { domain: 'never-registered.example' }, { category: 'data_sale' });
    expect(unknownSite.complaint).toMatchObject({ domain: 'never-registered.example', organizationId: null, fastTrack: false });
  });

  it('names the owner of the domain, not the holder, when a seal is shown on a domain it does not cover', async () => {
    const { seal } = await holderWithSeal();
    const copier = await seedOrganization(database.db, await seedUser(database.db));
    const copierSite = await seedSite(database.db, copier.id);
    const filed = await file(visitor(), { sealId: seal.publicId, domain: copierSite.domain }, { category: 'seal_misuse' });
    expect(filed.complaint).toMatchObject({ sealId: seal.id, domain: copierSite.domain, organizationId: copier.id });
  });

  it('refuses a complaint that names no site, an unknown seal or a malformed domain, with the field to correct', async () => {
    const before = (await complaintRows(database.db)).length;
    const noSite = await rejectionOf(file(visitor(), {}), ValidationError);
    expect(noSite.fieldErrors.domain).toEqual(['Say which site the complaint is about: type its domain, like example.com.']);
    const unknownSeal = await rejectionOf(file(visitor(), { sealId: 'OS-2222-2222' }), ValidationError);
    expect(unknownSeal.fieldErrors.sealId).toEqual(['We have no seal with the id OS-2222-2222.']);
    const badDomain = await rejectionOf(file(visitor(), { domain: 'not a domain' }), ValidationError);
    expect(badDomain.fieldErrors.domain).toEqual(['A domain name cannot contain spaces.']);
    const short = await rejectionOf(file(visitor(), { domain: 'shop.example' }, { description: 'Bad shop.' }), ValidationError);
    expect(short.fieldErrors.description).toEqual(['Describe what happened in a few sentences (at least 20 characters).']);
    const noEmail = await rejectionOf(file(visitor(), { domain: 'shop.example' }, { complainantEmail: 'carla@' }), ValidationError);
    expect(noEmail.fieldErrors.complainantEmail).toEqual(['Enter a valid email address, like name@example.com: we send the tracking link there.']);
    const future = await rejectionOf(file(publicContext(database.db, createTestClock(new Date('2026-02-01T12:00:00Z'))), { domain: 'shop.example' }, { occurredOn: '2026-02-02' }), ValidationError);
    expect(future.fieldErrors.occurredOn).toEqual(['The day it happened cannot be in the future (today is 2026-02-01).']);
    const contradicts = await rejectionOf(file(visitor(), { domain: 'shop.example' }, { contactedCompany: 'no', contactedCompanyOn: '2026-01-12' }), ValidationError);
    expect(contradicts.fieldErrors.contactedCompanyOn?.[0]).toContain('you did not contact the company');
    expect((await complaintRows(database.db)).length).toBe(before);
  });

  it('refuses a form whose honeypot field was filled in, in words, and writes nothing', async () => {
    const before = (await complaintRows(database.db)).length;
    const email = uniqueEmail();
    const refused = await rejectionOf(file(visitor(), { domain: 'shop.example' }, { website: 'http://spam.example', complainantEmail: email }), ValidationError);
    expect(refused.message).toBe(HONEYPOT_MESSAGE);
    expect((await complaintRows(database.db)).length).toBe(before);
    expect(await mailsTo(database.db, email)).toHaveLength(0);
  });
});
