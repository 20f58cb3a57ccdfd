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

import type { Deployment, ModelVersion } from './api';

/*
 * Which version is which, read the same way by the backend (when it answers with only some
 * versions) and by the frontend (when it shows them).
 */

/** Labels that mark the version currently preferred, as registries spell them. */
const CHAMPION_LABELS = new Set(['champion', 'production']);

/** Whether `ref` (a deployment's `modelVersion`) names this version, by name or id. */
export function versionMatches(version: ModelVersion, ref?: string): boolean {
  return ref !== undefined && (version.name === ref || version.id === ref);
}

/** Whether a label marks the preferred version (`champion`, MLflow's `Production` stage). */
export function isChampionLabel(label: string): boolean {
  return CHAMPION_LABELS.has(label.toLocaleLowerCase('en-US'));
}

function time(value?: string): number {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? -Infinity : parsed;
}

/**
 * Versions newest first: by creation time, then by name as a number (registries number
 * versions 1, 2, 3...), then as text.
 */
export function sortVersionsNewestFirst(
  versions: readonly ModelVersion[],
): ModelVersion[] {
  return [...versions].sort((a, b) => {
    const byTime = time(b.createdAt) - time(a.createdAt);
    if (byTime !== 0 && !Number.isNaN(byTime)) {
      return byTime;
    }
    const na = Number(a.name);
    const nb = Number(b.name);
    if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) {
      return nb - na;
    }
    return b.name.localeCompare(a.name);
  });
}

/**
 * The versions an overview needs, newest first: the `count` newest, every version labelled
 * champion and every version a deployment serves (so "what runs where" and "against what is
 * the newest measured" never point at a version left out). The order and the rules are the
 * ones the frontend applies to a full list, so both read the same answer the same way.
 */
export function selectLatestVersions(
  versions: readonly ModelVersion[],
  deployments: readonly Deployment[],
  count: number,
): ModelVersion[] {
  const served = deployments
    .map(deployment => deployment.modelVersion)
    .filter((ref): ref is string => ref !== undefined);
  return sortVersionsNewestFirst(versions).filter(
    (version, index) =>
      index < count ||
      version.labels.some(isChampionLabel) ||
      served.some(ref => versionMatches(version, ref)),
  );
}
