import { Json } from './jsonValue';

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, any>;
  [k: string]: any;
};

/** One element of `metadata.managedFields`. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, Json>;
  subresource?: string;
}

/**
 * A field an apply would change although another manager owns it.
 * `operation`, `apiVersion` and `subresource` describe the owning entry, so
 * the conflict message can name it the way the API does.
 */
export interface ApplyConflict {
  manager: string;
  field: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  subresource?: string;
}
