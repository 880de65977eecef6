import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { GitOpsService } from './GitOpsService';

/** What the API routes need. */
export interface RouteDeps {
  service: GitOpsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/** A user or a service; anything else (no token, a bad token) is refused with 401/403 here, not only by the default auth policy. */
export function authenticate(httpAuth: HttpAuthService, req: Request) {
  return httpAuth.credentials(req, { allow: ['user', 'service'] });
}
