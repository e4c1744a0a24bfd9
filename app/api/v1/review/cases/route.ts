import { apiRouteHandler } from '@/lib/api/api-route';
import { reviewCases } from '@/lib/api/routes/review';

export const GET = apiRouteHandler(reviewCases);
