import { createRouteRef } from '@backstage/core-plugin-api';

/** The `/gitops` overview page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'gitops' });

/** Mount point of the entity tab (legacy frontend system). */
export const entityContentRouteRef = createRouteRef({
  id: 'gitops:entity-content',
});
