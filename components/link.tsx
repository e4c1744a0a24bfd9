import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * `next/link` that does not prefetch unless asked (docs/adr/0028-links-do-not-prefetch.md). Every
 * page here is rendered per request for the person reading it, so a prefetch renders a page nobody
 * may open: a staff list of fifty rows made fifty requests to the server. Following a link still
 * navigates on the client.
 */
export default function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
