import { policyChanges, policyMonitors, type PolicyChange } from '@/db/schema';
import type { Database } from '@/db/client';
import { policySha256 } from '@/lib/policies/capture';
import { policyDiff } from '@/lib/policies/policy-diff';

const CERTIFIED = 'Privacy policy\n\nWe collect your name and address to deliver your orders, and nothing else.';
const CHANGED = 'Privacy policy\n\nWe collect your name and postal address to deliver your orders, and nothing else.';

/** A watched seal with one open editorial change, as the monitor records them (lib/services/policies/check-policies.ts). */
export async function seedPolicyChange(db: Database, sealId: string, { at = new Date(), classification = 'editorial' as PolicyChange['classification'] } = {}): Promise<PolicyChange> {
  await db
    .insert(policyMonitors)
    .values({ sealId, url: 'https://shop.example/privacy', host: 'shop.example', certifiedText: CERTIFIED, certifiedSha256: policySha256(CERTIFIED), certifiedAt: at, nextCheckAt: at, updatedAt: at })
    .onConflictDoNothing();
  const [change] = await db
    .insert(policyChanges)
    .values({ sealId, fetchedAt: at, url: 'https://shop.example/privacy', sha256: policySha256(CHANGED), text: CHANGED, certifiedSha256: policySha256(CERTIFIED), diff: policyDiff(CERTIFIED, CHANGED), classification, matches: [], ruleSetVersion: 1 })
    .returning();
  return change!;
}
