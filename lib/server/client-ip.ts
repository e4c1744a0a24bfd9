/**
 * The custom server writes the client's address into this header on every request, after
 * deleting whatever the client sent in it, so code behind it can trust the value
 * (lib/server/client-address.ts decides the address). No Node imports here: the header name is
 * read from code that may run outside Node.
 */
export const CLIENT_IP_HEADER = 'x-openseal-client-ip';
