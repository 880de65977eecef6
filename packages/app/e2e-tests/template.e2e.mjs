// The demo software template "New service with a GitOps config repository", as a user runs it:
// Create page → the template's form → review → the running task, until the service it registered
// shows its environments Synced and Healthy on its GitOps tab. A new service name per run keeps
// runs against one portal apart (the config repository and the catalog entity are named after it).
// The service adds two applications: this file runs after gitops.e2e.mjs (the runner takes files in
// name order, one at a time), whose overview test counts the demo's three. The portal's cluster
// may be shared and outlive the portal: the service's namespaces are deleted at the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKEND,
  clickSidebar,
  eventually,
  guestToken,
  kubectl,
  launchBrowser,
  navigateInApp,
  requireKubectl,
  screenshot,
  signInAsGuest,
  textOf,
  watchingRestarts,
} from './support/portal.mjs';

const TEMPLATE_TITLE = 'New service with a GitOps config repository';
const SERVICE = `svc-${Date.now().toString(36)}`;
const OWNER = 'group:default/team-shop';
/** The template's default environments and their replicas. */
const ENVIRONMENTS = { dev: 1, prod: 2 };
const STEPS = [
  'Describe the service for the catalog',
  'Create the GitOps config repository',
  'Register the service in the catalog',
  'First sync',
];
/** The last step alone may wait 120 s (its timeout) for onboarding and the first syncs. */
const TASK_TIMEOUT_MS = 240_000;
// ESC [ … m: the colour codes of the task log (built from the code point: the lint refuses control characters in a literal)
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

let browser;
let page;
/** Set once the task has completed: the entity test needs the service it created. */
let createdService;

before(async () => {
  // the last test checks what the cluster runs with kubectl: without it the suite fails, never skips
  requireKubectl();
  ({ browser, page } = await launchBrowser());
  await signInAsGuest(page);
});

after(async () => {
  await browser?.close();
  // Leave the cluster as it was found (the portal's config repository of the service lives only
  // as long as the portal's Git server). Not waited for: the namespace controller empties them.
  try {
    kubectl(
      'delete',
      'namespace',
      ...Object.keys(ENVIRONMENTS).map(name => `${SERVICE}-${name}`),
      '--ignore-not-found',
      '--wait=false',
    );
  } catch (error) {
    process.stderr.write(
      `could not delete the namespaces of ${SERVICE}: ${error.message}\n`,
    );
  }
});

const environment = name =>
  page.getByRole('region', { name: `environment ${name}` });
const textbox = name => page.getByRole('textbox', { name });

/** Body rows of a table as normalised text, one string per row. */
async function rowTexts(table) {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(row => textOf(row)));
}

