import { apiRouteHandler } from '@/lib/api/api-route';
import { openReviewCase } from '@/lib/api/routes/review-actions';

export const POST = apiRouteHandler(openReviewCase);
