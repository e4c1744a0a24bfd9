import type { EvidenceUpload } from '@/lib/complaints/evidence-files';

/** A text field of the form, or undefined when absent. */
export function textOf(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === 'string' ? value : undefined;
}

/**
 * The chosen files. A file input left empty still sends one empty part, without a name (a browser
 * posting the form) or named "undefined" (React's server-action encoding): that is no file.
 */
export async function evidenceOf(formData: FormData): Promise<EvidenceUpload[]> {
  const nothingChosen = (file: File) => file.size === 0 && (file.name === '' || file.name === 'undefined');
  const files = formData.getAll('evidence').filter((value): value is File => typeof value !== 'string' && !nothingChosen(value));
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

/** The fields every complaint form sends, as the services take them. */
export function complaintFieldsOf(formData: FormData) {
  return {
    category: textOf(formData, 'category'),
    sealId: textOf(formData, 'sealId'),
    domain: textOf(formData, 'domain'),
    description: textOf(formData, 'description'),
    occurredOn: textOf(formData, 'occurredOn'),
    contactedCompany: textOf(formData, 'contactedCompany'),
    contactedCompanyOn: textOf(formData, 'contactedCompanyOn'),
    shareIdentity: textOf(formData, 'shareIdentity') === 'yes',
  };
}
