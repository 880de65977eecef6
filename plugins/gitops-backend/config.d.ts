export interface Config {
  /** GitOps for Backstage backend. */
  gitops?: {
    /** Folder of the on-disk Git cache (one bare repository per remote). Default: the OS temp dir. */
    cacheDir?: string;
    /** `kubectl` used to render Kustomize overlays (`kubectl kustomize`). Default: `kubectl` on PATH. */
    kubectlPath?: string;
    worker?: {
      /** Reconciles running at once on one replica. Default 4. */
      concurrency?: number;
      /** Lease of a claim; a replica that stops heartbeating loses its applications after it. Default 60. */
      leaseSeconds?: number;
      /** How often a replica looks for due applications. Default 5. */
      pollIntervalSeconds?: number;
    };
    onboarding?: {
      /** How often annotated catalog entities are turned into applications. Default 15. */
      frequencySeconds?: number;
    };
    /** Clusters besides `kubernetes.clusterLocatorMethods` (type config). */
    clusters?: Array<{
      name: string;
      /** Path of a kubeconfig file. */
      kubeconfig?: string;
      context?: string;
      /** Use the pod's service account. */
      inCluster?: boolean;
    }>;
    /**
     * Tenancy, owned by the platform: which catalog entities belong to which project, and what
     * their applications may use. A repository's descriptor can only narrow its project. Entities
     * no project claims fall into the built-in `default` project (docs/security.md). Checked at
     * startup; every problem is reported with its place.
     */
    projects?: Array<{
      /** A lowercase DNS label; `default` is the built-in project's. */
      name: string;
      description?: string;
      /**
       * Entities that belong (any of these matches). When several projects claim an entity, the
       * first one in this list wins.
       */
      members?: {
        /** Owner groups, as entity refs (`team-shop` means `group:default/team-shop`). */
        groups?: string[];
        /** Systems, as entity refs (`shop` means `system:default/shop`). */
        systems?: string[];
        /** Catalog namespaces (`metadata.namespace`). */
        namespaces?: string[];
      };
      /**
       * Repository URLs the project's applications may read, as globs: `*` stops at `/`, `**`
       * does not, a leading `!` excludes. Matched without case, `.git` or trailing slash.
       */
      sourceRepos: string[];
      /** Clusters and namespaces, as globs; an entry with `!` in either field excludes. */
      destinations: Array<{ cluster: string; namespace: string }>;
      /**
       * Cluster-scoped kinds (Namespace included) the applications may write: `group` is `''`
       * for the core group, either field may be `*`. Default: none.
       */
      clusterResources?: {
        allow?: Array<{ group: string; kind: string }>;
        deny?: Array<{ group: string; kind: string }>;
      };
      /** Namespaced kinds. Default: every kind allowed, none denied. */
      namespacedResources?: {
        allow?: Array<{ group: string; kind: string }>;
        deny?: Array<{ group: string; kind: string }>;
      };
      /** Sync policies descriptors may turn on; `false` refuses a descriptor asking for it. Default: all. */
      syncPolicy?: { automated?: boolean; selfHeal?: boolean; prune?: boolean };
      /**
       * Who the engine acts as in the target cluster for this project's applications: a
       * ServiceAccount `<namespace>/<name>`, or a user and groups.
       */
      impersonate?:
        | { serviceAccount: string }
        | { user: string; groups?: string[] };
    }>;
    /** Platform applications that have no catalog entity: one environment each, plus its repository. */
    applications?: Array<{
      name: string;
      repoUrl: string;
      /** The project that admits the application (default: the built-in `default` project). */
      project?: string;
      ref?: string;
      path?: string;
      cluster: string;
      namespace: string;
      allowedNamespaces?: string[];
      allowClusterScoped?: boolean;
      interval?: string;
      policy?: { automated?: boolean; selfHeal?: boolean; prune?: boolean };
      /** Take over live objects Git declares that carry no application's id. Default false. */
      adoptExisting?: boolean;
    }>;
    history?: {
      /** How much sync history is kept; older rows are removed in bounded batches. */
      retention?: {
        /** Newest sync records kept per application; the oldest beyond go after its next sync. Default 1000. */
        maxPerApplication?: number;
        /** Sync records that started longer ago are removed (hourly task). Default 90. */
        maxAgeDays?: number;
      };
    };
    security?: {
      /**
       * Refuse to sync an application that names no identity to impersonate, so every write to a
       * cluster is decided by that cluster's RBAC for the application's identity. Default false.
       */
      requireImpersonation?: boolean;
    };
    notifications?: {
      /**
       * Tell the owners of an entity (Backstage notifications) when a sync of one of its
       * applications fails, an application turns Degraded, or drift is left uncorrected; once per
       * problem. Default true; turn off where the notifications backend is not installed.
       */
      enabled?: boolean;
    };
    /** Push webhook secrets per provider; a provider without a secret is not accepted. */
    webhooks?: {
      /**
       * How far a delivery's signed time (GitHub `repository.pushed_at`, Bitbucket `date`, the
       * generic provider's `x-gitops-timestamp`) may be from the backend's clock, either way.
       * Default 300.
       */
      deliveryWindowSeconds?: number;
      github?: {
        /** @visibility secret */
        secret: string;
      };
      gitlab?: {
        /** @visibility secret */
        secret: string;
      };
      gitea?: {
        /** @visibility secret */
        secret: string;
      };
      bitbucket?: {
        /** @visibility secret */
        secret: string;
      };
      generic?: {
        /** @visibility secret */
        secret: string;
      };
    };
  };
}
