'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formError, formValues, type FormState } from '@/lib/forms';
import { PROGRAM_SLUG_PATTERN } from '@/lib/programs/criterion';
import { addDraftCriterion } from '@/lib/services/programs/add-draft-criterion';
import { createCriteriaDraft } from '@/lib/services/programs/create-criteria-draft';
import { discardCriteriaDraft } from '@/lib/services/programs/discard-criteria-draft';
import { publishCriteriaVersion } from '@/lib/services/programs/publish-criteria-version';
import { removeDraftCriterion } from '@/lib/services/programs/remove-draft-criterion';
import { updateDraftChangeNote } from '@/lib/services/programs/update-draft-change-note';
import { updateDraftCriterion } from '@/lib/services/programs/update-draft-criterion';

/** The program slug a form names, only ever used to build a path back to this area. */
function slugOf(formData: FormData): string {
  const slug = String(formData.get('programSlug') ?? '');
  return PROGRAM_SLUG_PATTERN.test(slug) ? slug : '';
}

function draftPath(formData: FormData) {
  return `/review/programs/${slugOf(formData)}/draft`;
}

function refresh(formData: FormData) {
  revalidatePath('/review/programs', 'layout');
  revalidatePath(`/programs/${slugOf(formData)}`, 'layout');
}

/** A criterion form's fields as the verbs take them; commitments are one per line. */
function criterionInput(formData: FormData) {
  const text = (name: string) => String(formData.get(name) ?? '');
  return {
    criteriaVersionId: formData.get('criteriaVersionId'),
    code: text('code'),
    title: text('title'),
    guidance: text('guidance'),
    requirement: formData.get('requirement'),
    question: text('question'),
    evidencePrompt: text('evidencePrompt'),
    evidenceRequired: formData.get('evidenceRequired') === 'on',
    commitments: text('commitments')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  };
}

export async function startDraftAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  try {
    await createCriteriaDraft({ ctx: await getServiceContext(), input: { programId: formData.get('programId') } });
  } catch (error) {
    return formError(error, formData);
  }
  revalidatePath('/review/programs', 'layout');
  redirect(draftPath(formData));
}

export async function updateCriterionAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  try {
    const saved = await updateDraftCriterion({ ctx: await getServiceContext(), input: criterionInput(formData) });
    refresh(formData);
    return { success: `Saved “${saved.title}”.`, values: formValues(formData) };
  } catch (error) {
    return formError(error, formData);
  }
}

export async function addCriterionAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  let code: string;
  try {
    code = (await addDraftCriterion({ ctx: await getServiceContext(), input: criterionInput(formData) })).code;
  } catch (error) {
    return formError(error, formData);
  }
  refresh(formData);
  redirect(`${draftPath(formData)}?added=${encodeURIComponent(code)}`);
}

export async function removeCriterionAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  try {
    const removed = await removeDraftCriterion({ ctx: await getServiceContext(), input: { criteriaVersionId: formData.get('criteriaVersionId'), code: formData.get('code') } });
    refresh(formData);
    return { success: `Removed “${removed.title}”.` };
  } catch (error) {
    return formError(error, formData);
  }
}

export async function saveChangeNoteAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  try {
    await updateDraftChangeNote({ ctx: await getServiceContext(), input: { criteriaVersionId: formData.get('criteriaVersionId'), changeNote: formData.get('changeNote') } });
    refresh(formData);
    return { success: 'Change note saved.', values: formValues(formData) };
  } catch (error) {
    return formError(error, formData);
  }
}

export async function publishAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  let version: number;
  try {
    const input = { criteriaVersionId: formData.get('criteriaVersionId'), changeNote: formData.get('changeNote') ?? undefined };
    version = (await publishCriteriaVersion({ ctx: await getServiceContext(), input })).version;
  } catch (error) {
    return formError(error, formData);
  }
  refresh(formData);
  redirect(`/review/programs?program=${slugOf(formData)}&published=${version}`);
}

export async function discardAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  let version: number;
  try {
    version = (await discardCriteriaDraft({ ctx: await getServiceContext(), input: { criteriaVersionId: formData.get('criteriaVersionId') } })).version;
  } catch (error) {
    return formError(error, formData);
  }
  refresh(formData);
  redirect(`/review/programs?program=${slugOf(formData)}&discarded=${version}`);
}
