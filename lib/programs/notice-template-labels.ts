import type { NoticeTemplateKind } from '@/db/schema';

/** The words of the notice templates (lib/programs/notice-templates.ts), safe for the browser's bundle. */

/** The longest template: the shortest limit of the three texts it starts (a question to a complainant). */
export const NOTICE_TEMPLATE_MAX = 5_000;

export const noticeTemplateLabels: Record<NoticeTemplateKind, { label: string; hint: string }> = {
  notice: { label: 'Notice to the site', hint: 'What a case notice starts from: what is alleged, what the site must answer and send.' },
  site_message: { label: 'Follow-up message to the site', hint: 'What a message after the notice starts from.' },
  complainant_request: { label: 'Question to a complainant', hint: 'What a question on a complainant’s tracking page starts from.' },
};

/** The kinds in the order the admin's form shows them. */
export const noticeTemplateKindsInOrder = Object.keys(noticeTemplateLabels) as NoticeTemplateKind[];

/** The words a template may hold, filled in from the case. */
export const TEMPLATE_PLACEHOLDERS = ['{case}', '{domain}', '{organization}', '{responseDays}'] as const;
