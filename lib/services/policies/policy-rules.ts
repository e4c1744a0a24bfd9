import { desc, eq } from 'drizzle-orm';
import { policyRuleSets, seals, users, type PolicyRule, type PolicyRuleSet } from '@/db/schema';
import type { Executor } from '@/db/client';
import { DEFAULT_POLICY_RULES } from '@/lib/policies/monitor-rules';

/** The rule set a seal's policy changes are classified by: its program's newest version, else the defaults (version 1). */
export async function policyRulesOf(db: Executor, sealId: string): Promise<{ version: number; rules: PolicyRule[] }> {
  const [newest] = await db
    .select({ version: policyRuleSets.version, rules: policyRuleSets.rules })
    .from(seals)
    .innerJoin(policyRuleSets, eq(policyRuleSets.programId, seals.programId))
    .where(eq(seals.id, sealId))
    .orderBy(desc(policyRuleSets.version))
    .limit(1);
  return newest ?? { version: 1, rules: DEFAULT_POLICY_RULES };
}

/** A program's current rule set: its newest saved version, else the defaults as version 1. */
export async function currentPolicyRuleSet(db: Executor, programId: string): Promise<{ version: number; rules: PolicyRule[]; saved: PolicyRuleSet | null }> {
  const [newest] = await db.select().from(policyRuleSets).where(eq(policyRuleSets.programId, programId)).orderBy(desc(policyRuleSets.version)).limit(1);
  return newest ? { version: newest.version, rules: newest.rules, saved: newest } : { version: 1, rules: DEFAULT_POLICY_RULES, saved: null };
}

/** Every saved version of a program's rule set, newest first, with who saved it (the defaults, version 1, are not a row). */
export async function policyRuleSetHistory(db: Executor, programId: string) {
  return db
    .select({ version: policyRuleSets.version, rules: policyRuleSets.rules, note: policyRuleSets.note, createdAt: policyRuleSets.createdAt, createdBy: users.name })
    .from(policyRuleSets)
    .leftJoin(users, eq(users.id, policyRuleSets.createdById))
    .where(eq(policyRuleSets.programId, programId))
    .orderBy(desc(policyRuleSets.version));
}
