import { apiRouteHandler } from '@/lib/api/api-route';
import { sealStatusExport } from '@/lib/api/routes/public-status';

export const GET = apiRouteHandler(sealStatusExport);
