import { eq } from 'drizzle-orm';
import { memberships, organizations, users, type UserRole } from '@/db/schema';
import type { Database } from '@/db/client';
import { generatePassword, hashPassword } from '@/lib/auth/password';
import { recordAudit } from '@/lib/services/audit';
import { nowDate, type Clock } from '@/lib/clock';
import { seedPortalDemo } from './seed-portal-demo';

export type DemoLogin = { role: UserRole; email: string; password: string; note: string };

const DEMO_ADMIN_EMAIL = 'admin@openseal.example';

const DEMO_USERS: Array<{ email: string; name: string; role: UserRole; note: string }> = [
  { email: DEMO_ADMIN_EMAIL, name: 'Ada Admin', role: 'admin', note: 'manages users, programs and criteria' },
  { email: 'reviewer@openseal.example', name: 'Rita Reviewer', role: 'reviewer', note: 'assesses applications, runs cases' },
  { email: 'owner@toysmart.example', name: 'Tom Owner', role: 'applicant', note: 'owner of Toysmart.com, Inc.' },
  { email: 'member@toysmart.example', name: 'Mia Member', role: 'applicant', note: 'member of Toysmart.com, Inc.' },
];

export async function demoDataExists(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ADMIN_EMAIL)).limit(1);
  return !!row;
}

/**
 * The demo world in its starting state. Passwords are random per installation (a known demo
 * password on a reachable server would be a back door) unless OPENSEAL_DEMO_PASSWORD fixes them.
 */
export async function seedDemoData(db: Database, clock: Clock, fixedPassword?: string): Promise<DemoLogin[]> {
  const now = nowDate(clock);
  const logins: DemoLogin[] = [];
  const hashed = [] as Array<(typeof DEMO_USERS)[number] & { password: string; passwordHash: string }>;
  for (const user of DEMO_USERS) {
    const password = fixedPassword ?? generatePassword();
    hashed.push({ ...user, password, passwordHash: await hashPassword(password) });
  }

  await db.transaction(async (tx) => {
    const created = new Map<string, string>();
    for (const user of hashed) {
      const [row] = await tx
        .insert(users)
        .values({ email: user.email, name: user.name, role: user.role, passwordHash: user.passwordHash, createdAt: now, updatedAt: now })
        .returning({ id: users.id });
      created.set(user.email, row!.id);
      await recordAudit(tx, { actorId: null, action: 'user.create', entityType: 'user', entityId: row!.id, after: { email: user.email, name: user.name, role: user.role, source: 'demo-seed' }, at: now });
      logins.push({ role: user.role, email: user.email, password: user.password, note: user.note });
    }
    const [toysmart] = await tx
      .insert(organizations)
      .values({ legalName: 'Toysmart.com, Inc.', country: 'US', contactEmail: 'privacy@toysmart.example', website: 'https://toysmart.example', createdAt: now })
      .returning();
    await recordAudit(tx, { actorId: null, action: 'organization.create', entityType: 'organization', entityId: toysmart!.id, after: { legalName: toysmart!.legalName, source: 'demo-seed' }, at: now });
    await tx.insert(memberships).values([
      { organizationId: toysmart!.id, userId: created.get('owner@toysmart.example')!, role: 'owner', createdAt: now },
      { organizationId: toysmart!.id, userId: created.get('member@toysmart.example')!, role: 'member', createdAt: now },
    ]);
    await seedPortalDemo(tx, { toysmartId: toysmart!.id, toysmartOwnerId: created.get('owner@toysmart.example')!, reviewerId: created.get('reviewer@openseal.example')! }, now);
  });
  return logins;
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const width = Math.max(...logins.map((login) => login.email.length));
  return [
    'Demo logins (created now; the passwords are not shown again):',
    ...logins.map((login) => `  ${login.role.padEnd(9)}  ${login.email.padEnd(width)}  ${login.password}   ${login.note}`),
  ].join('\n');
}
