import { apiRouteHandler } from '@/lib/api/api-route';
import { webhookDeliveryResend } from '@/lib/api/routes/webhooks';

export const POST = apiRouteHandler(webhookDeliveryResend);
