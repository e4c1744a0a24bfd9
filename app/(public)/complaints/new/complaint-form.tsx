'use client';

import { useActionState } from 'react';
import { UploadFormMessage } from '@/components/file-upload';
import { TextField } from '@/components/form-fields';
import { ComplaintFields, useEvidenceCheck } from '../_components/complaint-fields';
import { fileComplaintAction } from './actions';

/** The public complaint form; after filing it shows the reference and the private tracking link instead. */
export function ComplaintForm({ sealId }: { sealId?: string }) {
  const [state, action, pending] = useActionState(fileComplaintAction, undefined);
  const evidenceCheck = useEvidenceCheck();

  if (state?.filed) {
    return (
      <section aria-labelledby="filed-heading" className="card max-w-2xl space-y-3" data-testid="complaint-filed">
        <h2 id="filed-heading" className="mt-0">
          Your complaint was received
        </h2>
        <p>
          Its reference is <strong className="font-mono text-lg" data-testid="complaint-reference">{state.filed.reference}</strong>. Quote it if you write to us.
        </p>
        <p>Follow your complaint with this private tracking link:</p>
        <p className="break-all rounded border border-slate-300 bg-slate-50 p-2 font-mono text-sm">
          <a href={state.filed.trackingUrl} data-testid="tracking-link" rel="noreferrer">
            {state.filed.trackingUrl}
          </a>
        </p>
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          Keep this link: bookmark it or save it somewhere safe. It is the only way to see your complaint, we cannot show it again, and anyone who has it can read its
          status. We have also mailed it to you.
        </p>
      </section>
    );
  }

  return (
    <form
      action={action}
      noValidate
      className="card max-w-2xl"
      aria-labelledby="complaint-form-heading"
      onSubmit={evidenceCheck.onSubmit}
    >
      <h2 id="complaint-form-heading" className="mt-0">
        Your complaint
      </h2>
      <UploadFormMessage problem={evidenceCheck.problem} state={state} />
      {sealId ? (
        <input type="hidden" name="sealId" value={sealId} />
      ) : (
        <TextField name="domain" label="Which website is it about?" hint="Its address, like example.com." state={state} />
      )}
      <ComplaintFields state={state} />

      <h3 className="mb-2 mt-6 font-semibold">About you</h3>
      <p className="mb-3 text-sm text-slate-700">Only the seal authority sees your name and email, unless you agree below that the site may learn them.</p>
      <TextField name="complainantName" label="Your name" autoComplete="name" state={state} />
      <TextField name="complainantEmail" label="Your email address" type="email" autoComplete="email" hint="We send the reference and your tracking link here." state={state} />
      <label className="mb-4 flex items-start gap-2">
        <input type="checkbox" name="shareIdentity" value="yes" defaultChecked={state?.values?.shareIdentity === 'yes'} className="mt-1" />
        <span>The site may learn my name and email if the seal authority investigates (it helps the site find your account).</span>
      </label>

      {/* A trap for programs that fill in every field; hidden from people and from assistive technology. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="field-website">Leave this field empty</label>
        <input id="field-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Sending…' : 'Send the complaint'}
      </button>
    </form>
  );
}
