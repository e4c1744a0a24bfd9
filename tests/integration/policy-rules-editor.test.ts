import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, complaints, policyChanges } from '@/db/schema';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { normalizePolicyText, policySha256 } from '@/lib/policies/capture';
import { DEFAULT_POLICY_RULES } from '@/lib/policies/monitor-rules';
import { checkDuePolicies } from '@/lib/services/policies/check-policies';
import { currentPolicyRuleSet, policyRuleSetHistory } from '@/lib/services/policies/policy-rules';
import { keywordsOf, updatePolicyRules } from '@/lib/services/policies/update-policy-rules';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { startHttpServer, type TestHttpServer } from '../helpers/http-server';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * An admin edits the rules that make a policy change material (issue #16, item 3): a new version
 * with a note, and the monitor classifying the next change by it.
 */

const CERTIFIED = normalizePolicyText(`Privacy policy of Kite Shop Ltd

What we collect
We collect your name and postal address when you order a kite.

How long we keep data
We keep order data for two years.

Contact
Write to privacy@kites.example.`);

const HOUR = 60 * 60 * 1000;
const T0 = new Date('2026-05-01T00:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const net: NetPolicy = { ...DEFAULT_NET_POLICY, allow: ['127.0.0.0/8'] };
let database: TestDatabase;
let server: TestHttpServer;
let served = CERTIFIED;
let programId: string;
let sealId: string;
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  database = await freshDatabase();
  server = await startHttpServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(served);
  });
  programId = (await seedDefaultProgram(database.db)).id;
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  const url = `http://127.0.0.1:${server.port}/privacy`;
  sealId = (await seedIssuedSeal(database.db, { programId, reviewerId: admin.id, issuedAt: T0, policy: { url, text: CERTIFIED, sha256: policySha256(CERTIFIED) } })).seal.id;
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const asAdmin = () => contextFor(database.db, actorOf(admin));
/** The rules as the form sends them: keywords one per line, the order as typed. */
const formRules = (rules = DEFAULT_POLICY_RULES) => rules.map((rule, index) => ({ id: rule.id, label: rule.label, keywords: rule.keywords.join('\n'), category: rule.category, fastTrack: rule.fastTrack, position: String(index + 1) }));
const save = (input: Record<string, unknown>) => updatePolicyRules({ ctx: asAdmin(), input: { programId, baseVersion: '1', note: 'Profiling is material; retention is left to the annual review.', ...input } });

describe(`editing the policy monitoring rules (${testDriver})`, () => {
  it('reads keywords as an admin types them: lines or commas, any case, repeats once', () => {
    expect(keywordsOf('Sell\n third   PART , sell,,\n\n')).toEqual(['sell', 'third part']);
  });

  it('refuses a set that could not classify, naming the rule and the field', async () => {
    const rules = formRules();
    await expect(save({ rules: [] })).rejects.toThrow('Keep at least one rule: without rules every change would be editorial.');
    await expect(save({ rules: [{ ...rules[0]!, keywords: ' ,\n' }] })).rejects.toMatchObject({ fieldErrors: { 'rules.0.keywords': [expect.stringContaining('at least one keyword')] } });
    await expect(save({ rules: [rules[0]!, { ...rules[1]!, label: rules[0]!.label.toUpperCase() }] })).rejects.toThrow('Two rules have the same name: give each its own.');
    await expect(save({ rules, note: '' })).rejects.toMatchObject({ fieldErrors: { note: [expect.stringContaining('Say what changed and why')] } });
    await expect(save({ rules: [{ ...rules[0]!, category: 'seal_misuse' }] })).rejects.toThrow('Choose the category of the complaint this rule opens.');
    expect(await policyRuleSetHistory(database.db, programId)).toEqual([]);
  });

  it('saves nothing when the rules are the ones in use', async () => {
    expect(await save({ rules: formRules() })).toMatchObject({ version: 1, changed: false });
    expect(await policyRuleSetHistory(database.db, programId)).toEqual([]);
  });

  it('saves the next version with its note and author: a new rule placed first, one removed, the rest kept; audited', async () => {
    const rules = formRules().filter((rule) => rule.id !== 'retention');
    const profiling = { label: 'Profiling and automated decisions', keywords: 'Profil, automated decision', category: 'other', fastTrack: true, position: '0' };
    expect(await save({ rules: [...rules, profiling].map((rule) => ({ ...rule, position: rule === profiling ? '1' : String(Number(rule.position) + 1) })) })).toMatchObject({ version: 2, changed: true });

    const current = await currentPolicyRuleSet(database.db, programId);
    expect(current.version).toBe(2);
    expect(current.rules.map((rule) => rule.id)).toEqual(['profiling_and_automated_decisions', 'sale_or_transfer', 'change_of_control', 'third_parties', 'children', 'complaint_contact']);
    expect(current.rules[0]).toEqual({ id: 'profiling_and_automated_decisions', label: 'Profiling and automated decisions', keywords: ['profil', 'automated decision'], category: 'other', fastTrack: true });
    const [saved] = await policyRuleSetHistory(database.db, programId);
    expect(saved).toMatchObject({ version: 2, createdBy: 'Ada Admin', note: 'Profiling is material; retention is left to the annual review.' });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'program.update-policy-rules'), eq(auditEvents.entityId, programId)));
    expect(audit).toMatchObject({ actorId: admin.id, before: { version: 1 }, after: { version: 2 } });

    // Another admin's form, still on version 1, does not overwrite it.
    await expect(save({ rules: formRules() })).rejects.toThrow('Version 2 of the rules was saved while you were editing version 1. Reload the page to see it, then make your change again.');
  });

  it('classifies the next change by the new version: a retention change is now editorial, a profiling paragraph material and on the fast track', async () => {
    served = CERTIFIED.replace('two years', 'five years');
    expect(await checkDuePolicies(database.db, { now: at(25), net })).toEqual([{ sealId, outcome: 'changed', classification: 'editorial', complaint: undefined }]);

    served = served.replace('when you order a kite.', 'when you order a kite.\nWe build profiles of our customers from their orders.');
    const [outcome] = await checkDuePolicies(database.db, { now: at(49), net });
    expect(outcome).toMatchObject({ outcome: 'changed', classification: 'material', complaint: expect.stringMatching(/^C-/) });
    const [, material] = await database.db.select().from(policyChanges).where(eq(policyChanges.sealId, sealId)).orderBy(policyChanges.fetchedAt);
    expect(material).toMatchObject({ ruleSetVersion: 2, classification: 'material' });
    expect(material!.matches.map((match) => [match.rule, match.words])).toEqual([['profiling_and_automated_decisions', ['profil']]]);
    const [complaint] = await database.db.select().from(complaints).where(and(eq(complaints.sealId, sealId), eq(complaints.source, 'monitor')));
    expect(complaint).toMatchObject({ reference: outcome!.complaint, category: 'other', fastTrack: true });
  });
});
