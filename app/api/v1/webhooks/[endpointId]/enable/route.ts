import { apiRouteHandler } from '@/lib/api/api-route';
import { webhookEndpointEnable } from '@/lib/api/routes/webhooks';

export const POST = apiRouteHandler(webhookEndpointEnable);
