import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { memberships, organizations, programs, sites } from '@/db/schema';
import type { Database } from '@/db/client';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { createTestClock } from '@/lib/clock';
import { CLAIM_LIFETIME_MS } from '@/lib/sites/claims';

/** An organization with `owner` as its owner (and `members` as members), written directly. */
export async function seedOrganization(db: Database, owner: { id: string }, members: Array<{ id: string }> = [], legalName = `Org ${crypto.randomBytes(3).toString('hex')}`) {
  const [organization] = await db.insert(organizations).values({ legalName, country: 'US', contactEmail: 'privacy@org.example' }).returning();
  await db.insert(memberships).values([
    { organizationId: organization!.id, userId: owner.id, role: 'owner' as const },
    ...members.map((member) => ({ organizationId: organization!.id, userId: member.id, role: 'member' as const })),
  ]);
  return organization!;
}

export async function seedSite(db: Database, organizationId: string, { verified = true, domain = `site-${crypto.randomBytes(4).toString('hex')}.example` } = {}) {
  const [site] = await db
    .insert(sites)
    .values({
      organizationId,
      domain,
      verificationToken: crypto.randomBytes(16).toString('hex'),
      verifiedAt: verified ? new Date() : null,
      verifiedBy: verified ? 'dns' : null,
      claimLapsesAt: new Date(Date.now() + CLAIM_LIFETIME_MS),
    })
    .returning();
  return site!;
}

/** The shipped Privacy Seal program (idempotent). */
export async function seedDefaultProgram(db: Database) {
  await ensureDefaultProgram(db, createTestClock());
  const [program] = await db.select().from(programs).where(eq(programs.slug, 'privacy-seal'));
  return program!;
}
