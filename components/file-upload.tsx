'use client';

import { useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { fieldErrorsFor, FormMessage } from '@/components/form-fields';
import type { FormState } from '@/lib/forms';
import { EVIDENCE_LIMITS, megabytes } from '@/lib/complaints/limits';
import { UPLOAD_ROUTE, uploadTokensField } from '@/lib/uploads/upload-field';

/** The file input of the field `inputName` (a data attribute: once the page runs, the input has no name, see below). */
function fileInputOf(form: HTMLFormElement, inputName: string): HTMLInputElement | null {
  return form.querySelector<HTMLInputElement>(`input[type="file"][data-files-for="${inputName}"]`);
}

/** The problems of chosen files the server would refuse for their number or size, every one at once; null when none. */
function filesProblem(files: File[], countLimit: string): string | null {
  // Every problem at once, each file by name: fixing one to be told of the next is a round trip each.
  const problems: string[] = [];
  if (files.length > EVIDENCE_LIMITS.maxFiles) problems.push(`You chose ${files.length} files; at most ${EVIDENCE_LIMITS.maxFiles} ${countLimit}.`);
  for (const big of files.filter((file) => file.size > EVIDENCE_LIMITS.maxFileBytes)) {
    problems.push(`“${big.name}” is ${megabytes(big.size)}; each file may be at most ${megabytes(EVIDENCE_LIMITS.maxFileBytes)}.`);
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > EVIDENCE_LIMITS.maxTotalBytes) problems.push(`Your files add up to ${megabytes(total)}; together they may be at most ${megabytes(EVIDENCE_LIMITS.maxTotalBytes)}.`);
  return problems.length > 0 ? problems.join(' ') : null;
}

/**
 * Refuses, before sending, files the server would refuse for their number or size: a big upload is
 * not sent in vain. `countLimit` ends the sentence about too many files ("can be sent with a complaint").
 */
export function chosenFilesProblem(form: HTMLFormElement, inputName: string, countLimit: string): string | null {
  const input = fileInputOf(form, inputName);
  return filesProblem(input?.files ? [...input.files] : [], countLimit);
}

/** Where each file field's uploads stand, for its form's submit guard: still sending, and the files refused. */
type UploadsState = { busy: Promise<void> | null; refused: string[] };
const fieldUploads = new WeakMap<HTMLInputElement, UploadsState>();

/**
 * A form's submit guard for its file input: the problem to show, and the handler that stops the
 * submit. Files the server would refuse for their number or size stop it; so do files the upload
 * route refused. While chosen files are still being uploaded, the submit waits for them and then
 * goes ahead by itself.
 */
export function useChosenFilesCheck(inputName: string, countLimit: string) {
  const [problem, setProblem] = useState<string | null>(null);
  const waitingFor = useRef<Promise<void> | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const found = chosenFilesProblem(form, inputName, countLimit);
    setProblem(found);
    if (found) return event.preventDefault();
    const input = fileInputOf(form, inputName);
    // Files chosen while the page was still loading were not sent yet: send them now.
    if (input && !input.name && input.files?.length && !fieldUploads.has(input)) input.dispatchEvent(new Event('change', { bubbles: true }));
    const uploads = input ? fieldUploads.get(input) : undefined;
    if (!uploads) return;
    if (uploads.refused.length > 0) {
      event.preventDefault();
      setProblem(`${uploads.refused.join(' ')} Choose your files again without ${uploads.refused.length === 1 ? 'it' : 'them'}.`);
      return;
    }
    if (uploads.busy) {
      event.preventDefault();
      if (waitingFor.current === uploads.busy) return;
      waitingFor.current = uploads.busy;
      void uploads.busy.then(() => {
        waitingFor.current = null;
        form.requestSubmit();
      });
    }
  };
  return { problem, onSubmit };
}

/** The message of a form with files: the browser's own refusal of the files, else the server's answer. */
export function UploadFormMessage({ problem, state }: { problem: string | null; state: FormState | undefined }) {
  return (
    <div aria-live="polite">
      {problem ? (
        <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {problem} Nothing was sent; what you typed is still here.
        </div>
      ) : (
        <FormMessage state={state} />
      )}
    </div>
  );
}

type FileUploadFieldProps = {
  id: string;
  name: string;
  label: string;
  state: FormState | undefined;
  /** What the files usually are, before the accepted types ("Screenshots, mails or letters"). */
  examples?: string;
  /** What a refusal refuses, for the reminder that files must be chosen again ("form", "response"). */
  refused: string;
};

const noSubscription = () => () => {};

type Upload = { name: string; status: 'waiting' | 'uploading' | 'uploaded' | 'refused'; progress: number; token?: string; message?: string };

/**
 * Sends one file to the upload route and reports its progress (XMLHttpRequest: fetch tells nothing
 * of an upload's progress). Resolves with the token, or with the server's sentence on a refusal.
 */
function sendFile(file: File, onProgress: (fraction: number) => void, started: (request: XMLHttpRequest) => void): Promise<{ token: string } | { message: string }> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', UPLOAD_ROUTE);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      let body: { token?: string; error?: string } | null = null;
      try {
        body = JSON.parse(request.responseText) as { token?: string; error?: string };
      } catch {
        // The upload gate answers in plain text (lib/server/upload-gate.ts).
      }
      if (request.status === 201 && body?.token) resolve({ token: body.token });
      else resolve({ message: body?.error ?? (request.responseText.trim() || `The server refused “${file.name}” (${request.status}).`) });
    };
    request.onerror = () => resolve({ message: `The upload of “${file.name}” was interrupted: check your connection and choose the files again.` });
    // Stopped because other files were chosen: whoever waited for it has moved on.
    request.onabort = () => resolve({ message: `The upload of “${file.name}” was stopped.` });
    const form = new FormData();
    form.append('file', file, file.name);
    started(request);
    request.send(form);
  });
}

