// The GitOps plugin in the running development portal, as a user meets it: the entity tab of
// shop-frontend (dev: self-heal off, prod: self-heal on), drift made with kubectl, its diff, a
// manual sync, and the /gitops overview. The tests run in order and share one guest session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  clickSidebar,
  eventually,
  gitopsApi,
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

const ENTITY = 'shop-frontend';
const DEPLOYMENT_ROW = 'Show details of Deployment / shop-dev / shop-frontend';

let browser;
let page;

before(async () => {
  // drift is made with kubectl, as a person would: without it the suite fails, never skips
  requireKubectl();
  ({ browser, page } = await launchBrowser());
  await signInAsGuest(page);
});

after(async () => {
  await browser?.close();
});

const environment = name =>
  page.getByRole('region', { name: `environment ${name}` });
const resources = () => page.getByRole('table', { name: 'Resources' });
const history = () => page.getByRole('table', { name: 'Sync history' });
const applications = () => page.getByRole('table', { name: 'Applications' });
/** The entity page's "GitOps" tab (the overview card's "View deployments" links there too). */
const gitopsTab = () =>
  page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'GitOps', exact: true });

/** Body rows of a table as normalised text, one string per row. */
async function rowTexts(table) {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(row => textOf(row)));
}

/** "shop-frontend dev" from an overview row (its cells: entity, owner, environment, …). */
function entityAndEnvironment(row) {
  const [entity, , environmentName] = row.split(' ');
  return `${entity} ${environmentName}`;
}

/** Catalog → shop-frontend → GitOps tab, by clicking like a user (keeps the session). */
async function openGitOpsTab() {
  await clickSidebar(page, 'Catalog');
  const link = page
    .getByRole('table')
    .getByRole('link', { name: ENTITY, exact: true });
  await eventually(() => link.waitFor({ timeout: 2_000 }), {
    onStale: async () => {
      await navigateInApp(page, '/settings');
      await clickSidebar(page, 'Catalog');
    },
  });
  await link.click();
  await page
    .getByRole('heading', { name: ENTITY })
    .waitFor({ timeout: 30_000 });
  await gitopsTab().click();
  await environment('dev').waitFor({ timeout: 30_000 });
}

/** The value next to a field label of an environment card, e.g. "Sync status" → "Synced". */
async function expectField(env, label, value) {
  assert.match(
    await textOf(environment(env)),
    new RegExp(`${label} ${value}\\b`),
    `${env}: ${label} should be ${value}`,
  );
}

function deployedReplicas() {
  return kubectl(
    'get',
    'deployment/shop-frontend',
    '-n',
    'shop-dev',
    '-o',
    'jsonpath={.spec.replicas}',
  );
}

test(
  "shop-frontend's GitOps tab shows dev and prod Synced and Healthy",
  watchingRestarts(async () => {
    // The demo applications are onboarded and first synced some seconds after the portal
    // starts; wait for that on the API so the page is judged on what it renders.
    const token = await guestToken();
    await eventually(async () => {
      const { items } = await gitopsApi(
        token,
        `/entities/component/default/${ENTITY}/applications`,
      );
      const states = items
        .map(app => `${app.environment}:${app.syncStatus}/${app.health}`)
        .sort();
      assert.deepEqual(
        states,
        ['dev:Synced/Healthy', 'prod:Synced/Healthy'],
        'demo applications ready',
      );
    });

    await openGitOpsTab();
    for (const env of ['dev', 'prod']) {
      await expectField(env, 'Sync status', 'Synced');
      await expectField(env, 'Health', 'Healthy');
    }
    assert.match(await textOf(environment('dev')), /auto-sync/);
    assert.doesNotMatch(await textOf(environment('dev')), /self-heal/);
    assert.match(await textOf(environment('prod')), /self-heal/);

    await eventually(
      async () => {
        const rows = await rowTexts(resources());
        assert.equal(rows.length, 4, `dev resources: ${rows.join(' | ')}`);
        for (const kind of [
          'Namespace',
          'ConfigMap',
          'Service',
          'Deployment',
        ]) {
          assert.ok(
            rows.some(
              row => row.startsWith(`${kind} `) && / Synced /.test(row),
            ),
            `${kind} Synced`,
          );
        }
      },
      { timeoutMs: 30_000 },
    );
    await eventually(
      async () => {
        const rows = await rowTexts(history());
        assert.ok(
          rows.length > 0 && / Succeeded /.test(rows[0]),
          `history: ${rows.join(' | ')}`,
        );
      },
      { timeoutMs: 30_000 },
    );

    await screenshot(page, 'entity-gitops-tab.png', { wholePage: true });
  }),
);

