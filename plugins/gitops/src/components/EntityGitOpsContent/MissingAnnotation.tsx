import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { Entity } from '@backstage/catalog-model';
import {
  DESCRIPTOR_FILE,
  GITOPS_ANNOTATIONS,
} from '@backstage-gitops/plugin-gitops-common';

/** The YAML an owner adds to `catalog-info.yaml` to onboard the entity. */
export function annotationYaml(entity: Entity): string {
  const name = entity.metadata.name;
  return [
    `apiVersion: ${entity.apiVersion}`,
    `kind: ${entity.kind}`,
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    `    ${GITOPS_ANNOTATIONS.configRepo}: https://git.example.com/my-team/${name}-config.git`,
    `    # optional: branch, tag or commit (default: main)`,
    `    ${GITOPS_ANNOTATIONS.configRef}: main`,
  ].join('\n');
}

/** Shown on an entity that is not onboarded: exactly what to add and where. */
export function MissingAnnotation(props: { entity: Entity }) {
  return (
    <EmptyState
      missing="field"
      title="This entity is not deployed with GitOps yet"
      description={
        <Typography component="span">
          Add the <code>{GITOPS_ANNOTATIONS.configRepo}</code> annotation to
          this entity's <code>catalog-info.yaml</code>, pointing at the config
          repository that holds its manifests and a{' '}
          <code>{DESCRIPTOR_FILE}</code> file listing its environments. The
          portal picks the environments up on the next catalog refresh.
        </Typography>
      }
      action={
        <CodeSnippet
          language="yaml"
          text={annotationYaml(props.entity)}
          showCopyCodeButton
        />
      }
    />
  );
}
