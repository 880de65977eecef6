import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Tooltip from '@material-ui/core/Tooltip';
import type { gitopsSyncPermission } from '@backstage-gitops/plugin-gitops-common';
import { usePermission } from '@backstage/plugin-permission-react';

/**
 * A button enabled only when the user holds `permission` on the entity. When denied it stays
 * visible but disabled, with the reason on hover, so users learn the action exists and whom to ask.
 */
export function PermissionedButton(props: {
  permission: typeof gitopsSyncPermission;
  entityRef?: string;
  deniedReason: string;
  label: string;
  icon?: ReactNode;
  running?: boolean;
  disabled?: boolean;
  size?: 'small' | 'medium';
  onClick: () => void;
}) {
  const { allowed, loading } = usePermission({
    permission: props.permission,
    resourceRef: props.entityRef,
  });
  const denied = !loading && !allowed;
  let reason = '';
  if (denied) {
    reason = props.entityRef
      ? props.deniedReason
      : 'This application has no catalog entity, so it can only be changed in the portal configuration.';
  }
  const button = (
    <Button
      variant="outlined"
      size={props.size ?? 'small'}
      startIcon={props.running ? <CircularProgress size={14} /> : props.icon}
      disabled={loading || denied || props.disabled || props.running}
      onClick={props.onClick}
    >
      {props.label}
    </Button>
  );
  if (!reason) {
    return button;
  }
  // A disabled button fires no mouse events; the span carries the tooltip.
  return (
    <Tooltip title={reason}>
      <span aria-label={reason}>{button}</span>
    </Tooltip>
  );
}
