import { apiRouteHandler } from '@/lib/api/api-route';
import { respondToOrganizationCase } from '@/lib/api/routes/organization';

export const POST = apiRouteHandler(respondToOrganizationCase);
