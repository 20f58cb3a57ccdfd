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

import fs from 'node:fs';
import { Page } from 'playwright-core';

/** One axe-core finding, trimmed to what a failure message needs. */
export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
};

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the current page and returns the violations of
 * at least `minImpact`. axe's own script comes from node_modules; nothing is fetched.
 */
export async function axeViolations(
  page: Page,
  options: {
    minImpact?: 'minor' | 'moderate' | 'serious' | 'critical';
    include?: string;
  } = {},
): Promise<AxeViolation[]> {
  const order = ['minor', 'moderate', 'serious', 'critical'];
  const threshold = order.indexOf(options.minImpact ?? 'serious');
  // Evaluated through the DevTools protocol: the app's Content Security Policy forbids inline
  // script tags, and rightly so.
  if (!(await page.evaluate(() => Boolean((window as any).axe)))) {
    await page.evaluate(
      fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'),
    );
  }
  const violations = await page.evaluate(async include => {
    const axe = (window as any).axe;
    const result = await axe.run(include ? { include: [include] } : document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
      },
    });
    return result.violations.map((violation: any) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node: any) => String(node.target)),
    }));
  }, options.include);
  return (violations as AxeViolation[]).filter(
    violation => order.indexOf(violation.impact ?? 'minor') >= threshold,
  );
}
