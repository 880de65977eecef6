import Alert from '@material-ui/lab/Alert';
import type { ActionOutcome } from '../../hooks/useApplicationAction';

/** Success or failure of the last action, dismissible, announced to screen readers. */
export function ActionOutcomeAlert(props: {
  outcome?: ActionOutcome;
  onClose: () => void;
}) {
  if (!props.outcome) {
    return null;
  }
  return (
    <Alert
      role="status"
      severity={props.outcome.severity}
      onClose={props.onClose}
    >
      {props.outcome.message}
    </Alert>
  );
}