/**
 * The file input for evidence or documents: the accepted types and limits stated, its own errors
 * shown. Without JavaScript it is a plain file input, sent with the form. Once the page runs, each
 * chosen file is sent at once to the upload route, one after another, its progress or refusal
 * shown beside it, and the form carries only the tokens the route answered (docs/adr/0021).
 */
export function FileUploadField({ id, name, label, state, examples, refused }: FileUploadFieldProps) {
  const errors = fieldErrorsFor(state, name);
  const countLimit = refused === 'form' ? 'can be sent with a complaint' : `can be attached to ${/^[aeiou]/.test(refused) ? 'an' : 'a'} ${refused}`;
  // False while rendered on the server and during hydration: until then the input is a plain one.
  const running = useSyncExternalStore(noSubscription, () => true, () => false);
  // The uploads of the files chosen since the server's last answer: after a refusal they must be chosen again (its message says so).
  const [chosen, setChosen] = useState<{ answer: FormState | undefined; uploads: Upload[]; problem: string | null }>({ answer: state, uploads: [], problem: null });
  const current = chosen.answer === state ? chosen : { uploads: [], problem: null };
  const { uploads, problem } = current;
  const input = useRef<HTMLInputElement>(null);
  const generation = useRef(0);
  const inFlight = useRef<XMLHttpRequest | null>(null);
  const release = useRef<() => void>(() => {});

  const stop = () => {
    generation.current++;
    inFlight.current?.abort();
    inFlight.current = null;
    release.current();
  };

  async function choose(files: File[]) {
    stop();
    const run = generation.current;
    const field = input.current!;
    const found = filesProblem(files, countLimit);
    if (found || files.length === 0) {
      setChosen({ answer: state, uploads: [], problem: found });
      fieldUploads.set(field, { busy: null, refused: [] });
      return;
    }
    const update = (index: number, change: Partial<Upload>) =>
      setChosen((previous) => ({ ...previous, uploads: previous.uploads.map((upload, at) => (at === index ? { ...upload, ...change } : upload)) }));
    setChosen({ answer: state, uploads: files.map((file) => ({ name: file.name, status: 'waiting', progress: 0 })), problem: null });
    const tracked: UploadsState = { busy: new Promise<void>((resolve) => (release.current = resolve)), refused: [] };
    fieldUploads.set(field, tracked);
    for (const [index, file] of files.entries()) {
      update(index, { status: 'uploading' });
      const result = await sendFile(file, (progress) => update(index, { progress }), (request) => (inFlight.current = request));
      if (run !== generation.current) return;
      // Committed at once: a submit waiting for these uploads goes ahead as soon as they are done, and must find the token fields in the form.
      if ('token' in result) flushSync(() => update(index, { status: 'uploaded', progress: 1, token: result.token }));
      else {
        update(index, { status: 'refused', message: result.message });
        tracked.refused.push(result.message);
      }
    }
    tracked.busy = null;
    release.current();
  }

  const done = uploads.filter((upload) => upload.status === 'uploaded').length;
  const refusedCount = uploads.filter((upload) => upload.status === 'refused').length;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <p id={`${id}-hint`} className="mb-1 text-sm text-slate-600">
        {examples ? `${examples}: images` : 'Images'} (PNG, JPEG, GIF, WebP), PDF or plain text. At most {EVIDENCE_LIMITS.maxFiles} files, each up to{' '}
        {megabytes(EVIDENCE_LIMITS.maxFileBytes)}, {megabytes(EVIDENCE_LIMITS.maxTotalBytes)} together. If the {refused} is refused, choose the files again: browsers
        do not keep them.
      </p>
      <input
        ref={input}
        id={id}
        // Sent with the form only without JavaScript; otherwise the files go to the upload route first.
        name={running ? undefined : name}
        data-files-for={name}
        type="file"
        multiple
        accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain"
        aria-describedby={errors ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={errors || problem ? true : undefined}
        className="block"
        onChange={running ? (event) => void choose([...(event.currentTarget.files ?? [])]) : undefined}
      />
      {problem && <p className="field-error">{problem}</p>}
      {uploads.length > 0 && (
        <>
          <ul className="mt-2 space-y-1 text-sm" data-testid={`${id}-uploads`}>
            {uploads.map((upload, index) => (
              <li key={index} data-upload-status={upload.status}>
                <span className="font-medium">{upload.name}</span>{' '}
                {upload.status === 'waiting' && <span className="text-slate-600">waiting</span>}
                {upload.status === 'uploading' && (
                  <>
                    <progress value={upload.progress} max={1} aria-label={`Uploading ${upload.name}`} className="align-middle" /> {Math.round(upload.progress * 100)} %
                  </>
                )}
                {upload.status === 'uploaded' && <span className="text-green-800">uploaded</span>}
                {upload.status === 'refused' && <span className="field-error inline">refused: {upload.message}</span>}
              </li>
            ))}
          </ul>
          <p aria-live="polite" className="sr-only">
            {done} of {uploads.length} files uploaded{refusedCount > 0 ? `, ${refusedCount} refused` : ''}.
          </p>
          {uploads.map((upload, index) => upload.token && <input key={index} type="hidden" name={uploadTokensField(name)} value={upload.token} />)}
        </>
      )}
      {errors && (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
