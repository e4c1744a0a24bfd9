import { apiRouteHandler } from '@/lib/api/api-route';
import { proposeReviewRevocation } from '@/lib/api/routes/review-actions';

export const POST = apiRouteHandler(proposeReviewRevocation);
