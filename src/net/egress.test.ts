import { describe, expect, it } from 'vitest';
import { EgressPolicy, EgressRefusedError } from './egress.js';

const lookup = (policy: EgressPolicy, host: string) =>
  new Promise<string>((resolve, reject) =>
    policy.lookup(host, { family: 0 }, (error, address) =>
      error ? reject(error) : resolve(address as string),
    ),
  );

describe('EgressPolicy', () => {
  const closed = EgressPolicy.allowing([]);

  it('refuses loopback, link-local, unspecified and metadata addresses, mapped forms included', () => {
    expect(closed.refusal('127.0.0.1')).toBe('a loopback address');
    expect(closed.refusal('127.8.9.10')).toBe('a loopback address');
    expect(closed.refusal('::1')).toBe('a loopback address');
    expect(closed.refusal('::ffff:127.0.0.1')).toBe('a loopback address');
    expect(closed.refusal('[::1]')).toBe('a loopback address');
    expect(closed.refusal('169.254.169.254')).toBe('a cloud metadata address');
    expect(closed.refusal('fd00:ec2::254')).toBe('a cloud metadata address');
    expect(closed.refusal('169.254.1.1')).toBe('a link-local address');
    expect(closed.refusal('fe80::1%eth0')).toBe('a link-local address');
    expect(closed.refusal('0.0.0.0')).toBe('an unspecified address');
    expect(closed.refusal('not-an-ip')).toBe('not an IP address');
  });

  it('lets public and private network addresses through', () => {
    for (const address of [
      '10.1.2.3',
      '192.168.0.10',
      '172.16.5.4',
      '93.184.216.34',
      '2001:db8::1',
    ])
      expect(closed.refusal(address)).toBeNull();
  });

  it('allows exactly what SLUICE_EGRESS_ALLOW lists', () => {
    const policy = EgressPolicy.allowing(['127.0.0.1/32', '::1', '169.254.0.0/16']);
    expect(policy.refusal('127.0.0.1')).toBeNull();
    expect(policy.refusal('::ffff:127.0.0.1')).toBeNull();
    expect(policy.refusal('127.0.0.2')).toBe('a loopback address');
    expect(policy.refusal('::1')).toBeNull();
    expect(policy.refusal('169.254.169.254')).toBeNull();
    expect(() => EgressPolicy.allowing(['localhost'])).toThrow(/not an address/);
    expect(() => EgressPolicy.allowing(['10.0.0.0/33'])).toThrow(/prefix/);
  });

  it('checks every address a host name resolves to', async () => {
    await expect(lookup(closed, 'localhost')).rejects.toBeInstanceOf(EgressRefusedError);
    await expect(lookup(closed, '127.0.0.1')).rejects.toThrow(/refused: a loopback address/);
    const open = EgressPolicy.allowing(['127.0.0.0/8', '::1']);
    expect(await lookup(open, '127.0.0.1')).toBe('127.0.0.1');
  });

  it('names the host and the address in the refusal', () => {
    expect(() => closed.assertAllowed('metadata.internal', '169.254.169.254')).toThrow(
      'Connections to metadata.internal (169.254.169.254) are refused: a cloud metadata address.',
    );
  });
});
