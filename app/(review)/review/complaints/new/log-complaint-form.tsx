'use client';

import { useActionState } from 'react';
import { UploadFormMessage } from '@/components/file-upload';
import { TextField, fieldErrorsFor } from '@/components/form-fields';
import { complaintSourceLabels } from '@/lib/complaints/labels';
import { ComplaintFields, useEvidenceCheck } from '@/app/(public)/complaints/_components/complaint-fields';
import { logComplaintAction } from '../actions';

const sources = ['reviewer', 'regulator', 'monitor'] as const;

/** A reviewer logs a complaint that came in another way; the same fields as the public form. */
export function LogComplaintForm() {
  const [state, action, pending] = useActionState(logComplaintAction, undefined);
  const evidenceCheck = useEvidenceCheck();
  const sourceErrors = fieldErrorsFor(state, 'source');
  return (
    <form
      action={action}
      noValidate
      className="card max-w-2xl"
      aria-labelledby="log-heading"
      onSubmit={evidenceCheck.onSubmit}
    >
      <h2 id="log-heading" className="mt-0">
        The complaint
      </h2>
      <UploadFormMessage problem={evidenceCheck.problem} state={state} />
      <fieldset className="mb-4">
        <legend className="field-label">Where does it come from?</legend>
        <div className="flex flex-wrap gap-6">
          {sources.map((source) => (
            <label key={source} className="flex items-center gap-2">
              <input type="radio" name="source" value={source} defaultChecked={(state?.values?.source ?? 'reviewer') === source} /> {complaintSourceLabels[source]}
            </label>
          ))}
        </div>
        {sourceErrors && <p className="field-error">{sourceErrors.join(' ')}</p>}
      </fieldset>
      <TextField name="sealId" label="Seal id (optional)" hint="Like OS-7KQ2-9XF4, when the complaint names a seal." required={false} state={state} />
      <TextField name="domain" label="Website (optional if a seal is given)" hint="Its address, like example.com." required={false} state={state} />
      <ComplaintFields state={state} who="the complainant" />
      <h3 className="mb-2 mt-6 font-semibold">Complainant (optional)</h3>
      <TextField name="complainantName" label="Name" required={false} state={state} />
      <TextField name="complainantEmail" label="Email address" type="email" hint="Given, the complainant is mailed the reference and a private tracking link." required={false} state={state} />
      <label className="mb-4 flex items-start gap-2">
        <input type="checkbox" name="shareIdentity" value="yes" defaultChecked={state?.values?.shareIdentity === 'yes'} className="mt-1" />
        <span>The complainant agrees that the site may learn who they are.</span>
      </label>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Logging…' : 'Log the complaint'}
      </button>
    </form>
  );
}
