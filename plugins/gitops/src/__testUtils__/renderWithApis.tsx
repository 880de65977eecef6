import { ReactElement } from 'react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { GitOpsApi, gitopsApiRef } from '../api';

export interface RenderOptions {
  api: GitOpsApi;
  entity?: Entity;
  /** Names of permissions the user lacks; all others are allowed. */
  denied?: string[];
  initialRoute?: string;
  extraApis?: any[];
  /** Receives every permission request, to check the resource it names. */
  onAuthorize?: (request: {
    permission: { name: string };
    resourceRef?: string;
  }) => void;
}

/** A permission API answering from a deny list; results are the wire values of AuthorizeResult. */
function permissionApi(options: RenderOptions): PermissionApi {
  const denied = new Set(options.denied ?? []);
  return {
    authorize: async (request: any) => {
      options.onAuthorize?.(request);
      return {
        result: denied.has(request.permission.name) ? 'DENY' : 'ALLOW',
      } as any;
    },
  };
}

/** Renders inside a test app with the GitOps API, permissions and the catalog entity routes. */
export function renderWithApis(element: ReactElement, options: RenderOptions) {
  return renderInTestApp(
    options.entity ? (
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    ) : (
      element
    ),
    {
      apis: [
        [gitopsApiRef, options.api],
        [permissionApiRef, permissionApi(options)],
        ...(options.extraApis ?? []),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef as any,
      },
      initialRouteEntries: options.initialRoute
        ? [options.initialRoute]
        : undefined,
    },
  );
}
