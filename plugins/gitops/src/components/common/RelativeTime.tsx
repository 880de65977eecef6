import Tooltip from '@material-ui/core/Tooltip';
import { formatAbsolute, formatRelative } from '../../lib/time';

/** `3 min ago`, with the exact time on hover. */
export function RelativeTime(props: { time?: string }) {
  if (!props.time) {
    return <span>—</span>;
  }
  return (
    <Tooltip title={formatAbsolute(props.time)}>
      <time dateTime={props.time}>{formatRelative(props.time)}</time>
    </Tooltip>
  );
}
