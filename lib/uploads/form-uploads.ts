import { cookies } from 'next/headers';
import { UPLOADER_COOKIE } from './upload-secrets';
import { uploadTokensField } from './upload-field';

/**
 * What a server action passes its verb for the files staged before the form (docs/adr/0021): the
 * tokens the form carries for the file input `name`, and the browser's anonymous uploader key,
 * which the verb needs to attach uploads sent without an account.
 */
export async function stagedUploadsOf(formData: FormData, name: string): Promise<{ uploads: string[]; uploaderKey?: string }> {
  const uploads = formData.getAll(uploadTokensField(name)).filter((value): value is string => typeof value === 'string' && value !== '');
  const uploaderKey = (await cookies()).get(UPLOADER_COOKIE)?.value;
  return { uploads, uploaderKey };
}
