import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { noticeTemplateKinds, programNoticeTemplates, programs, type NoticeTemplateKind, type Program } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { NOTICE_TEMPLATE_MAX, noticeTemplateLabels, programNoticeTemplatesOf } from '@/lib/programs/notice-templates';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { programIdField } from './fields';

/** A template as typed: trimmed, '' clears it; left out (undefined) leaves it as it is. */
const templateField = (kind: NoticeTemplateKind) =>
  z
    .string({ message: `The ${noticeTemplateLabels[kind].label.toLowerCase()} must be text.` })
    .trim()
    .max(NOTICE_TEMPLATE_MAX, `Keep the ${noticeTemplateLabels[kind].label.toLowerCase()} under ${NOTICE_TEMPLATE_MAX.toLocaleString('en')} characters.`)
    .optional();

export const NoticeTemplatesInput = z.object({
  programId: programIdField,
  notice: templateField('notice'),
  site_message: templateField('site_message'),
  complainant_request: templateField('complainant_request'),
});

/**
 * An admin sets the texts a program's reviewers start from (issue 13, item 5): the notice to the site,
 * a follow-up message to it, a question to a complainant. One transaction: the rows that changed
 * (written, or removed when emptied) and one audit event with the texts before and after. Nothing
 * changed: nothing is written. Two admins saving at once are serialised on the program's row; the
 * later save wins and both are in the audit trail.
 */
export async function updateNoticeTemplates({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ program: Program; changed: NoticeTemplateKind[] }> {
  const admin = requireRole(ctx.actor, 'admin');
  const data = parseInput(NoticeTemplatesInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [program] = await tx.select().from(programs).where(eq(programs.id, data.programId)).for('update').limit(1);
    if (!program) throw new NotFoundError('This program does not exist.');
    const before = await programNoticeTemplatesOf(tx, program.id);
    const changed = noticeTemplateKinds.filter((kind) => data[kind] !== undefined && data[kind] !== before[kind]);
    if (changed.length === 0) return { program, changed };
    for (const kind of changed) {
      const body = data[kind]!;
      const row = and(eq(programNoticeTemplates.programId, program.id), eq(programNoticeTemplates.kind, kind));
      if (!body) await tx.delete(programNoticeTemplates).where(row);
      else await tx.insert(programNoticeTemplates).values({ programId: program.id, kind, body, updatedAt: now }).onConflictDoUpdate({ target: [programNoticeTemplates.programId, programNoticeTemplates.kind], set: { body, updatedAt: now } });
    }
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'program.update-notice-templates',
      entityType: 'program',
      entityId: program.id,
      before: Object.fromEntries(changed.map((kind) => [kind, before[kind]])),
      after: Object.fromEntries(changed.map((kind) => [kind, data[kind]])),
      at: now,
    });
    return { program, changed };
  });
}