test(
  'drift made with kubectl shows dev Out of sync, with a diff of spec.replicas',
  watchingRestarts(async () => {
    kubectl(
      'scale',
      'deployment/shop-frontend',
      '-n',
      'shop-dev',
      '--replicas=4',
    );
    assert.equal(deployedReplicas(), '4');

    // The reconcile interval is 30 s; Refresh compares Git and the cluster now.
    await environment('dev').getByRole('button', { name: 'Refresh' }).click();
    await environment('dev')
      .getByRole('status')
      .filter({ hasText: 'Refresh of dev queued' })
      .waitFor();
    // No reload from here on: the tab must follow the backend's status signal by itself.
    await eventually(() => expectField('dev', 'Sync status', 'Out of sync'), {
      timeoutMs: 60_000,
    });
    assert.match(await textOf(environment('dev')), /self-heal is off/);
    await expectField('prod', 'Sync status', 'Synced');

    const deploymentRow = page.getByRole('row', { name: DEPLOYMENT_ROW });
    await eventually(
      async () => assert.match(await textOf(deploymentRow), /Out of sync/),
      {
        timeoutMs: 30_000,
      },
    );
    for (const kind of ['Namespace', 'ConfigMap', 'Service']) {
      const row = (await rowTexts(resources())).find(text =>
        text.startsWith(`${kind} `),
      );
      assert.match(row ?? '', / Synced /, `${kind} stays Synced`);
    }

    await deploymentRow.click();
    const drawer = page.getByRole('dialog', {
      name: 'Deployment / shop-dev / shop-frontend',
    });
    try {
      await drawer.waitFor();
      assert.match(await textOf(drawer), /Changed fields: spec\.replicas\b/);
      const diff = drawer.getByRole('table', {
        name: 'Differences between Git and the cluster',
      });
      await diff.waitFor();
      await page.waitForTimeout(500); // the drawer slides in
      await screenshot(page, 'diff-drawer.png');
      // Git (overlays/dev via base) says 1 replica; the cluster now runs 4.
      const desired = (
        await drawer.getByTestId('changed-desired').allInnerTexts()
      ).map(s => s.trim());
      const live = (
        await drawer.getByTestId('changed-live').allInnerTexts()
      ).map(s => s.trim());
      assert.deepEqual(
        { desired, live },
        { desired: ['replicas: 1'], live: ['replicas: 4'] },
        'the "Desired (Git)" column shows Git\'s value and "Live (cluster)" the cluster\'s',
      );
    } finally {
      if (await drawer.isVisible()) {
        await drawer.getByRole('button', { name: 'Close details' }).click();
        await drawer.waitFor({ state: 'hidden' });
      }
    }
  }),
);

