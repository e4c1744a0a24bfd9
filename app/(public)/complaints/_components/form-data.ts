import type { EvidenceUpload } from '@/lib/complaints/evidence-files';
import { formFiles, formText } from '@/lib/forms';

/** The evidence files chosen in a complaint form. */
export function evidenceOf(formData: FormData): Promise<EvidenceUpload[]> {
  return formFiles(formData, 'evidence');
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
