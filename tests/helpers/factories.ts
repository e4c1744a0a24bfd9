import crypto from 'node:crypto';
import { users, type UserRole } from '@/db/schema';
import type { Database } from '@/db/client';
import { hashPassword } from '@/lib/auth/password';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/services/context';
import { createTestClock, type Clock } from '@/lib/clock';
import { createSecretBox } from '@/lib/auth/secret-box';

/** The tests' encryption key, as a server's OPENSEAL_ENCRYPTION_KEY would be. */
export const TEST_SECRET_BOX = createSecretBox({ current: 'test-only-encryption-key-0123456789abcdefghijklmnop' });

export const FACTORY_PASSWORD = 'quiet-harbor-lantern-42';
let cachedHash: Promise<string> | undefined;

/** A user with a unique email; all share FACTORY_PASSWORD (hashed once per file, for speed). */
export async function seedUser(db: Database, overrides: { role?: UserRole; email?: string; name?: string; disabled?: boolean; unverified?: boolean; timeZone?: string } = {}) {
  cachedHash ??= hashPassword(FACTORY_PASSWORD);
  const suffix = crypto.randomBytes(4).toString('hex');
  const [row] = await db
    .insert(users)
    .values({
      email: overrides.email ?? `${overrides.role ?? 'applicant'}-${suffix}@example.test`,
      name: overrides.name ?? `Test ${overrides.role ?? 'applicant'} ${suffix}`,
      role: overrides.role ?? 'applicant',
      passwordHash: await cachedHash,
      disabledAt: overrides.disabled ? new Date() : null,
      // Verified unless asked otherwise, like every account not made by self-service sign-up.
      emailVerifiedAt: overrides.unverified ? null : new Date(),
      timeZone: overrides.timeZone ?? null,
    })
    .returning();
  return row!;
}

/** The actor as loadActor reads it for this user. */
export function actorOf(user: { id: string; email: string; name: string; role: UserRole; timeZone?: string | null; timeZoneChosen?: boolean }): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone ?? null, timeZoneChosen: user.timeZoneChosen ?? false };
}

export function contextFor(db: Database, actor: Actor | null, clock: Clock = createTestClock()): ServiceContext {
  return { db, clock, actor, secrets: TEST_SECRET_BOX };
}
