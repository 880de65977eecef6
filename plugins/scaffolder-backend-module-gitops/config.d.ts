export interface Config {
  gitops?: {
    /**
     * `kubectl` used to render Kustomize overlays (`kubectl kustomize`); the scaffolder action
     * renders a new config repository with it before pushing. Default: `kubectl` on PATH.
     */
    kubectlPath?: string;
  };
}
