import { apiRouteHandler } from '@/lib/api/api-route';
import { organizationApplications } from '@/lib/api/routes/organization';

export const GET = apiRouteHandler(organizationApplications);
