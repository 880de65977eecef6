import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeError, errorStatus } from '../../lib/errors';

function advice(status: number | undefined): string {
  if (status === 401 || status === 403) {
    return 'You are not allowed to read GitOps data for this entity. Ask its owners or a portal admin for access.';
  }
  if (status === 404) {
    return 'The GitOps backend does not know this item. It may not be onboarded yet; check again after the next poll.';
  }
  if (status === undefined || status >= 500) {
    return 'The GitOps backend could not be reached or failed. Retry, and if it keeps failing tell the portal team.';
  }
  return '';
}

/** A failed load: what went wrong, what to do, and a retry button. */
export function ErrorWithRetry(props: {
  title: string;
  error: unknown;
  onRetry: () => void;
}) {
  const status = errorStatus(props.error);
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={props.onRetry}>
          Retry
        </Button>
      }
    >
      <AlertTitle>{props.title}</AlertTitle>
      {describeError(props.error)}
      {advice(status) && <div>{advice(status)}</div>}
    </Alert>
  );
}
