import { getServiceContext } from '@/lib/auth/session';
import { csvExport, exportFilters } from '@/lib/lists/csv-export';
import { displayedSealStatus, listSeals } from '@/lib/services/seals/list-seals';

/** The seals list as CSV, with the filters it is shown with (`/review/seals?…`), every page of it. */
export async function GET(request: Request) {
  const ctx = await getServiceContext();
  const filters = exportFilters(request.url);
  return csvExport({
    filename: 'seals.csv',
    header: ['Seal', 'Status', 'Holder', 'Domains', 'Issued', 'Expires'],
    read: (after) => listSeals({ ctx, input: { ...filters, after } }),
    rowsOf: (page) => page.seals.map((row) => [row.seal.publicId, displayedSealStatus(row.seal.status, row.pastExpiry), row.organizationName, row.domains.join(' '), row.seal.issuedAt, row.seal.expiresAt]),
  });
}
