import { createServer, Packet, type Resource } from 'dns2';

/** RFC 1035 §4.1.1 response code 3 (dns2 has Packet.RCODE at run time, but not in its typings). */
const NXDOMAIN = 3;

/** Records by name (lowercase, no trailing dot). A name listed with no record of the asked type answers "no data". */
export type TestZone = Record<string, { A?: string[]; AAAA?: string[]; TXT?: Array<string | string[]> }>;

export type TestDnsServer = {
  /** For NetPolicy.dnsServers: "127.0.0.1:<port>". */
  server: string;
  port: number;
  /** How many questions each name was asked, by "name TYPE" (e.g. "site.test A"). */
  queries: Map<string, number>;
  close(): Promise<void>;
};

const TYPE_NAMES: Record<number, string> = { [Packet.TYPE.A]: 'A', [Packet.TYPE.AAAA]: 'AAAA', [Packet.TYPE.TXT]: 'TXT' };

/**
 * A real DNS server (UDP, 127.0.0.1, a free port) answering from `zone`; names not in the zone get
 * NXDOMAIN. The zone object is read at every question, so a test may change it while running.
 */
export async function startDnsServer(zone: TestZone): Promise<TestDnsServer> {
  const queries = new Map<string, number>();
  const server = createServer({
    udp: true,
    handle(request, send) {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = (question?.name ?? '').toLowerCase().replace(/\.$/, '');
      const type = TYPE_NAMES[question?.type ?? 0] ?? String(question?.type);
      queries.set(`${name} ${type}`, (queries.get(`${name} ${type}`) ?? 0) + 1);
      const entry = zone[name];
      if (!entry) {
        response.header.rcode = NXDOMAIN;
        send(response);
        return;
      }
      const base = { name: question!.name, class: Packet.CLASS.IN, ttl: 1 };
      if (type === 'A') for (const address of entry.A ?? []) response.answers.push({ ...base, type: Packet.TYPE.A, address } as Resource);
      if (type === 'AAAA') for (const address of entry.AAAA ?? []) response.answers.push({ ...base, type: Packet.TYPE.AAAA, address } as Resource);
      if (type === 'TXT') for (const data of entry.TXT ?? []) response.answers.push({ ...base, type: Packet.TYPE.TXT, data } as Resource);
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = addresses.udp!.port;
  return { server: `127.0.0.1:${port}`, port, queries, close: () => server.close() };
}
