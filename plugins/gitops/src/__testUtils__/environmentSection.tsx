import { screen } from '@testing-library/react';
import type { GitOpsApi } from '../api';
import { EntityGitOpsContent } from '../components/EntityGitOpsContent/EntityGitOpsContent';
import { makeEntity } from './fixtures';
import { renderWithApis } from './renderWithApis';

/** Renders the GitOps tab of the `shop` entity and returns the section of one environment. */
export async function renderEnvironmentSection(
  api: GitOpsApi,
  environment = 'prod',
): Promise<HTMLElement> {
  await renderWithApis(<EntityGitOpsContent />, { api, entity: makeEntity() });
  return screen.findByRole('region', { name: `environment ${environment}` });
}
