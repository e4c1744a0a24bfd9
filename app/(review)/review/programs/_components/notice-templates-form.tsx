'use client';

import { useActionState } from 'react';
import { TextField } from '@/components/form-fields';
import { FocusedFormMessage } from '@/components/focused-form-message';
import type { NoticeTemplateKind } from '@/db/schema';
import { noticeTemplateKindsInOrder, noticeTemplateLabels, TEMPLATE_PLACEHOLDERS } from '@/lib/programs/notice-template-labels';
import { updateNoticeTemplatesAction } from '../templates-actions';

/** An admin's form for the texts the program's reviewers start from (issue 13, item 5). */
export function NoticeTemplatesForm({ programId, programSlug, programName, templates }: { programId: string; programSlug: string; programName: string; templates: Record<NoticeTemplateKind, string> }) {
  const [state, action, pending] = useActionState(updateNoticeTemplatesAction, undefined);
  const idPrefix = `templates-${programSlug}`;
  return (
    <form action={action} noValidate aria-labelledby={`${idPrefix}-heading`} className="card max-w-3xl">
      <h3 id={`${idPrefix}-heading`} className="mt-0">
        Notice templates of {programName}
      </h3>
      <p className="mb-4 text-sm">
        On a case about a seal of this program, the reviewer’s forms start with these texts, to be edited before sending. {TEMPLATE_PLACEHOLDERS.join(', ')} are replaced by the case’s reference, domain,
        organization and the days the site has to respond. An empty template leaves the form empty.
      </p>
      <FocusedFormMessage state={state} />
      <input type="hidden" name="programId" value={programId} />
      {noticeTemplateKindsInOrder.map((kind) => (
        <TextField key={kind} name={kind} label={noticeTemplateLabels[kind].label} hint={noticeTemplateLabels[kind].hint} rows={5} required={false} defaultValue={templates[kind]} state={state} idPrefix={idPrefix} />
      ))}
      <button type="submit" className="btn-secondary" disabled={pending}>
        Save templates
      </button>
    </form>
  );
}
