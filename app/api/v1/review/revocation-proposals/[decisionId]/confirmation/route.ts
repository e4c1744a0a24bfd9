import { apiRouteHandler } from '@/lib/api/api-route';
import { confirmReviewRevocation } from '@/lib/api/routes/review-actions';

export const POST = apiRouteHandler(confirmReviewRevocation);
