import { apiRouteHandler } from '@/lib/api/api-route';
import { webhookEndpointCreate, webhookEndpointsList } from '@/lib/api/routes/webhooks';

export const GET = apiRouteHandler(webhookEndpointsList);
export const POST = apiRouteHandler(webhookEndpointCreate);
