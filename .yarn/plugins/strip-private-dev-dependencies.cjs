/* eslint-disable */
// A packed package.json must not name a private workspace package: our plugins' tests use the
// private test kit (@internal/local-infra) as a devDependency, which `yarn pack` would otherwise
// publish as "^0.0.0", a version no registry has. Only devDependencies are dropped; a private
// package in dependencies or peerDependencies stays, so the adopter test reports it.
module.exports = {
  name: 'plugin-strip-private-dev-dependencies',
  factory: require => {
    const { structUtils } = require('@yarnpkg/core');
    return {
      hooks: {
        beforeWorkspacePacking(workspace, rawManifest) {
          const devDependencies = rawManifest.devDependencies;
          if (!devDependencies) return;
          for (const name of Object.keys(devDependencies)) {
            const dependency = workspace.project.tryWorkspaceByIdent(
              structUtils.parseIdent(name),
            );
            if (dependency && dependency.manifest.private)
              delete devDependencies[name];
          }
        },
      },
    };
  },
};
