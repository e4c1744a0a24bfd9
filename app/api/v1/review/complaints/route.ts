import { apiRouteHandler } from '@/lib/api/api-route';
import { reviewComplaints } from '@/lib/api/routes/review';

export const GET = apiRouteHandler(reviewComplaints);
