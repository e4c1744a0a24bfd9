import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { policyRuleSets, programs, type PolicyRule, type Program } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { POLICY_RULE_CATEGORIES } from '@/lib/policies/monitor-rules';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { programIdField } from '../programs/fields';
import { currentPolicyRuleSet } from './policy-rules';

/*
 * An admin edits the rules that tell a material policy change from an editorial one (issue #16,
 * item 3). As with the criteria, an edit never changes a version: it saves the next one, with a
 * note saying what changed and why, and every change the monitor finds names the version that
 * classified it. Changes already found keep their classification.
 */

export const POLICY_RULE_LIMITS = { rules: 30, keywords: 60, keywordLength: 60, labelLength: 120, noteLength: 2000 } as const;

/** Keywords as typed: one per line or separated by commas; lowercased, spaces collapsed, repeats dropped. */
export function keywordsOf(typed: string): string[] {
  const words = typed
    .split(/[\n,]/)
    .map((word) => word.trim().replace(/\s+/g, ' ').toLowerCase())
    .filter(Boolean);
  return [...new Set(words)];
}

const RuleInput = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/, 'Unknown rule.')
    .optional(),
  label: z.string({ message: 'Name the rule.' }).trim().min(3, 'Name the rule (at least 3 characters).').max(POLICY_RULE_LIMITS.labelLength, `Use at most ${POLICY_RULE_LIMITS.labelLength} characters for the name.`),
  keywords: z
    .string({ message: 'Give the rule its keywords.' })
    .transform(keywordsOf)
    .pipe(
      z
        .array(z.string().min(2, 'Each keyword needs at least 2 characters.').max(POLICY_RULE_LIMITS.keywordLength, `Keep each keyword under ${POLICY_RULE_LIMITS.keywordLength} characters.`))
        .min(1, 'Give the rule at least one keyword: a word or the start of one, like “sell” or “third part”.')
        .max(POLICY_RULE_LIMITS.keywords, `Use at most ${POLICY_RULE_LIMITS.keywords} keywords for a rule.`),
    ),
  category: z.enum(POLICY_RULE_CATEGORIES, { message: 'Choose the category of the complaint this rule opens.' }),
  fastTrack: z.boolean().default(false),
  position: z.coerce.number({ message: 'Give the order as a number.' }).int('Give the order as a whole number.').min(1, 'The order starts at 1.').max(99, 'Give an order up to 99.'),
});

export const PolicyRulesInput = z.object({
  programId: programIdField,
  /** The version the admin was editing: a newer one saved meanwhile is not overwritten. */
  baseVersion: z.coerce.number().int().min(1),
  note: z.string({ message: 'Say what changed and why.' }).trim().min(5, 'Say what changed and why (at least 5 characters): reviewers read it beside each change it classifies.').max(POLICY_RULE_LIMITS.noteLength),
  rules: z
    .array(RuleInput)
    .min(1, 'Keep at least one rule: without rules every change would be editorial.')
    .max(POLICY_RULE_LIMITS.rules, `Use at most ${POLICY_RULE_LIMITS.rules} rules.`)
    .refine((rules) => new Set(rules.map((rule) => rule.label.toLowerCase())).size === rules.length, 'Two rules have the same name: give each its own.'),
});

/** A new rule's id, from its name: lowercase words joined by underscores, made unique in the set. */
function newRuleId(label: string, taken: Set<string>): string {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 36) || 'rule';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** The rules in the order given (ties keep the form's order); kept rules keep their ids, new ones get one. */
function rulesOf(input: z.output<typeof PolicyRulesInput>['rules'], current: PolicyRule[]): PolicyRule[] {
  const known = new Set(current.map((rule) => rule.id));
  const taken = new Set(input.flatMap((rule) => (rule.id && known.has(rule.id) ? [rule.id] : [])));
  return input
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => a.rule.position - b.rule.position || a.index - b.index)
    .map(({ rule }) => ({
      id: rule.id && known.has(rule.id) ? rule.id : newRuleId(rule.label, taken),
      label: rule.label,
      keywords: rule.keywords,
      category: rule.category,
      fastTrack: rule.fastTrack,
    }));
}

export type PolicyRulesUpdate = { program: Program; version: number; changed: boolean };

/**
 * Saves the next version of a program's rule set, with the admin and the note, and an audit event
 * with both sets, in one transaction serialised on the program's row. Saved from an older version
 * than the newest: refused, so two admins never overwrite each other. The same rules again: nothing
 * is saved.
 */
export async function updatePolicyRules({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<PolicyRulesUpdate> {
  const admin = requireRole(ctx.actor, 'admin');
  const data = parseInput(PolicyRulesInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [program] = await tx.select().from(programs).where(eq(programs.id, data.programId)).for('update').limit(1);
    if (!program) throw new NotFoundError('This program does not exist.');
    const current = await currentPolicyRuleSet(tx, program.id);
    if (current.version !== data.baseVersion) {
      throw new ConflictError(`Version ${current.version} of the rules was saved while you were editing version ${data.baseVersion}. Reload the page to see it, then make your change again.`);
    }
    const rules = rulesOf(data.rules, current.rules);
    if (JSON.stringify(rules) === JSON.stringify(current.rules)) return { program, version: current.version, changed: false };
    const version = current.version + 1;
    await tx.insert(policyRuleSets).values({ programId: program.id, version, rules, note: data.note, createdById: admin.id, createdAt: now });
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'program.update-policy-rules',
      entityType: 'program',
      entityId: program.id,
      before: { version: current.version, rules: current.rules },
      after: { version, rules, note: data.note },
      at: now,
    });
    return { program, version, changed: true };
  });
}
