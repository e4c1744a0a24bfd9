/**
 * The custom server writes the client's address into this header on every request, after
 * deleting whatever the client sent in it, so code behind it can trust the value.
 */
export const CLIENT_IP_HEADER = 'x-openseal-client-ip';
