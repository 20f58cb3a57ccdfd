/*
 * Copyright 2026 The AI Golden Path Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';

/** A recorded request to a fake server. */
export interface RecordedRequest {
  method: string;
  url: URL;
  authorization?: string;
}

/** What a fault hook may make the fake server do instead of answering normally. */
export type Fault =
  | { type: 'status'; status: number; retryAfter?: string; body?: string }
  | { type: 'malformed' }
  | { type: 'hang' }
  | { type: 'delay'; ms: number };

export type Handler = (
  url: URL,
  request: http.IncomingMessage,
  /** The request body as text; only read when the server was built with `readBody`. */
  body?: string,
) => { status: number; body: unknown } | undefined;

/**
 * A minimal HTTP server on 127.0.0.1 with a random port, for registry and cluster fakes.
 * Faults are chosen per request by a hook; every request is recorded.
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  fault?: (url: URL, index: number) => Fault | undefined;
  /** Added to every answer, e.g. to model a registry's realistic latency. */
  latencyMs = 0;
  #server?: http.Server;
  #baseUrl = '';
  readonly #handler: Handler;
  readonly #sockets = new Set<import('node:net').Socket>();

  readonly #tls?: { key: string; cert: string };
  readonly #readBody: boolean;

  /**
   * With `tls`, the server speaks HTTPS with that key and certificate. With `readBody`, the
   * whole request body is read before the handler runs and passed to it (writable fakes).
   */
  constructor(
    handler: Handler,
    options: { tls?: { key: string; cert: string }; readBody?: boolean } = {},
  ) {
    this.#handler = handler;
    this.#tls = options.tls;
    this.#readBody = options.readBody ?? false;
  }

  get baseUrl(): string {
    return this.#baseUrl;
  }

  async start(): Promise<string> {
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) =>
      this.#handle(req, res);
    this.#server = this.#tls
      ? https.createServer(this.#tls, listener)
      : http.createServer(listener);
    this.#server.keepAliveTimeout = 60_000;
    this.#server.on('connection', socket => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.#server.address() as AddressInfo;
    this.#baseUrl = `${this.#tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this.#baseUrl;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) {
      socket.destroy();
    }
    await new Promise<void>(resolve => this.#server?.close(() => resolve()));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.#baseUrl);
    const index = this.requests.length;
    this.requests.push({
      method: req.method ?? 'GET',
      url,
      authorization: req.headers.authorization,
    });
    const fault = this.fault?.(url, index);
    const delay = (fault?.type === 'delay' ? fault.ms : 0) + this.latencyMs;
    if (delay) {
      await new Promise(resolve => setTimeout(resolve, delay));
    }
    if (fault?.type === 'hang') {
      return; // never answers; the client's timeout must end it
    }
    if (fault?.type === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items": [ {"id": "1", "name": ');
      return;
    }
    if (fault?.type === 'status') {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
      };
      if (fault.retryAfter) {
        headers['retry-after'] = fault.retryAfter;
      }
      res.writeHead(fault.status, headers);
      res.end(
        fault.body ??
          JSON.stringify({ code: String(fault.status), message: 'fault' }),
      );
      return;
    }
    let body: string | undefined;
    if (this.#readBody) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
      body = Buffer.concat(chunks).toString('utf8');
    }
    let answer: { status: number; body: unknown } | undefined;
    try {
      answer = this.#handler(url, req, body);
    } catch (error) {
      answer = { status: 500, body: { code: '500', message: String(error) } };
      if (process.env.FAKE_SERVER_DEBUG) console.error(error);
    }
    if (!answer) {
      // A path the server does not serve: a plain-text page, as Go's and Flask's routers
      // answer, not the API's JSON "not found" of a resource.
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found');
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }
}
