// Test helper: a throw-away certificate authority, a server certificate for 127.0.0.1 and a client
// certificate (PEM with its key, and PKCS#12 with a password), made with the openssl command.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  ca: Buffer;
  server: { key: Buffer; cert: Buffer };
  /** The client's certificate and key in one PEM file. */
  clientPem: Buffer;
  clientPfx: Buffer;
  clientPfxPassword: string;
  clientCommonName: string;
}

/** Whether the openssl command is available to make certificates. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-certs-'));
  const at = (name: string) => path.join(dir, name);
  // `{name}` stands for a file in the scratch directory; tokens never contain spaces.
  const openssl = (command: string) =>
    execFileSync(
      'openssl',
      command
        .split(' ')
        .map((token) => token.replace(/^\{(.+)\}$/, (_m, name: string) => at(name))),
      { stdio: 'pipe' },
    );
  const clientCommonName = 'sluice-test-client';
  const clientPfxPassword = 'pfx-password';
  const days = '-days 2';
  try {
    openssl(
      `req -x509 -newkey rsa:2048 -nodes ${days} -subj /CN=SluiceTestCA -keyout {ca.key} -out {ca.crt}`,
    );
    fs.writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost\n');
    openssl(
      'req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout {server.key} -out {server.csr}',
    );
    openssl(
      `x509 -req -in {server.csr} -CA {ca.crt} -CAkey {ca.key} -CAcreateserial ${days} -extfile {server.ext} -out {server.crt}`,
    );
    openssl(
      `req -newkey rsa:2048 -nodes -subj /CN=${clientCommonName} -keyout {client.key} -out {client.csr}`,
    );
    openssl(
      `x509 -req -in {client.csr} -CA {ca.crt} -CAkey {ca.key} -CAcreateserial ${days} -out {client.crt}`,
    );
    openssl(
      `pkcs12 -export -inkey {client.key} -in {client.crt} -passout pass:${clientPfxPassword} -out {client.pfx}`,
    );
    const read = (name: string) => fs.readFileSync(at(name));
    return {
      ca: read('ca.crt'),
      server: { key: read('server.key'), cert: read('server.crt') },
      clientPem: Buffer.concat([read('client.crt'), read('client.key')]),
      clientPfx: read('client.pfx'),
      clientPfxPassword,
      clientCommonName,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
