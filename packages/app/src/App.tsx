import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import gitopsPlugin from '@backstage-gitops/plugin-gitops/alpha';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, gitopsPlugin, navModule],
});
