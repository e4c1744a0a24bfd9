import { apiRouteHandler } from '@/lib/api/api-route';
import { webhookDeliveriesList } from '@/lib/api/routes/webhooks';

export const GET = apiRouteHandler(webhookDeliveriesList);
