import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import gitopsPlugin, {
  gitopsEntityCard,
  gitopsEntityContent,
  gitopsOverviewPage,
} from './alpha';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { gitopsApiRef } from './api';
import { makeApp, makeEntity, mockGitOpsApi } from './__testUtils__/fixtures';

const annotated = (kind: string) => ({ ...makeEntity(), kind });

describe('new frontend system plugin', () => {
  it('is the gitops plugin', () => {
    expect(gitopsPlugin.pluginId).toBe('gitops');
  });

  it('adds a "GitOps" tab in the deployment group on every annotated entity kind', () => {
    const tester = createExtensionTester(gitopsEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('gitops');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('GitOps');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'deployment',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    for (const kind of ['Component', 'System', 'Resource', 'API']) {
      expect(filter(annotated(kind))).toBe(true);
    }
    expect(filter(makeEntity('x', false))).toBe(false);
  });

  it('adds the entity card on the same entities', () => {
    const tester = createExtensionTester(gitopsEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated('System'))).toBe(true);
    expect(filter(makeEntity('x', false))).toBe(false);
  });

  it('mounts the overview page at /gitops with a title for the sidebar', () => {
    const tester = createExtensionTester(gitopsOverviewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/gitops');
    expect(tester.get(coreExtensionData.title)).toBe('GitOps');
  });

  it('serves the overview page at /gitops in an app', async () => {
    const api = mockGitOpsApi({
      listApplications: async () => ({
        items: [makeApp({ entityRef: 'component:default/checkout' })],
        totalCount: 1,
        offset: 0,
        limit: 25,
      }),
    });
    renderTestApp({
      features: [gitopsPlugin],
      initialRouteEntries: ['/gitops'],
      apis: [[gitopsApiRef, api]],
      // Entity links need the catalog's entity page, which every portal has.
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef as any,
      },
    });
    expect(
      await screen.findByRole('table', { name: 'Applications' }),
    ).toBeInTheDocument();
    expect(screen.getByText('checkout')).toBeInTheDocument();
  });
});
