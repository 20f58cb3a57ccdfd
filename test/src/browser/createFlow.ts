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

import { Page } from 'playwright-core';

/**
 * What a newcomer does in the local app, as page steps: sign in as guest, open the catalog,
 * run the golden-path template from Create with the local repository target, open the new
 * component. `shot` is called at each page worth keeping.
 */

export async function signInAsGuest(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  // The guest sign-in shows its card even with auto sign-in.
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.waitForURL(/\/catalog/);
}

export async function openCatalog(page: Page, orgName: string) {
  await page.getByRole('heading', { name: `${orgName} Catalog` }).waitFor();
  // The table is there once the kind filter and the counts have loaded.
  await page.getByRole('table').first().waitFor();
  // "Owned" when the guest's group owns something (examples/seed's customer-churn), else "All".
  await page
    .getByText(/(All|Owned) components \(\d+\)/i)
    .first()
    .waitFor();
}

/** Opens Create from the sidebar; returns the template's card. */
export async function openCreate(page: Page, templateTitle: string) {
  await page.getByRole('link', { name: 'Create...' }).click();
  await page.waitForURL(/\/create/);
  // The innermost card with the title: the page's own <article> holds every template's card.
  // MUI's class names carry a numeric suffix in the production build (MuiCard-root-123).
  const cardSelector = 'article, [class*="MuiCard-root"]';
  const card = page
    .locator(cardSelector, { hasText: templateTitle })
    .filter({ hasNot: page.locator(cardSelector) })
    .first();
  await card.waitFor();
  return card;
}

export async function chooseTemplate(page: Page, templateTitle: string) {
  const card = await openCreate(page, templateTitle);
  await card.getByRole('button', { name: 'Choose' }).click();
  await page.locator('#root_name').waitFor();
}

/** Picks an entity in an EntityPicker/OwnerPicker (an autocomplete) by typing part of its name. */
async function pickEntity(page: Page, inputId: string, text: string) {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(text);
  await page
    .getByRole('option', { name: new RegExp(text) })
    .first()
    .click();
}

/** Picks the option with the given label in a select field (MUI v4 Select, as rjsf renders it). */
async function pickOption(page: Page, fieldId: string, optionLabel: string) {
  // The select's button is labelled by the field's label and its current value.
  await page
    .locator(
      `#mui-component-select-${fieldId}, [aria-labelledby~="${fieldId}-label"]`,
    )
    .first()
    .click();
  await page.getByRole('option', { name: optionLabel, exact: true }).click();
}

export type GoldenPathForm = {
  name: string;
  ownerName: string;
  systemName?: string;
  repositoryTargetLabel: string;
};

/**
 * Fills the form page by page. Only the fields below are set; every other field keeps the
 * template's default, so steps the template gains later are walked through with their defaults.
 */
export async function fillGoldenPathForm(
  page: Page,
  form: GoldenPathForm,
  shot: (name: string) => Promise<unknown>,
) {
  await page.locator('#root_name').fill(form.name);
  await pickEntity(page, 'root_owner', form.ownerName);
  if (form.systemName) await pickEntity(page, 'root_system', form.systemName);
  await shot('04-create-form-first-page-filled');

  // The last page of the form says "Review" instead of "Next"; the review page says "Create".
  const next = page.getByRole('button', { name: /^(Next|Review)$/ });
  const review = page.getByRole('button', { name: 'Create' });
  for (let pageIndex = 0; pageIndex < 20; pageIndex++) {
    if (
      await page
        .locator(
          '#root_publishTarget, #mui-component-select-root_publishTarget',
        )
        .count()
    ) {
      await pickOption(page, 'root_publishTarget', form.repositoryTargetLabel);
      await shot('05-create-form-repository');
    }
    await next.click();
    // Either the next page of the form or the review page.
    await page.waitForTimeout(200);
    if (await review.isVisible()) return;
    const errors = page.locator(
      '.MuiFormHelperText-root.Mui-error, [role="alert"]',
    );
    if (await errors.count()) {
      throw new Error(
        `the form did not accept page ${pageIndex + 1}: ${await errors.allInnerTexts()}`,
      );
    }
  }
  throw new Error('the form never reached its review page');
}

/** Runs the template from the review page; returns the id of the task the page follows. */
export async function startTask(page: Page) {
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\/[^/]+$/);
  return page.url().split('/').pop()!;
}

/** The task page once the task finished: its links (on success) or its error are shown. */
export async function waitForTaskPage(page: Page, status: string) {
  if (status === 'completed') {
    await openInCatalogLink(page).waitFor();
  } else {
    await page.getByText(/error/i).first().waitFor();
  }
}

function openInCatalogLink(page: Page) {
  return page
    .getByRole('link', { name: 'Open in catalog' })
    .or(page.getByRole('button', { name: 'Open in catalog' }))
    .first();
}

export async function openNewComponent(page: Page, name: string) {
  await openInCatalogLink(page).click();
  await page.waitForURL(new RegExp(`/catalog/default/component/${name}`));
  await page.getByRole('heading', { name }).first().waitFor();
  await page.getByText('About').first().waitFor();
}

/** Back to the catalog from the sidebar: the new component is listed ("Owned" by the guest's group). */
export async function findInCatalog(page: Page, name: string) {
  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await page.waitForURL(/\/catalog/);
  await page
    .getByRole('table')
    .first()
    .getByRole('link', { name })
    .first()
    .waitFor();
}
