import { apiRouteHandler } from '@/lib/api/api-route';
import { decideReviewCase } from '@/lib/api/routes/review-actions';

export const POST = apiRouteHandler(decideReviewCase);
