import { Link } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { commitUrl, shortSha } from '../../lib/commitUrl';

/** A commit as its short SHA, linking to the commit page of the repository's web UI. */
export function RevisionLink(props: { repoUrl: string; revision?: string }) {
  const { repoUrl, revision } = props;
  if (!revision) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        not deployed yet
      </Typography>
    );
  }
  const url = commitUrl(repoUrl, revision);
  const text = <code>{shortSha(revision)}</code>;
  return (
    <Tooltip title={revision}>
      {url ? (
        <Link to={url} aria-label={`commit ${revision}`}>
          {text}
        </Link>
      ) : (
        <span aria-label={`commit ${revision}`}>{text}</span>
      )}
    </Tooltip>
  );
}
