import {
  coreServices,
  createServiceFactory,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import type { LocalGitServer } from '../git';

/**
 * Reads files of the local Git server by their Gitea web URL
 * (`<server>/<repo>/src/branch/<branch>/<path>`), which is what the catalog asks a Gitea
 * integration for. The local server speaks only Git smart HTTP, so this stands in for the Gitea
 * contents API the catalog's Gitea reader would call.
 */
export function localGitUrlReader(git: LocalGitServer): UrlReaderService {
  async function read(url: string) {
    if (!url.startsWith(`${git.url}/`))
      throw new NotAllowedError(`${url} is not on the local Git server`);
    const [repoPath, rest] = new URL(url).pathname
      .slice(1)
      .split('/src/branch/');
    if (!rest)
      throw new NotFoundError(
        `${url} is not a file URL of the form <repo>/src/branch/<branch>/<path>`,
      );
    const [branch, ...file] = rest.split('/');
    const repo = repoPath.replace(/\.git$/, '');
    const content = await git
      .readFile(repo, file.join('/'), branch)
      .catch(() => undefined);
    if (content === undefined) throw new NotFoundError(`${url} not found`);
    return {
      content: Buffer.from(content, 'utf8'),
      etag: await git.headSha(repo, branch),
    };
  }
  return {
    async readUrl(url, options) {
      const { content, etag } = await read(url);
      if (options?.etag === etag) throw new NotModifiedError();
      return { buffer: async () => content, etag };
    },
    async search(url, options) {
      const { content, etag } = await read(url);
      if (options?.etag === etag) throw new NotModifiedError();
      return { etag, files: [{ url, content: async () => content }] };
    },
    async readTree() {
      throw new NotAllowedError(
        'readTree is not supported by the local Git reader',
      );
    },
  };
}

export const localGitUrlReaderFactory = (git: LocalGitServer) =>
  createServiceFactory({
    service: coreServices.urlReader,
    deps: {},
    factory: () => localGitUrlReader(git),
  });
