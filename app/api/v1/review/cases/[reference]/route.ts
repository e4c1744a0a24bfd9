import { apiRouteHandler } from '@/lib/api/api-route';
import { reviewCase } from '@/lib/api/routes/review-actions';

export const GET = apiRouteHandler(reviewCase);
