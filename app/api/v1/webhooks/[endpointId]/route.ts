import { apiRouteHandler } from '@/lib/api/api-route';
import { webhookEndpointDelete } from '@/lib/api/routes/webhooks';

export const DELETE = apiRouteHandler(webhookEndpointDelete);
