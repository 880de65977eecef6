import { GITOPS_ANNOTATIONS } from '@backstage-gitops/plugin-gitops-common';
import { Config } from '@backstage/config';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { integrationFor } from '@backstage-gitops/plugin-gitops-node';
import { examples } from './examples';
import { collectExtraFiles, withExtraFiles } from './extraFiles';
import {
  configRepoInputSchema,
  configRepoOutputSchema,
  parseConfigRepoInput,
} from './input';
import { generateConfigRepoFiles } from './layout';
import { pushNewRepository } from './pushNewRepository';
import { verifyConfigRepo, writeRepoFiles } from './verify';

/** Id of the scaffolder action that creates a GitOps config repository. @public */
export const CONFIG_REPO_ACTION_ID = 'gitops:config-repo:create';

/** What the `gitops:config-repo:create` action needs. @public */
export interface ConfigRepoActionOptions {
  /** The portal's SCM integrations: the repository host must be one of them, and they hold the credentials. */
  integrations: ScmIntegrationRegistry;
  /** Reads `gitops.kubectlPath` and `scaffolder.defaultAuthor` / `scaffolder.defaultCommitMessage`. */
  config: Config;
}

/**
 * `gitops:config-repo:create`: writes a GitOps config repository (descriptor, Kustomize base,
 * one overlay per environment), checks it with the GitOps engine's own render and validation,
 * and pushes it as the first commit of a new repository.
 * @public
 */
export function createConfigRepoAction(options: ConfigRepoActionOptions) {
  const { integrations, config } = options;
  const kubectlPath =
    config.getOptionalString('gitops.kubectlPath') ?? 'kubectl';

  return createTemplateAction({
    id: CONFIG_REPO_ACTION_ID,
    description:
      'Creates a GitOps config repository (gitops.yaml, a Kustomize base and one overlay per environment), validated with the GitOps engine, and pushes it to a new or empty repository',
    examples,
    supportsDryRun: true,
    // The scaffolder hands in its own zod build; the schemas only need zod's v3 API, and the
    // handler parses the input again with defaults, so the inferred types are not used here.
    schema: {
      input: (zImpl): any => configRepoInputSchema(zImpl as any),
      output: (zImpl): any => configRepoOutputSchema(zImpl as any),
    },
    async handler(ctx) {
      const input = parseConfigRepoInput(ctx.input);
      integrationFor(integrations, input.repoUrl); // refuse an unknown host before any work
      const files = withExtraFiles(
        generateConfigRepoFiles(input),
        await collectExtraFiles(ctx.workspacePath, input),
      );
      const paths = Object.keys(files);

      const dir = await fs.mkdtemp(
        path.join(os.tmpdir(), 'gitops-config-repo-'),
      );
      try {
        await writeRepoFiles(dir, files);
        const environments = await verifyConfigRepo(dir, { kubectlPath });
        for (const env of environments)
          ctx.logger.info(
            `Environment ${env.name} (${env.path}) renders ${
              env.objects.length
            } objects: ${env.objects.join(', ')}`,
          );

        let commitSha: string | undefined;
        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would push ${paths.length} files to ${input.repoUrl} (branch ${input.branch})`,
          );
        } else {
          // A resumed task must not push a second time: the checkpoint replays the first result.
          commitSha = await ctx.checkpoint({
            key: `gitops-config-repo-push-${input.repoUrl}-${input.branch}`,
            fn: () =>
              pushNewRepository({
                integrations,
                repoUrl: input.repoUrl,
                branch: input.branch,
                dir,
                files,
                message:
                  input.commitMessage ??
                  config.getOptionalString('scaffolder.defaultCommitMessage') ??
                  `Create the GitOps configuration of ${input.name}`,
                author: {
                  name:
                    input.gitAuthorName ??
                    config.getOptionalString('scaffolder.defaultAuthor.name') ??
                    'Scaffolder',
                  email:
                    input.gitAuthorEmail ??
                    config.getOptionalString(
                      'scaffolder.defaultAuthor.email',
                    ) ??
                    'scaffolder@backstage.io',
                },
              }),
          });
          ctx.logger.info(
            `Pushed ${paths.length} files to ${input.repoUrl} (branch ${input.branch}) as ${commitSha}`,
          );
        }

        ctx.output('repoUrl', input.repoUrl);
        if (commitSha) ctx.output('commitSha', commitSha);
        ctx.output('annotations', {
          [GITOPS_ANNOTATIONS.configRepo]: input.repoUrl,
          ...(input.branch !== 'main'
            ? { [GITOPS_ANNOTATIONS.configRef]: input.branch }
            : {}),
        });
        ctx.output('files', paths);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  });
}
