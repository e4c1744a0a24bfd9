'use server';

import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { declareChangeOfControl } from '@/lib/services/cases/declare-change-of-control';

/** A member declares a change of control; they land on the case it opens. */
export async function declareChangeOfControlAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await declareChangeOfControl({
      ctx: await getServiceContext(),
      input: {
        organizationId: formText(formData, 'organizationId'),
        kind: formText(formData, 'kind'),
        effectiveOn: formText(formData, 'effectiveOn'),
        counterparty: formText(formData, 'counterparty'),
        description: formText(formData, 'description'),
      },
    });
    redirect(`/portal/cases/${caseRow.reference}?declared=1`);
  });
}
