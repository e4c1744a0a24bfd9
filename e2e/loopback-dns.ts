import { createServer, Packet, type Resource } from 'dns2';
import { E2E_DNS_PORT } from './fixtures';

/**
 * The DNS server the e2e server asks (OPENSEAL_DNS_SERVERS, on E2E_DNS_PORT): each of `loopbackNames`
 * resolves to 127.0.0.1, where the site servers (e2e/site-server.ts) listen, and the TXT records
 * published here are answered, so a domain is proven the way a real one would be. `loopbackNames`
 * may be a spec's own map of sites, asked at each question: a site added later resolves too.
 */
export async function startLoopbackDns(loopbackNames: string[] | { has(name: string): boolean } = []) {
  const names = Array.isArray(loopbackNames) ? new Set(loopbackNames) : loopbackNames;
  const txt = new Map<string, string>();
  const server = createServer({
    udp: true,
    handle(request, send) {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = (question?.name ?? '').toLowerCase().replace(/\.$/, '');
      if (question?.type === Packet.TYPE.A && names.has(name)) {
        response.answers.push({ name: question.name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 1, address: '127.0.0.1' } as Resource);
      }
      if (question?.type === Packet.TYPE.TXT && txt.has(name)) {
        response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: txt.get(name)! } as Resource);
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: E2E_DNS_PORT, address: '127.0.0.1' } });
  return {
    /** The TXT record `name` answers from now on. */
    publishTxt: (name: string, value: string) => void txt.set(name.toLowerCase(), value),
    close: () => server.close(),
  };
}
