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

import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** A logger that keeps every line it is given, to check what reaches the logs. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[];
  constructor(lines: string[] = []) {
    this.lines = lines;
  }
  #log(level: string, message: string, meta?: unknown) {
    this.lines.push(
      `${level} ${message} ${
        meta instanceof Error
          ? `${meta.message} ${meta.stack}`
          : JSON.stringify(meta ?? {})
      }`,
    );
  }
  error(message: string, meta?: Error | object) {
    this.#log('error', message, meta);
  }
  warn(message: string, meta?: Error | object) {
    this.#log('warn', message, meta);
  }
  info(message: string, meta?: Error | object) {
    this.#log('info', message, meta);
  }
  debug(message: string, meta?: Error | object) {
    this.#log('debug', message, meta);
  }
  child(): LoggerService {
    return new CapturingLogger(this.lines);
  }

  factory() {
    return createServiceFactory({
      service: coreServices.logger,
      deps: {},
      factory: () => this,
    });
  }

  /**
   * The root logger, which the HTTP router's error handler and the backend's own services
   * write to; its lines go to the same list.
   */
  rootFactory() {
    return createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => this,
    });
  }
}
