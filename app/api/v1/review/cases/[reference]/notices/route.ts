import { apiRouteHandler } from '@/lib/api/api-route';
import { sendReviewNotice } from '@/lib/api/routes/review-actions';

export const POST = apiRouteHandler(sendReviewNotice);
