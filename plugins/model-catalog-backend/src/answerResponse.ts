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

import type { Request, Response } from 'express';
import type { SerializedEntityModel } from './service/ModelCatalogService';

/**
 * Whether a client's `Accept-Encoding` takes gzip: listed (as `gzip` or `x-gzip`) with a
 * q-value above 0, or covered by `*` when not listed. No header means identity, as browsers
 * and HTTP clients that can decompress always send one.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) {
    return false;
  }
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    const q = params
      .map(param => param.trim().toLowerCase())
      .find(param => param.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') {
      return accepted;
    }
    if (coding === '*') {
      wildcard = accepted;
    }
  }
  return wildcard;
}

/** `If-None-Match` against an ETag, with the weak comparison RFC 9110 prescribes for it. */
export function matchesIfNoneMatch(
  header: string | undefined,
  etag: string,
): boolean {
  if (!header) {
    return false;
  }
  if (header.trim() === '*') {
    return true;
  }
  const opaque = etag.replace(/^W\//, '');
  return header
    .split(',')
    .some(candidate => candidate.trim().replace(/^W\//, '') === opaque);
}

/**
 * Writes a kept answer: 304 when the client has it, else the pre-compressed bytes when the
 * client takes gzip, else the JSON. Nothing is serialized or compressed here.
 */
export function sendSerializedAnswer(
  req: Request,
  res: Response,
  answer: SerializedEntityModel,
): void {
  res.setHeader('ETag', answer.etag);
  // no-transform: a compression middleware would otherwise re-encode the identity body
  // under a tag that names these bytes; private: the answer depends on who asks.
  res.setHeader('Cache-Control', 'private, no-cache, no-transform');
  // res.vary parses and merges; only needed when a middleware already set Vary (CORS).
  if (res.getHeader('Vary') === undefined) {
    res.setHeader('Vary', 'Accept-Encoding');
  } else {
    res.vary('Accept-Encoding');
  }
  if (matchesIfNoneMatch(req.headers['if-none-match'], answer.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (acceptsGzip(req.headers['accept-encoding'])) {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(answer.gzip);
  } else {
    res.end(answer.body);
  }
}
