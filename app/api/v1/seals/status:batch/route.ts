import { apiRouteHandler } from '@/lib/api/api-route';
import { sealStatusBatch } from '@/lib/api/routes/public-status';

export const POST = apiRouteHandler(sealStatusBatch);
