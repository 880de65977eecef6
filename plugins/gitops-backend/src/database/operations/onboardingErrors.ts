import { OnboardingError } from '@backstage-gitops/plugin-gitops-common';
import { Knex } from 'knex';

const ERRORS = 'gitops_onboarding_errors';

export async function setOnboardingError(
  knex: Knex,
  entityRef: string,
  message: string | undefined,
  now: Date,
) {
  const ref = entityRef.toLocaleLowerCase('en-US');
  if (message === undefined) {
    await knex(ERRORS).where('entity_ref', ref).delete();
    return;
  }
  await knex(ERRORS)
    .insert({ entity_ref: ref, message, updated_at: now })
    .onConflict('entity_ref')
    .merge();
}

export async function listOnboardingErrors(
  knex: Knex,
  entityRef?: string,
): Promise<OnboardingError[]> {
  const query = knex(ERRORS)
    .select('entity_ref', 'message')
    .orderBy('entity_ref');
  if (entityRef)
    query.where('entity_ref', entityRef.toLocaleLowerCase('en-US'));
  return (await query).map((r: any) => ({
    entityRef: r.entity_ref,
    message: r.message,
  }));
}
