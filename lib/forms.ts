import { ServiceError, ValidationError } from '@/lib/services/errors';
import { isStorageFull, STORAGE_FULL_MESSAGE } from '@/lib/data-dir/storage-full';

/**
 * What a server action returns to its form: the message, errors per field, and what was typed.
 * `code` is the service error's type (`unauthenticated`, `forbidden`, `not_found`, `validation`,
 * `conflict`, `too_many_attempts`), so a client — and the permission table's e2e walk — can tell a
 * refusal by the permission rules from a mistake in the input without reading the message.
 */
export type FormState = {
  error?: string;
  code?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
  success?: string;
  /** Shown once, e.g. a generated password or an invitation link. */
  secret?: string;
  /** What the secret is, said above it ("Invitation link (shown once)"); a password when absent. */
  secretLabel?: string;
};

/** A text field of a submitted form, or undefined when absent (or a file): the services' zod parse says what is missing. */
export function formText(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
}

// `proof`: a code or the password, where a form takes either (two-factor sign-in's switch-off and recovery codes).
const NEVER_ECHOED = new Set(['password', 'passwordConfirmation', 'currentPassword', 'proof']);

/** The form's text fields, to give back on an error so nothing typed is lost (passwords excepted). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$') && !NEVER_ECHOED.has(key)) values[key] = value;
  }
  return values;
}

/** Turns a service error into form state; anything else is a bug and is rethrown to the error page. */
export function formError(error: unknown, formData: FormData): FormState {
  if (error instanceof ValidationError) return { error: error.message, code: error.code, fieldErrors: error.fieldErrors, values: formValues(formData) };
  if (error instanceof ServiceError) return { error: error.message, code: error.code, values: formValues(formData) };
  // The embedded database's disk is full (docs/adr/0001): the transaction was rolled back.
  if (isStorageFull(error)) return { error: STORAGE_FULL_MESSAGE, code: 'storage_full', values: formValues(formData) };
  throw error;
}

/**
 * Runs a server action's verb and turns a service error into form state. Next's redirect (thrown)
 * and real bugs pass through.
 */
export async function formAction(formData: FormData, run: () => Promise<FormState | void>): Promise<FormState> {
  try {
    return (await run()) ?? {};
  } catch (error) {
    return formError(error, formData);
  }
}

/** A file as the services take it: its name as sent and its bytes. */
export type UploadedFile = { name: string; bytes: Uint8Array };

/**
 * The files chosen in the field `name`. A file input left empty still sends one empty part, without
 * a name (a browser posting the form) or named "undefined" (React's server-action encoding): that
 * is no file.
 */
export async function formFiles(formData: FormData, name: string): Promise<UploadedFile[]> {
  const nothingChosen = (file: File) => file.size === 0 && (file.name === '' || file.name === 'undefined');
  const files = formData.getAll(name).filter((value): value is File => typeof value !== 'string' && !nothingChosen(value));
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}
