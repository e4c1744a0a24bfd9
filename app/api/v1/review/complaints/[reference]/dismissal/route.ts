import { apiRouteHandler } from '@/lib/api/api-route';
import { dismissReviewComplaint } from '@/lib/api/routes/review-actions';

export const POST = apiRouteHandler(dismissReviewComplaint);
