import type { PolicyDiffPart, PolicyRule, PolicyRuleMatch } from '@/db/schema';
import { changedPassages, sectionHeading } from './policy-diff';

/*
 * The rule set that tells a material policy change from an editorial one (issue #16). A change is
 * material when its changed words, or the heading of the section they stand in, touch one of the
 * rules' subjects: sale or transfer of data, a change of control, third parties, children,
 * retention, the contact for complaints. A program's rules are versioned in `policy_rule_sets`;
 * until an administrator edits them, these defaults are version 1.
 */

/** The complaint categories a rule may open (not `seal_misuse`: that is about the badge, not the policy). */
export const POLICY_RULE_CATEGORIES = ['data_sale', 'third_party_sharing', 'ignored_opt_out', 'security_incident', 'other'] as const satisfies readonly PolicyRule['category'][];

export const DEFAULT_POLICY_RULES: PolicyRule[] = [
  { id: 'sale_or_transfer', label: 'Sale or transfer of personal data', keywords: ['sell', 'sale', 'sold', 'rent', 'transfer', 'customer list', 'monetis', 'monetiz'], category: 'data_sale', fastTrack: true },
  { id: 'change_of_control', label: 'Bankruptcy, merger or acquisition', keywords: ['bankrupt', 'insolven', 'merger', 'acqui', 'successor', 'change of control', 'liquidat'], category: 'data_sale', fastTrack: true },
  { id: 'third_parties', label: 'Sharing with third parties', keywords: ['third part', 'third-part', 'share', 'sharing', 'partner', 'disclos', 'advertis', 'affiliate'], category: 'third_party_sharing', fastTrack: false },
  { id: 'children', label: 'Children’s data', keywords: ['child', 'minor', 'under 13', 'under 16', 'parental', 'coppa'], category: 'other', fastTrack: false },
  { id: 'retention', label: 'Retention and deletion', keywords: ['retain', 'retention', 'keep', 'kept', 'delete', 'deletion', 'erase', 'how long'], category: 'other', fastTrack: false },
  { id: 'complaint_contact', label: 'Contact for complaints and requests', keywords: ['contact', 'complain', 'email', 'e-mail', 'write to', 'data protection officer'], category: 'other', fastTrack: false },
];

export type PolicyClassification = {
  classification: 'material' | 'editorial';
  matches: PolicyRuleMatch[];
  /** For a material change: the first matching rule in the set's order (the most serious). */
  rule: PolicyRule | null;
};

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Keyword `word` at the start of a word of `text` (so "share" finds "shared", not "timeshare"). */
function mentions(text: string, word: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escape(word.toLowerCase())}`, 'u').test(text.toLowerCase());
}

export function classifyPolicyChange(parts: PolicyDiffPart[], certified: string, current: string, rules: PolicyRule[]): PolicyClassification {
  const matches: PolicyRuleMatch[] = [];
  for (const passage of changedPassages(parts)) {
    const heading = sectionHeading(passage.text === 'old' ? certified : current, passage.offset);
    for (const rule of rules) {
      const words = rule.keywords.filter((keyword) => mentions(passage.words, keyword) || mentions(heading, keyword));
      if (words.length === 0) continue;
      matches.push({ rule: rule.id, label: rule.label, words, passage: `${passage.kind === 'added' ? 'Added' : 'Removed'}${heading ? ` under “${heading}”` : ''}: ${passage.words.trim()}` });
    }
  }
  const rule = rules.find((candidate) => matches.some((match) => match.rule === candidate.id)) ?? null;
  return { classification: rule ? 'material' : 'editorial', matches, rule };
}
