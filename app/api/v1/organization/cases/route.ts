import { apiRouteHandler } from '@/lib/api/api-route';
import { organizationCases } from '@/lib/api/routes/organization';

export const GET = apiRouteHandler(organizationCases);
