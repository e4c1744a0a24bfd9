import { desc, eq } from 'drizzle-orm';
import { policyRuleSets, seals, type PolicyRule } from '@/db/schema';
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
