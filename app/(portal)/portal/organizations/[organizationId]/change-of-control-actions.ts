'use server';

import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { declareChangeOfControl } from '@/lib/services/cases/declare-change-of-control';

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** A member declares a change of control; they land on the case it opens. */
export async function declareChangeOfControlAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { caseRow } = await declareChangeOfControl({
      ctx: await getServiceContext(),
      input: {
        organizationId: text(formData, 'organizationId'),
        kind: text(formData, 'kind'),
        effectiveOn: text(formData, 'effectiveOn'),
        counterparty: text(formData, 'counterparty'),
        description: text(formData, 'description'),
      },
    });
    redirect(`/portal/cases/${caseRow.reference}?declared=1`);
  });
}
