import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { FOLLOW_BROWSER, isTimeZone } from '@/lib/format/dates';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';


const zoneField = z
  .string({ message: 'Choose a time zone.' })
  .trim()
  .min(1, 'Choose a time zone.')
  .max(64, 'Choose a time zone from the list.')
  .refine(isTimeZone, 'Choose a time zone from the list, like Europe/Berlin.');

const Input = z.discriminatedUnion('source', [
  // The browser says where it is (components/time-zone-sync.tsx): taken unless the user chose a zone.
  z.object({ source: z.literal('browser'), timeZone: zoneField }),
  // The account page: a zone the user picks, kept whatever the browser says; or back to the browser's.
  z.object({ source: z.literal('account'), timeZone: z.union([z.literal(FOLLOW_BROWSER), zoneField]) }),
], { error: 'Choose a time zone.' });

export type TimeZoneSetting = { timeZone: string | null; chosen: boolean; changed: boolean };

/** The signed-in user's time zone, in which every page and mail writes dates for them (ADR 0022). */
export async function changeTimeZone({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<TimeZoneSetting> {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(Input, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, actor.id)).for('update').limit(1);
    if (!before) throw new NotFoundError('This account no longer exists.');
    const next =
      data.source === 'browser'
        ? before.timeZoneChosen
          ? { timeZone: before.timeZone, chosen: true }
          : { timeZone: data.timeZone, chosen: false }
        : data.timeZone === FOLLOW_BROWSER
          ? { timeZone: before.timeZone, chosen: false }
          : { timeZone: data.timeZone, chosen: true };
    if (next.timeZone === before.timeZone && next.chosen === before.timeZoneChosen) return { ...next, changed: false };
    await tx.update(users).set({ timeZone: next.timeZone, timeZoneChosen: next.chosen, updatedAt: now }).where(eq(users.id, actor.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'user.change-time-zone',
      entityType: 'user',
      entityId: actor.id,
      before: { timeZone: before.timeZone, timeZoneChosen: before.timeZoneChosen },
      after: { timeZone: next.timeZone, timeZoneChosen: next.chosen, source: data.source },
      at: now,
    });
    return { ...next, changed: true };
  });
}
