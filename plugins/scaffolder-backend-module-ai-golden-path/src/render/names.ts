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

import { InputError } from '@backstage/errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function shown(value: string) {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/**
 * Checks a Kubernetes-style name (RFC 1123 label) and says precisely what is wrong with it.
 */
export function checkDnsLabel(value: unknown, field: string, maxLength = 63) {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(`${field} is required`);
  }
  if (value.length > maxLength) {
    throw new InputError(
      `${field} ${shown(value)} is ${value.length} characters long; at most ${maxLength} are allowed`,
    );
  }
  if (/[A-Z]/.test(value)) {
    throw new InputError(`${field} ${shown(value)} contains upper-case letters; use lower case`);
  }
  if (!DNS_LABEL.test(value)) {
    throw new InputError(
      `${field} ${shown(value)} may contain only lower-case letters, digits and '-', and must start and end with a letter or digit`,
    );
  }
}

/** A repository directory name: a DNS label, also allowing '_' and '.' inside. */
export function checkRepositoryName(value: unknown, field: string) {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(`${field} is required`);
  }
  if (value.length > 100) {
    throw new InputError(`${field} ${shown(value)} is ${value.length} characters long; at most 100 are allowed`);
  }
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(value) || value.includes('..')) {
    throw new InputError(
      `${field} ${shown(value)} may contain only lower-case letters, digits, '-', '_' and '.', and must start with a letter or digit`,
    );
  }
}
