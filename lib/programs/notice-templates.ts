import { eq } from 'drizzle-orm';
import { noticeTemplateKinds, programNoticeTemplates, programs, seals, type NoticeTemplateKind } from '@/db/schema';
import type { Executor } from '@/db/client';
import { PRIVACY_SEAL_SLUG } from '@/lib/programs/catalogue/privacy-seal';

export { NOTICE_TEMPLATE_MAX, noticeTemplateLabels, TEMPLATE_PLACEHOLDERS } from './notice-template-labels';

/**
 * The texts a reviewer starts from on the case page (issue 13, item 5), per program, kept by admins
 * at /review/programs (lib/services/programs/update-notice-templates.ts). A template is a starting
 * point the reviewer edits before sending, never sent as it is.
 */

export type NoticeTemplates = Record<NoticeTemplateKind, string>;

const EMPTY: NoticeTemplates = Object.fromEntries(noticeTemplateKinds.map((kind) => [kind, ''])) as NoticeTemplates;

/** A program's templates; an empty string where it has none. */
export async function programNoticeTemplatesOf(db: Executor, programId: string): Promise<NoticeTemplates> {
  const rows = await db.select({ kind: programNoticeTemplates.kind, body: programNoticeTemplates.body }).from(programNoticeTemplates).where(eq(programNoticeTemplates.programId, programId));
  return { ...EMPTY, ...Object.fromEntries(rows.map((row) => [row.kind, row.body])) };
}

/** The program whose templates a case starts from: its seal's, else the default program (as for its deadlines). */
async function caseProgramId(db: Executor, caseRow: { sealId: string | null }): Promise<string | null> {
  if (caseRow.sealId) {
    const [bySeal] = await db.select({ id: seals.programId }).from(seals).where(eq(seals.id, caseRow.sealId)).limit(1);
    if (bySeal) return bySeal.id;
  }
  const [fallback] = await db.select({ id: programs.id }).from(programs).where(eq(programs.slug, PRIVACY_SEAL_SLUG)).limit(1);
  return fallback?.id ?? null;
}

/** Fills the placeholders; an unknown one stays as written, for the reviewer to see and replace. */
export function fillTemplate(template: string, values: Record<'case' | 'domain' | 'organization' | 'responseDays', string>): string {
  return template.replace(/\{(case|domain|organization|responseDays)\}/g, (_whole, name: keyof typeof values) => values[name]);
}

/** The case's templates, filled in for that case: what its forms start with. */
export async function caseNoticeTemplates(
  db: Executor,
  caseRow: { sealId: string | null; reference: string; domain: string | null },
  context: { organization: string; responseDays: number },
): Promise<NoticeTemplates> {
  const programId = await caseProgramId(db, caseRow);
  if (!programId) return EMPTY;
  const templates = await programNoticeTemplatesOf(db, programId);
  const values = { case: caseRow.reference, domain: caseRow.domain ?? 'your site', organization: context.organization, responseDays: String(context.responseDays) };
  return Object.fromEntries(noticeTemplateKinds.map((kind) => [kind, fillTemplate(templates[kind], values)])) as NoticeTemplates;
}
