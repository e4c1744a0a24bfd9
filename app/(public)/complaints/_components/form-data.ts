import type { EvidenceUpload } from '@/lib/complaints/evidence-files';
import { formText } from '@/lib/forms';

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
    category: formText(formData, 'category'),
    sealId: formText(formData, 'sealId'),
    domain: formText(formData, 'domain'),
    description: formText(formData, 'description'),
    occurredOn: formText(formData, 'occurredOn'),
    contactedCompany: formText(formData, 'contactedCompany'),
    contactedCompanyOn: formText(formData, 'contactedCompanyOn'),
    shareIdentity: formText(formData, 'shareIdentity') === 'yes',
  };
}
