import { Content, Header, Page } from '@backstage/core-components';
import { GitOpsOverviewContent } from './GitOpsOverviewContent';

/** The `/gitops` page with its own header, for apps on the legacy frontend system. */
export function GitOpsOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="GitOps"
        subtitle="Every application deployed from Git, and its state in the cluster"
      />
      <Content>
        <GitOpsOverviewContent />
      </Content>
    </Page>
  );
}

/** The page body for the new frontend system, where the app draws the plugin's header. */
export function GitOpsOverviewPageBody() {
  return (
    <Content>
      <GitOpsOverviewContent />
    </Content>
  );
}
