// Test helper: a real HTTP (or HTTPS) server on a loopback address that Sluice calls out to. Tests
// give it routes; it records every request it receives, the client certificate included.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface PeerRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Common name of a client certificate the peer's authority signed; undefined without one. */
  clientCertificate?: string;
}

export type PeerRoute = (request: PeerRequest, response: http.ServerResponse) => void;

export class HttpPeer {
  readonly requests: PeerRequest[] = [];
  private readonly routes = new Map<string, PeerRoute>();
  private readonly server: http.Server;

  constructor(
    readonly host = '127.0.0.1',
    tls?: https.ServerOptions,
  ) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) =>
      void this.handle(req, res);
    this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  }

  /** Answers requests whose path is `path` (query ignored). Unknown paths answer 404. */
  route(path: string, route: PeerRoute): this {
    this.routes.set(path, route);
    return this;
  }

  /** Requests received on `path`. */
  to(path: string): PeerRequest[] {
    return this.requests.filter((r) => r.url.pathname === path);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
    return this;
  }

  get origin(): string {
    const scheme = this.server instanceof https.Server ? 'https' : 'http';
    return `${scheme}://${this.host}:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: PeerRequest = {
      method: req.method ?? '',
      url: new URL(req.url ?? '/', 'http://peer'),
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    const socket = req.socket as TLSSocket;
    if (typeof socket.getPeerCertificate === 'function' && socket.authorized) {
      const subject = socket.getPeerCertificate().subject as { CN?: string } | undefined;
      request.clientCertificate = subject?.CN;
    }
    this.requests.push(request);
    const route = this.routes.get(request.url.pathname);
    if (route) route(request, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('No such route.');
  }
}