test(
  'the /gitops overview filters by sync status, in the URL and in the table',
  watchingRestarts(async () => {
    await clickSidebar(page, 'GitOps');
    await applications().waitFor({ timeout: 30_000 });
    assert.equal(new URL(page.url()).pathname, '/gitops');

    const outOfSync = page.getByRole('button', { name: /^Out of sync: \d+$/ });
    await eventually(
      async () => {
        assert.match(
          await textOf(page.getByText(/^\d+ applications$/)),
          /^3 applications$/,
        );
        assert.equal(await textOf(outOfSync), 'Out of sync: 1');
        assert.equal((await rowTexts(applications())).length, 3);
      },
      { timeoutMs: 30_000 },
    );
    await screenshot(page, 'overview.png');

    // A status chip filters: the URL carries the filter and the table shows only matches.
    await outOfSync.click();
    await eventually(
      async () => {
        assert.equal(
          new URL(page.url()).searchParams.get('syncStatus'),
          'OutOfSync',
        );
        assert.equal(await outOfSync.getAttribute('aria-pressed'), 'true');
        const rows = await rowTexts(applications());
        assert.equal(rows.length, 1, rows.join(' | '));
        assert.match(
          rows[0],
          /^shop-frontend team-shop dev local shop-dev Out of sync /,
        );
      },
      { timeoutMs: 30_000 },
    );

    // The picker replaces the chip's filter.
    await page.getByRole('button', { name: /^Sync status/ }).click();
    await page.getByRole('option', { name: 'Synced', exact: true }).click();
    await eventually(
      async () => {
        assert.equal(
          new URL(page.url()).searchParams.get('syncStatus'),
          'Synced',
        );
        const rows = await rowTexts(applications());
        assert.deepEqual(rows.map(entityAndEnvironment).sort(), [
          'payments dev',
          'shop-frontend prod',
        ]);
        assert.ok(
          rows.every(row => / Synced /.test(row)),
          rows.join(' | '),
        );
      },
      { timeoutMs: 30_000 },
    );

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(
      async () => {
        assert.equal(new URL(page.url()).search, '');
        assert.equal((await rowTexts(applications())).length, 3);
      },
      { timeoutMs: 30_000 },
    );
  }),
);

test(
  'Sync now returns dev to Synced and adds a row to its sync history',
  watchingRestarts(async () => {
    // From the overview row of shop-frontend/dev to its entity, then the GitOps tab.
    const devRow = applications()
      .locator('tbody tr')
      .filter({ hasText: 'shop-dev' });
    await devRow.getByRole('link', { name: ENTITY, exact: true }).click();
    await page
      .getByRole('heading', { name: ENTITY })
      .waitFor({ timeout: 30_000 });
    await gitopsTab().click();
    await environment('dev').waitFor({ timeout: 30_000 });
    await expectField('dev', 'Sync status', 'Out of sync');

    const pagination = page.getByText(/^\d+-\d+ of \d+$/).last();
    await history().locator('tbody tr').first().waitFor({ timeout: 30_000 });
    const total = async () =>
      Number((await textOf(pagination)).split(' of ')[1]);
    const syncsBefore = await total();

    await environment('dev').getByRole('button', { name: 'Sync now' }).click();
    const confirm = page.getByRole('dialog', { name: 'Sync dev now?' });
    assert.match(await textOf(confirm), /applied to local\/shop-dev/);
    await confirm.getByRole('button', { name: 'Sync', exact: true }).click();
    await environment('dev')
      .getByRole('status')
      .filter({ hasText: 'Sync of dev queued' })
      .waitFor();

    await eventually(
      async () => {
        await expectField('dev', 'Sync status', 'Synced');
        await expectField('dev', 'Health', 'Healthy');
      },
      { timeoutMs: 60_000 },
    );
    await eventually(
      async () => {
        assert.equal(await total(), syncsBefore + 1);
        const [newest] = await rowTexts(history());
        assert.match(
          newest,
          /Manual sync user:development\/guest Succeeded/,
          newest,
        );
      },
      { timeoutMs: 30_000 },
    );
    await eventually(
      async () => {
        assert.match(
          await textOf(page.getByRole('row', { name: DEPLOYMENT_ROW })),
          / Synced /,
        );
      },
      { timeoutMs: 30_000 },
    );
    assert.equal(
      deployedReplicas(),
      '1',
      'the cluster runs what Git says again',
    );
  }),
);
