'use server';

import { headers } from 'next/headers';
import { getServiceContext } from '@/lib/auth/session';
import { formError, formText, type FormState } from '@/lib/forms';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';
import { publicOrigin } from '@/lib/server/public-origin';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';
import { FILES_AGAIN } from '@/lib/services/complaints/intake-rate-limits';
import { stagedUploadsOf } from '@/lib/uploads/form-uploads';
import { complaintFieldsOf, evidenceOf } from '../_components/form-data';

export type ComplaintFormState = FormState & { filed?: { reference: string; trackingUrl: string } };

/** Files a public complaint; on a refusal gives back what was typed, and says when files must be chosen again. */
export async function fileComplaintAction(_previous: ComplaintFormState | undefined, formData: FormData): Promise<ComplaintFormState> {
  const evidence = await evidenceOf(formData);
  const staged = await stagedUploadsOf(formData, 'evidence');
  try {
    const { complaint, trackingPath } = await fileComplaint({
      ctx: await getServiceContext(),
      input: {
        ...complaintFieldsOf(formData),
        complainantName: formText(formData, 'complainantName'),
        complainantEmail: formText(formData, 'complainantEmail'),
        website: formText(formData, 'website'),
        evidence,
        ...staged,
        clientAddress: (await headers()).get(CLIENT_IP_HEADER) ?? 'unknown',
      },
    });
    return { filed: { reference: complaint.reference, trackingUrl: `${await publicOrigin()}${trackingPath}` } };
  } catch (error) {
    const state = formError(error, formData);
    if (evidence.length + staged.uploads.length > 0 && state.error && !state.error.includes(FILES_AGAIN)) state.error = `${state.error} ${FILES_AGAIN}`;
    return state;
  }
}
