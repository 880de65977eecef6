import { gitopsPlugin, isGitOpsAvailable, gitopsApiRef } from './index';

describe('legacy plugin', () => {
  it('is the gitops plugin with its API and overview route', () => {
    expect(gitopsPlugin.getId()).toBe('gitops');
    expect([...gitopsPlugin.getApis()].map(factory => factory.api.id)).toEqual([
      gitopsApiRef.id,
    ]);
    expect(gitopsPlugin.routes.root).toBeDefined();
    expect(gitopsApiRef.id).toBe('plugin.gitops.service');
    expect(typeof isGitOpsAvailable).toBe('function');
  });
});
