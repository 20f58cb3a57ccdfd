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

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import { closeServer, listenOnLoopback } from './loopbackServer';

/** The parts of a botocore service model (service-2.json) this fake reads. */
interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
}
interface Shape {
  type: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, ShapeRef>;
  payload?: string;
}
interface ServiceModel {
  metadata: { protocol: string; serviceId: string };
  operations: Record<
    string,
    {
      name: string;
      http: { method: string; requestUri: string };
      input?: { shape: string };
    }
  >;
  shapes: Record<string, Shape>;
}

/** Reads botocore's S3 model (`botocore/data/s3/2006-03-01/service-2.json.gz`). */
export function loadS3Model(file: string): ServiceModel {
  const raw = fs.readFileSync(file);
  const text = file.endsWith('.gz')
    ? zlib.gunzipSync(raw).toString('utf8')
    : raw.toString('utf8');
  const model = JSON.parse(text) as ServiceModel;
  if (model.metadata.serviceId !== 'S3') {
    throw new Error(`${file} is not the S3 service model`);
  }
  return model;
}

/** Headers the SigV4 signature and the SDK add; not members of any operation's input. */
const PROTOCOL_HEADERS = new Set([
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
]);

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface StoredObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
}

interface Matched {
  operation: string;
  input: Shape;
  labels: Record<string, string>;
  literalQuery: Set<string>;
}

const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** S3's `encoding-type=url` form of a key: URL-encoded, `/` kept, a space as `+`. */
const urlEncodedKey = (key: string) =>
  encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

/** Python's string order (code points), which botocore sorts the query with. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : Number(a > b));

const hmac = (key: Buffer | string, data: string) =>
  crypto.createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: Buffer | string) =>
  crypto.createHash('sha256').update(data).digest('hex');

/**
 * A fake S3-compatible object storage (path-style, like OpenShift Data Foundation or MinIO).
 * Every request is matched to an operation of the real S3 API model that botocore ships, and
 * checked against that operation's input shape: method and path template, literal query
 * (`?list-type=2`), required members, query parameters and `x-amz-*` headers the operation does
 * not declare, and the types and enums of the values. The SigV4 signature is verified with the
 * configured credentials and region, and a signed payload hash against the body. What breaks a
 * rule is recorded in `violations` (and answered as S3 would: 400/403 with an XML error), so a
 * test can assert there were none.
 *
 * Modelled operations: PutObject, GetObject (with Range), HeadObject, ListObjectsV2 (paginated
 * with `pageSize` keys per page, encoding-type=url). Any other operation is a violation.
 */
export class FakeS3Server {
  readonly model: ServiceModel;
  readonly requests: { operation: string; method: string; path: string }[] = [];
  readonly violations: string[] = [];
  /** `<bucket>/<key>` -> object. */
  readonly objects = new Map<string, StoredObject>();
  readonly buckets: Set<string>;
  #server?: http.Server;
  #pageSize: number;

  constructor(
    readonly options: {
      /** Path of botocore's `service-2.json.gz` for S3. */
      serviceModel: string;
      buckets: string[];
      accessKeyId: string;
      secretAccessKey: string;
      region: string;
      /** Keys per ListObjectsV2 page (small, so the client has to follow continuation tokens). */
      pageSize?: number;
    },
  ) {
    this.model = loadS3Model(options.serviceModel);
    this.buckets = new Set(options.buckets);
    this.#pageSize = options.pageSize ?? 1000;
  }

