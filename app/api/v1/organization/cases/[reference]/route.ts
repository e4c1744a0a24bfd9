import { apiRouteHandler } from '@/lib/api/api-route';
import { organizationCase } from '@/lib/api/routes/organization';

export const GET = apiRouteHandler(organizationCase);
