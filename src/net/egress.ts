// Owns the egress policy every outbound connection of an action passes (DESIGN.md §6): loopback,
// link-local, unspecified and cloud-metadata addresses are refused unless the operator allows
// them with SLUICE_EGRESS_ALLOW. Checks apply to resolved addresses, so a host name that
// resolves to a refused address is refused too, and a client that follows redirects checks
// every hop by resolving through `lookup`.
import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';

/** Why a destination was refused; actions report it as an `egress.refused` failure. */
export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      `Connections to ${host}${host === address ? '' : ` (${address})`} are refused: ${reason}. ` +
        'An operator may allow it with SLUICE_EGRESS_ALLOW.',
    );
    this.name = 'EgressRefusedError';
  }
}

interface Range {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
  reason: string;
}

// Metadata endpoints come first so their reason wins over the wider link-local range.
const REFUSED: readonly Range[] = [
  { network: '169.254.169.254', prefix: 32, family: 'ipv4', reason: 'a cloud metadata address' },
  { network: '169.254.170.2', prefix: 32, family: 'ipv4', reason: 'a cloud metadata address' },
  { network: '100.100.100.200', prefix: 32, family: 'ipv4', reason: 'a cloud metadata address' },
  { network: 'fd00:ec2::254', prefix: 128, family: 'ipv6', reason: 'a cloud metadata address' },
  { network: '127.0.0.0', prefix: 8, family: 'ipv4', reason: 'a loopback address' },
  { network: '::1', prefix: 128, family: 'ipv6', reason: 'a loopback address' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', reason: 'a link-local address' },
  { network: 'fe80::', prefix: 10, family: 'ipv6', reason: 'a link-local address' },
  { network: '0.0.0.0', prefix: 8, family: 'ipv4', reason: 'an unspecified address' },
  { network: '::', prefix: 128, family: 'ipv6', reason: 'an unspecified address' },
];

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** An IPv4-mapped IPv6 address is checked as the IPv4 address it carries. */
function canonical(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = MAPPED_IPV4.exec(bare);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  const version = net.isIP(bare);
  if (version === 4) return { address: bare, family: 'ipv4' };
  if (version === 6) return { address: bare.toLowerCase(), family: 'ipv6' };
  return null;
}

/** Parses one SLUICE_EGRESS_ALLOW entry: an address or a CIDR range. */
function parseAllowEntry(entry: string): Range {
  const [rawAddress, rawPrefix] = entry.trim().split('/');
  const address = canonical(rawAddress ?? '');
  if (!address) throw new Error(`SLUICE_EGRESS_ALLOW: "${entry}" is not an address or CIDR range`);
  const max = address.family === 'ipv4' ? 32 : 128;
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
    throw new Error(`SLUICE_EGRESS_ALLOW: "${entry}" has an invalid prefix length`);
  return { network: address.address, prefix, family: address.family, reason: 'allowed' };
}

export class EgressPolicy {
  private readonly allowed = new net.BlockList();
  private readonly refused: { list: net.BlockList; reason: string }[];

  private constructor(allow: readonly Range[], refuse: readonly Range[]) {
    for (const range of allow) this.allowed.addSubnet(range.network, range.prefix, range.family);
    this.refused = refuse.map((range) => {
      const list = new net.BlockList();
      list.addSubnet(range.network, range.prefix, range.family);
      return { list, reason: range.reason };
    });
  }

  /** The policy from SLUICE_EGRESS_ALLOW's entries (addresses or CIDR ranges). */
  static allowing(entries: readonly string[]): EgressPolicy {
    return new EgressPolicy(entries.filter((e) => e.trim() !== '').map(parseAllowEntry), REFUSED);
  }

  /** Refuses nothing: for unit tests of actions that talk to a local peer. */
  static unrestricted(): EgressPolicy {
    return new EgressPolicy([], []);
  }

  /** Why `address` is refused, or null when a connection to it may be opened. */
  refusal(address: string): string | null {
    const target = canonical(address);
    if (!target) return 'not an IP address';
    if (this.allowed.check(target.address, target.family)) return null;
    for (const { list, reason } of this.refused)
      if (list.check(target.address, target.family)) return reason;
    return null;
  }

  /** Throws {@link EgressRefusedError} unless a connection from `host` to `address` may open. */
  assertAllowed(host: string, address: string): void {
    const reason = this.refusal(address);
    if (reason) throw new EgressRefusedError(host, address, reason);
  }

  /**
   * A drop-in for `dns.lookup` in socket and agent options: resolves the host (or takes a
   * literal address as it is) and fails with {@link EgressRefusedError} when any address it
   * would connect to is refused, so a name cannot smuggle a refused address past the check.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const reason = this.refusal(address);
        if (reason) return callback(new EgressRefusedError(hostname, address, reason), '', 0);
      }
      if (options.all) return (callback as unknown as AllCallback)(null, list);
      const first = list[0];
      if (!first)
        return callback(
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
          '',
          0,
        );
      callback(null, first.address, first.family);
    });
  };
}

type AllCallback = (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void;
