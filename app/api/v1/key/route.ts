import { apiRouteHandler } from '@/lib/api/api-route';
import { currentKey } from '@/lib/api/routes/key';

export const GET = apiRouteHandler(currentKey);