  async start(): Promise<string> {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const answer = this.#answer(req, Buffer.concat(chunks));
        const isHead = req.method === 'HEAD';
        res.writeHead(answer.status, {
          'x-amz-request-id': crypto.randomBytes(8).toString('hex'),
          ...answer.headers,
          ...(answer.body && !isHead
            ? { 'content-length': String(answer.body.length) }
            : {}),
        });
        res.end(isHead ? undefined : answer.body);
      });
    });
    return listenOnLoopback(this.#server);
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  /** Keys stored under `bucket`, sorted. */
  keys(bucket: string): string[] {
    return [...this.objects.keys()]
      .filter(k => k.startsWith(`${bucket}/`))
      .map(k => k.slice(bucket.length + 1))
      .sort();
  }

  #answer(
    req: http.IncomingMessage,
    body: Buffer,
  ): { status: number; headers: Record<string, string>; body?: Buffer } {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const [rawPath, rawQuery = ''] = rawUrl.split(/\?(.*)/s, 2);
    const where = `${method} ${rawPath}`;
    const error = (e: S3Error) => ({
      status: e.status,
      headers: { 'content-type': 'application/xml' },
      body: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xml(e.code)}</Code><Message>${xml(e.message)}</Message></Error>`,
      ),
    });
    const refuse = (status: number, code: string, problem: string) => {
      this.violations.push(`${where}: ${problem}`);
      return error(new S3Error(status, code, problem));
    };

    const query = new URLSearchParams(rawQuery);
    const matched = this.#match(method, rawPath, query, req.headers);
    if (!matched) {
      return refuse(
        405,
        'MethodNotAllowed',
        'no operation of the S3 model matches this request',
      );
    }
    this.requests.push({ operation: matched.operation, method, path: rawPath });
    const problems = [
      ...this.#inputProblems(matched, query, req.headers),
      ...this.#signatureProblems(req, rawPath, rawQuery, body),
    ];
    if (problems.length > 0) {
      const signature = problems.some(p => p.startsWith('signature'));
      return refuse(
        signature ? 403 : 400,
        signature ? 'SignatureDoesNotMatch' : 'InvalidRequest',
        `${matched.operation}: ${problems.join('; ')}`,
      );
    }
    try {
      return this.#handle(matched, query, req.headers, body);
    } catch (e) {
      if (e instanceof S3Error) {
        if (e.code === 'NotImplemented')
          this.violations.push(`${where}: ${e.message}`);
        return error(e);
      }
      throw e;
    }
  }

  /**
   * The operation a request is: same method, the path matches the requestUri's template, every
   * literal query part of the requestUri is present (the most specific wins), and among those
   * the one whose required query and header members are all present, preferring the one that
   * requires the most (CopyObject over PutObject when x-amz-copy-source is sent).
   */
  #match(
    method: string,
    rawPath: string,
    query: URLSearchParams,
    headers: http.IncomingHttpHeaders,
  ): Matched | undefined {
    const candidates: (Matched & { literals: number; required: number })[] = [];
    for (const [name, operation] of Object.entries(this.model.operations)) {
      if (operation.http.method !== method) continue;
      const [template, literal = ''] = operation.http.requestUri.split('?', 2);
      const labelNames: string[] = [];
      const pattern = template.replace(
        /\{(\w+)(\+?)\}|[^{]+/g,
        (part, label, greedy) => {
          if (!label) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          labelNames.push(label);
          return greedy ? '(.+)' : '([^/]+)';
        },
      );
      const found = new RegExp(`^${pattern}$`).exec(rawPath);
      if (!found) continue;
      const literalQuery = new Set<string>();
      let ok = true;
      for (const part of literal.split('&').filter(Boolean)) {
        const [key, value] = part.split('=', 2);
        literalQuery.add(key);
        if (
          !query.has(key) ||
          (value !== undefined && query.get(key) !== value)
        ) {
          ok = false;
        }
      }
      if (!ok) continue;
      const input: Shape = operation.input
        ? this.model.shapes[operation.input.shape]
        : { type: 'structure', members: {} };
      const required = (input.required ?? [])
        .map(member => input.members![member])
        .filter(
          ref => ref.location === 'querystring' || ref.location === 'header',
        );
      const allPresent = required.every(ref =>
        ref.location === 'querystring'
          ? query.has(ref.locationName!)
          : headers[ref.locationName!.toLowerCase()] !== undefined,
      );
      if (!allPresent) continue;
      candidates.push({
        operation: name,
        input,
        labels: Object.fromEntries(
          labelNames.map((label, i) => [
            label,
            decodeURIComponent(found[i + 1]),
          ]),
        ),
        literalQuery,
        literals: literalQuery.size,
        required: required.length,
      });
    }
    candidates.sort(
      (a, b) => b.literals - a.literals || b.required - a.required,
    );
    return candidates[0];
  }

  #inputProblems(
    matched: Matched,
    query: URLSearchParams,
    headers: http.IncomingHttpHeaders,
  ): string[] {
    const problems: string[] = [];
    const members = matched.input.members ?? {};
    const byQuery = new Map<string, [string, ShapeRef]>();
    const byHeader = new Map<string, [string, ShapeRef]>();
    const prefixes: string[] = [];
    for (const [name, ref] of Object.entries(members)) {
      const locationName = (ref.locationName ?? name).toLowerCase();
      if (ref.location === 'querystring')
        byQuery.set(ref.locationName ?? name, [name, ref]);
      if (ref.location === 'header') byHeader.set(locationName, [name, ref]);
      if (ref.location === 'headers') prefixes.push(locationName);
    }
    for (const name of matched.input.required ?? []) {
      const ref = members[name];
      const locationName = ref.locationName ?? name;
      let present = true; // the payload may be empty
      if (ref.location === 'uri') {
        present = matched.labels[locationName] !== undefined;
      } else if (ref.location === 'querystring') {
        present = query.has(locationName);
      } else if (ref.location === 'header') {
        present = headers[locationName.toLowerCase()] !== undefined;
      }
      if (!present) problems.push(`required member ${name} is missing`);
    }
    for (const [key, value] of query) {
      if (matched.literalQuery.has(key)) continue;
      const member = byQuery.get(key);
      if (!member) {
        problems.push(`query parameter ${key} is not a member of the input`);
        continue;
      }
      problems.push(...this.#valueProblems(member[0], member[1], value));
    }
    for (const [header, value] of Object.entries(headers)) {
      const member = byHeader.get(header);
      if (member) {
        problems.push(
          ...this.#valueProblems(member[0], member[1], String(value)),
        );
      } else if (
        header.startsWith('x-amz-') &&
        !PROTOCOL_HEADERS.has(header) &&
        !prefixes.some(prefix => header.startsWith(prefix))
      ) {
        problems.push(`header ${header} is not a member of the input`);
      }
    }
    return problems;
  }

  #valueProblems(name: string, ref: ShapeRef, value: string): string[] {
    const shape = this.model.shapes[ref.shape];
    const bad = (what: string) => [
      `${name}=${JSON.stringify(value)} is not ${what}`,
    ];
    switch (shape.type) {
      case 'integer':
      case 'long':
        return /^-?\d+$/.test(value) ? [] : bad('an integer');
      case 'boolean':
        return value === 'true' || value === 'false' ? [] : bad('a boolean');
      case 'timestamp':
        return Number.isNaN(Date.parse(value)) ? bad('a timestamp') : [];
      case 'string':
        return shape.enum && !shape.enum.includes(value)
          ? bad(`one of ${shape.enum.join(', ')}`)
          : [];
      default:
        return [];
    }
  }

  /** AWS Signature Version 4, as S3 checks it (the path as sent, no double encoding). */
  #signatureProblems(
    req: http.IncomingMessage,
    rawPath: string,
    rawQuery: string,
    body: Buffer,
  ): string[] {
    const authorization = String(req.headers.authorization ?? '');
    const parsed =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (!parsed) return ['signature: no AWS4-HMAC-SHA256 Authorization header'];
    const [, accessKey, date, region, signedHeaders, signature] = parsed;
    if (accessKey !== this.options.accessKeyId) {
      return [`signature: unknown access key ${accessKey}`];
    }
    if (region !== this.options.region) {
      return [
        `signature: signed for region ${region}, the storage is in ${this.options.region}`,
      ];
    }
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (!amzDate.startsWith(date))
      return ['signature: x-amz-date does not match the credential scope'];
    if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== sha256(body)) {
      return ['signature: x-amz-content-sha256 does not match the body'];
    }
    if (
      !/^[0-9a-f]{64}$/.test(payloadHash) &&
      payloadHash !== 'UNSIGNED-PAYLOAD'
    ) {
      return [
        `signature: payload hash ${payloadHash || '(none)'} is not supported by this fake`,
      ];
    }
    const canonicalQuery = rawQuery
      .split('&')
      .filter(Boolean)
      .map(pair => {
        const index = pair.indexOf('=');
        return index < 0
          ? [pair, '']
          : [pair.slice(0, index), pair.slice(index + 1)];
      })
      // botocore sorts the (name, value) pairs as they appear in the URL, already encoded.
      .sort(([a, x], [b, y]) => byCodePoint(a, b) || byCodePoint(x, y))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const canonicalHeaders = signedHeaders
      .split(';')
      .map(
        name =>
          `${name}:${String(req.headers[name] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const canonicalRequest = [
      req.method,
      rawPath,
      canonicalQuery,
      canonicalHeaders,
      signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      sha256(canonicalRequest),
    ].join('\n');
    const key = ['s3', 'aws4_request'].reduce<Buffer>(
      (k, part) => hmac(k, part),
      hmac(hmac(`AWS4${this.options.secretAccessKey}`, date), region),
    );
    const expected = hmac(key, stringToSign).toString('hex');
    return expected === signature
      ? []
      : ['signature: does not match the secret key'];
  }

  #object(bucket: string, key: string): StoredObject {
    if (!this.buckets.has(bucket)) {
      throw new S3Error(
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
      );
    }
    const found = this.objects.get(`${bucket}/${key}`);
    if (!found)
      throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    return found;
  }

  #handle(
    matched: Matched,
    query: URLSearchParams,
    headers: http.IncomingHttpHeaders,
    body: Buffer,
  ): { status: number; headers: Record<string, string>; body?: Buffer } {
    const { Bucket: bucket, Key: key } = matched.labels;
    switch (matched.operation) {
      case 'PutObject': {
        if (!this.buckets.has(bucket)) {
          throw new S3Error(
            404,
            'NoSuchBucket',
            'The specified bucket does not exist',
          );
        }
        const md5 = headers['content-md5'];
        if (
          md5 &&
          md5 !== crypto.createHash('md5').update(body).digest('base64')
        ) {
          throw new S3Error(
            400,
            'BadDigest',
            'The Content-MD5 you specified did not match what we received.',
          );
        }
        const crc32 = headers['x-amz-checksum-crc32'];
        if (crc32) {
          const actual = Buffer.alloc(4);
          actual.writeUInt32BE(zlib.crc32(body));
          if (crc32 !== actual.toString('base64')) {
            throw new S3Error(
              400,
              'BadDigest',
              'The CRC32 you specified did not match the calculated checksum.',
            );
          }
        }
        const etag = `"${crypto.createHash('md5').update(body).digest('hex')}"`;
        this.objects.set(`${bucket}/${key}`, {
          body,
          etag,
          lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
          contentType: String(headers['content-type'] ?? 'binary/octet-stream'),
        });
        return { status: 200, headers: { etag } };
      }
      case 'HeadObject':
      case 'GetObject': {
        const object = this.#object(bucket, key);
        const common = {
          etag: object.etag,
          'last-modified': object.lastModified.toUTCString(),
          'content-type': object.contentType,
          'accept-ranges': 'bytes',
        };
        const range = headers.range;
        if (matched.operation === 'HeadObject' || !range) {
          return {
            status: 200,
            headers: {
              ...common,
              'content-length': String(object.body.length),
            },
            body: matched.operation === 'GetObject' ? object.body : undefined,
          };
        }
        const parsed = /^bytes=(\d+)-(\d*)$/.exec(range);
        if (!parsed || Number(parsed[1]) >= object.body.length) {
          throw new S3Error(
            416,
            'InvalidRange',
            'The requested range is not satisfiable',
          );
        }
        const start = Number(parsed[1]);
        const end = Math.min(
          parsed[2] ? Number(parsed[2]) : object.body.length - 1,
          object.body.length - 1,
        );
        return {
          status: 206,
          headers: {
            ...common,
            'content-range': `bytes ${start}-${end}/${object.body.length}`,
          },
          body: object.body.subarray(start, end + 1),
        };
      }
      case 'ListObjectsV2': {
        if (!this.buckets.has(bucket)) {
          throw new S3Error(
            404,
            'NoSuchBucket',
            'The specified bucket does not exist',
          );
        }
        if (query.has('delimiter')) {
          throw new S3Error(
            501,
            'NotImplemented',
            'ListObjectsV2 with a delimiter is not modelled by the fake',
          );
        }
        const prefix = query.get('prefix') ?? '';
        const maxKeys = Math.min(
          Number(query.get('max-keys') ?? 1000),
          this.#pageSize,
        );
        const after = query.has('continuation-token')
          ? Buffer.from(query.get('continuation-token')!, 'base64url').toString(
              'utf8',
            )
          : (query.get('start-after') ?? '');
        const all = this.keys(bucket).filter(
          k => k.startsWith(prefix) && k > after,
        );
        const page = all.slice(0, maxKeys);
        const truncated = all.length > page.length;
        const encode =
          query.get('encoding-type') === 'url'
            ? urlEncodedKey
            : (k: string) => k;
        const contents = page
          .map(k => {
            const object = this.objects.get(`${bucket}/${k}`)!;
            return `<Contents><Key>${xml(encode(k))}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>${xml(object.etag)}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join('');
        const text = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
          `<Name>${xml(bucket)}</Name><Prefix>${xml(encode(prefix))}</Prefix>`,
          `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`,
          query.get('encoding-type') === 'url'
            ? '<EncodingType>url</EncodingType>'
            : '',
          `<IsTruncated>${truncated}</IsTruncated>`,
          query.has('continuation-token')
            ? `<ContinuationToken>${xml(query.get('continuation-token')!)}</ContinuationToken>`
            : '',
          truncated
            ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]).toString('base64url')}</NextContinuationToken>`
            : '',
          contents,
          '</ListBucketResult>',
        ].join('');
        return {
          status: 200,
          headers: { 'content-type': 'application/xml' },
          body: Buffer.from(text),
        };
      }
      default:
        throw new S3Error(
          501,
          'NotImplemented',
          `${matched.operation} is not modelled by the fake`,
        );
    }
  }
}
