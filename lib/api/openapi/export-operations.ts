import { z } from 'zod';
import { sealStatusExport } from '@/lib/api/routes/public-status';
import type { ApiOperation } from './operation';

/* The daily export of every public status (issue #17, item 5). */

export const EXPORT_OPERATIONS: Array<ApiOperation & { tag: 'Seal status' }> = [
  {
    method: 'get',
    path: '/api/v1/seals/export',
    operationId: 'getSealStatusExport',
    tag: 'Seal status',
    summary: 'Every seal’s status, exported daily',
    description:
      'The newest daily export (made at 00:15 UTC) for offline checks: one status document per line (JSON Lines), every seal ever issued, by seal id; gzipped when `Accept-Encoding` allows. ' +
      '`OpenSeal-Export-Signature` is a compact JWS (EdDSA, `typ: openseal-status-export+jws`, key in `/.well-known/jwks.json`) over `{day, generatedAt, sealCount, sha256, bytes}`, where `sha256` is the hex digest of the uncompressed lines (also in `Repr-Digest`).',
    access: { key: sealStatusExport },
    responses: {
      '200': { description: 'The export, as a download.', content: { 'application/jsonl': z.string().meta({ description: 'One status document (as `GET /api/v1/seals/{sealId}/status` answers it) per line.' }) } },
    },
  },
];