async function scaffolderApi(token, pathAndQuery) {
  const response = await fetch(`${BACKEND}/api/scaffolder${pathAndQuery}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  assert.equal(
    response.status,
    200,
    `GET /api/scaffolder${pathAndQuery}: ${response.status} ${text}`,
  );
  return JSON.parse(text);
}

/** The task's log as the backend recorded it, one "[step] message" line per event. */
async function taskLog(token, taskId) {
  try {
    const events = await scaffolderApi(token, `/v2/tasks/${taskId}/events`);
    return events
      .map(
        event => `[${event.body?.stepId ?? event.type}] ${event.body?.message}`,
      )
      .join('\n')
      .replace(ANSI_COLOUR, ''); // the log's colour codes
  } catch (error) {
    return `(the task's events could not be read: ${error.message})`;
  }
}

/**
 * Waits until the backend reports the task finished. A failed or cancelled task ends the wait at
 * once, with its log and the error the task page shows, so the report says which step broke.
 */
async function waitForTaskEnd(token, taskId) {
  const deadline = Date.now() + TASK_TIMEOUT_MS;
  let status = 'unknown';
  while (Date.now() < deadline) {
    const response = await fetch(
      `${BACKEND}/api/scaffolder/v2/tasks/${taskId}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    ).catch(() => undefined); // the backend restarting: ask again
    if (response?.status === 404) {
      // the development backend keeps tasks in memory: a restart forgets them
      assert.fail(`task ${taskId} is no longer known to the backend`);
    }
    status = response?.ok ? (await response.json()).status : 'unreachable';
    if (status === 'completed') {
      return;
    }
    if (status === 'failed' || status === 'cancelled') {
      assert.fail(
        `task ${taskId} ${status}.\n${await failureShown()}\nTask log:\n${await taskLog(
          token,
          taskId,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
  assert.fail(
    `task ${taskId} still ${status} after ${
      TASK_TIMEOUT_MS / 1000
    } s.\nTask log:\n${await taskLog(token, taskId)}`,
  );
}

/** What the task page says about a failure: its error panel and the steps marked failed. */
async function failureShown() {
  // The page follows the task's event stream, a moment behind the backend.
  const alert = page.getByRole('alert').first();
  await alert.waitFor({ timeout: 15_000 }).catch(() => {});
  const error = await textOf(alert).catch(() => '(none)');
  const failedSteps = await page
    .getByTestId('step-label')
    .filter({ has: page.locator('[class*="-error-"]') })
    .allInnerTexts();
  return `The task page shows the error: ${error}; failed step(s): ${
    failedSteps.map(text => text.split('\n')[0]).join(', ') || '(none)'
  }`;
}

/** Create page → the template's card → its form, reopening the page if its first fetch missed. */
async function chooseTemplate() {
  await clickSidebar(page, 'Create');
  const title = page.getByRole('heading', {
    name: TEMPLATE_TITLE,
    exact: true,
  });
  await eventually(() => title.waitFor({ timeout: 2_000 }), {
    onStale: async () => {
      await navigateInApp(page, '/settings');
      await clickSidebar(page, 'Create');
    },
  });
  const choose = page.getByRole('button', { name: 'Choose', exact: true });
  // The innermost element holding both the title and a Choose button is this template's card.
  const card = page
    .locator('div')
    .filter({ has: title })
    .filter({ has: choose })
    .last();
  await card.getByRole('button', { name: 'Choose', exact: true }).click();
  await textbox('Name').waitFor({ timeout: 30_000 });
  assert.equal(
    new URL(page.url()).pathname,
    '/create/templates/default/gitops-service',
  );
}

/** The form's three pages, checking the defaults a user would keep, then the review. */
async function fillForm() {
  await textbox('Name').fill(SERVICE);
  // OwnerPicker: type, then pick the group from the catalog's suggestions.
  await textbox('Owner').fill('team-shop');
  await page
    .getByRole('listbox', { name: 'Owner' })
    .getByRole('option', { name: 'team-shop', exact: true })
    .click();
  assert.equal(await textbox('Owner').inputValue(), OWNER);
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  await textbox('Image').waitFor();
  assert.equal(await textbox('Image').inputValue(), 'nginx:1.27');
  assert.equal(await page.getByLabel('Port').inputValue(), '8080');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  const environmentNames = page.getByRole('textbox', { name: 'Environment' });
  await environmentNames.first().waitFor();
  const names = await Promise.all(
    (await environmentNames.all()).map(input => input.inputValue()),
  );
  assert.deepEqual(names, Object.keys(ENVIRONMENTS));
  await page.getByRole('button', { name: 'Review', exact: true }).click();

  const review = page.getByRole('table');
  await review.first().waitFor();
  const reviewText = await textOf(review.first());
  assert.match(reviewText, new RegExp(`Name ${SERVICE}\\b`));
  assert.match(reviewText, new RegExp(`Owner ${OWNER}\\b`));
}

test(
  'the template creates the service, its config repository and first sync',
  watchingRestarts(async () => {
    await chooseTemplate();
    await fillForm();
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    await page.waitForURL(/\/create\/tasks\/[^/]+$/, { timeout: 30_000 });
    const taskId = new URL(page.url()).pathname.split('/').pop();
    const token = await guestToken();
    await waitForTaskEnd(token, taskId);

    // The page follows the task's event stream: every step ticked, the outputs shown.
    const steps = page.getByTestId('step-label');
    await eventually(
      async () => {
        assert.deepEqual(
          (await steps.allInnerTexts()).map(text => text.split('\n')[0]),
          STEPS,
        );
        // A finished step shows only a green check: the task page's step icon, whose style class
        // names its state. (MUI's own "completed" class follows the stepper's position instead.)
        for (const [index, name] of STEPS.entries()) {
          const icon = steps
            .nth(index)
            .locator('.MuiStepLabel-iconContainer > div');
          assert.match(
            (await icon.getAttribute('class', { timeout: 2_000 })) ?? '',
            /-completed\b/,
            `step "${name}" shown as completed`,
          );
        }
        // the last lines of the task log, which the page opens when the task succeeds
        await page
          .getByText(
            `All 2 application(s) of component:default/${SERVICE} are Synced and Healthy`,
          )
          .waitFor({ timeout: 2_000 });
      },
      { timeoutMs: 30_000 },
    );
    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    assert.equal(
      await openInCatalog.getAttribute('href'),
      `/catalog/default/component/${SERVICE}`,
    );
    assert.equal(
      await page
        .getByRole('link', { name: /^Config repository/ })
        .getAttribute('href'),
      `http://127.0.0.1:7008/demo/${SERVICE}-config.git`,
    );
    createdService = SERVICE;
    await screenshot(page, 'template-task.png');
  }),
);

test(
  "the new service's GitOps tab shows its environments Synced and Healthy",
  watchingRestarts(async t => {
    if (!createdService) {
      t.skip('the template task did not complete');
      return;
    }
    // The task's output link, in-app like a user's click.
    await page.getByRole('link', { name: 'Open in catalog' }).click();
    await page
      .getByRole('heading', { name: createdService })
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'GitOps', exact: true })
      .click();
    await environment('dev').waitFor({ timeout: 30_000 });

    await eventually(
      async () => {
        for (const name of Object.keys(ENVIRONMENTS)) {
          const card = await textOf(environment(name));
          assert.match(card, /Sync status Synced\b/, `${name}: ${card}`);
          assert.match(card, /Health Healthy\b/, `${name}: ${card}`);
        }
      },
      { timeoutMs: 30_000 },
    );
    // The details below the cards load on their own: wait for them before the screenshot.
    await eventually(
      async () => {
        const rows = await rowTexts(
          page.getByRole('table', { name: 'Resources' }),
        );
        assert.ok(
          rows.some(row => row.startsWith('Deployment ')),
          `dev resources: ${rows.join(' | ')}`,
        );
        assert.ok(
          rows.every(row => / Synced /.test(row)),
          `dev resources: ${rows.join(' | ')}`,
        );
        const [newest] = await rowTexts(
          page.getByRole('table', { name: 'Sync history' }),
        );
        assert.match(newest ?? '', / Succeeded /, `dev history: ${newest}`);
      },
      { timeoutMs: 30_000 },
    );
    await screenshot(page, 'template-entity-gitops.png', { wholePage: true });

    // The cluster runs each environment's overlay: the replicas chosen in the form, Ready.
    for (const [name, replicas] of Object.entries(ENVIRONMENTS)) {
      const ready = kubectl(
        'get',
        `deployment/${createdService}`,
        '-n',
        `${createdService}-${name}`,
        '-o',
        'jsonpath={.spec.replicas}/{.status.readyReplicas}',
      );
      assert.equal(ready, `${replicas}/${replicas}`, `${name} replicas`);
    }
  }),
);
