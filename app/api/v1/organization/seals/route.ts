import { apiRouteHandler } from '@/lib/api/api-route';
import { organizationSeals } from '@/lib/api/routes/organization';

export const GET = apiRouteHandler(organizationSeals);
