import { z } from 'zod';
import { siteSettings } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { enabledSecondFactorOf } from '../second-factor/codes';
import { readSiteSettings, SITE_SETTINGS_ID } from './read';

const Input = z.object({
  // A checkbox: "on" when ticked, absent when not.
  requireStaffSecondFactor: z
    .union([z.boolean(), z.enum(['on', 'true', 'false']), z.null()], { message: 'Tick the box, or leave it empty.' })
    .optional()
    .transform((value) => value === true || value === 'on' || value === 'true'),
});

/**
 * An admin decides whether reviewers and admins must use a second factor. Switched on, a staff
 * account without one is sent to enrol before it may use the staff area (ADR 0011).
 * Returns whether anything changed (nothing is written when not).
 */
export async function updateSignInPolicy({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ changed: boolean; requireStaffSecondFactor: boolean }> {
  const admin = requireRole(ctx.actor, 'admin');
  const { requireStaffSecondFactor } = parseInput(Input, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    // The admin would be the first one sent to enrol, with no way back here until they have.
    if (requireStaffSecondFactor && !(await enabledSecondFactorOf(tx, admin.id))) {
      throw new ConflictError('Set up two-factor sign-in for your own account first (Sign-in security): once this is on, every administrator without it is sent there before using the review area.');
    }
    // Serializes two admins saving at once, so the audit's "before" is what was really replaced.
    await tx.insert(siteSettings).values({ id: SITE_SETTINGS_ID, updatedAt: now }).onConflictDoNothing();
    await tx.select().from(siteSettings).for('update');
    const before = await readSiteSettings(tx);
    if (before.requireStaffSecondFactor === requireStaffSecondFactor) return { changed: false, requireStaffSecondFactor };
    await tx.update(siteSettings).set({ requireStaffSecondFactor, updatedAt: now });
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'site.update-settings',
      entityType: 'site',
      entityId: SITE_SETTINGS_ID,
      before: { ...before },
      after: { requireStaffSecondFactor },
      at: now,
    });
    return { changed: true, requireStaffSecondFactor };
  });
}
