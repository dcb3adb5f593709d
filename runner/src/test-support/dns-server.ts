import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import dnsPacket from 'dns-packet';

const NXDOMAIN = 3;

export interface TestDnsServer {
  /** `127.0.0.1:<port>`, for WEBHOOK_DNS_SERVERS. */
  address: string;
  /** Points `name` at these addresses (A and AAAA answered from the IPv4 and IPv6 ones), from now on. */
  set(name: string, addresses: string[]): void;
  /** Names asked about, in order. */
  queries: string[];
  stop(): Promise<void>;
}

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 that answers A and AAAA from a table the test
 * changes at will (TTL 0), and NXDOMAIN for unknown names: how a test makes a host name resolve to a
 * public address now and a private one a moment later, over real DNS.
 */
export async function startDnsServer(records: Record<string, string[]> = {}): Promise<TestDnsServer> {
  const table = new Map(Object.entries(records).map(([k, v]) => [k.toLowerCase(), v]));
  const queries: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (msg, from) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    queries.push(name);
    const known = table.get(name);
    const family = question.type === 'A' ? 4 : question.type === 'AAAA' ? 6 : 0;
    const answers = (known ?? [])
      .filter((a) => isIP(a) === family)
      .map((data) => ({
        type: question.type as 'A' | 'AAAA',
        class: 'IN' as const,
        name: question.name,
        ttl: 0,
        data,
      }));
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | (known ? 0 : NXDOMAIN),
      questions: query.questions,
      answers,
    });
    socket.send(response, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    set: (name, addresses) => void table.set(name.toLowerCase(), addresses),
    queries,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
