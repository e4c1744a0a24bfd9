/**
 * The form field that carries the tokens of the files a browser staged for the file input `name`
 * (docs/adr/0021): one value per file. No Node imports: the browser's form uses it too.
 */
export function uploadTokensField(name: string): string {
  return `${name}Upload`;
}

/** Where a form's files are sent before the form (app/api/uploads/route.ts). */
export const UPLOAD_ROUTE = '/api/uploads';
