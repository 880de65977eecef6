import { useMemo } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { DiffCell, toSideBySide } from '../../lib/sideBySideDiff';

const useStyles = makeStyles(theme => ({
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    tableLayout: 'fixed',
    fontFamily: 'monospace',
    fontSize: 12,
  },
  header: {
    textAlign: 'left',
    padding: theme.spacing(0.5, 1),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  number: {
    width: 40,
    textAlign: 'right',
    paddingRight: theme.spacing(1),
    color: theme.palette.text.secondary,
    userSelect: 'none',
    verticalAlign: 'top',
  },
  code: {
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    verticalAlign: 'top',
    paddingRight: theme.spacing(1),
  },
  desiredChanged: {
    backgroundColor: theme.palette.type === 'dark' ? '#5a1e1e' : '#ffebe9',
  },
  liveChanged: {
    backgroundColor: theme.palette.type === 'dark' ? '#1e4a2a' : '#e6ffec',
  },
  empty: {
    backgroundColor: theme.palette.action.hover,
  },
  hunk: {
    color: theme.palette.text.secondary,
    backgroundColor: theme.palette.action.selected,
    padding: theme.spacing(0.25, 1),
  },
}));

/**
 * The unified diff desired → live as two columns, changed lines highlighted. Values arrive already
 * masked by the backend (Secret data never leaves it).
 */
export function SideBySideDiff(props: { diff: string }) {
  const classes = useStyles();
  const rows = useMemo(() => toSideBySide(props.diff), [props.diff]);

  const cells = (
    cell: DiffCell | undefined,
    changedClass: string,
    side: string,
  ) => {
    if (!cell) {
      return (
        <>
          <td className={`${classes.number} ${classes.empty}`} />
          <td className={`${classes.code} ${classes.empty}`} />
        </>
      );
    }
    const highlight = cell.changed ? changedClass : '';
    return (
      <>
        <td className={`${classes.number} ${highlight}`}>{cell.lineNumber}</td>
        <td
          className={`${classes.code} ${highlight}`}
          data-testid={cell.changed ? `changed-${side}` : undefined}
        >
          {cell.text}
        </td>
      </>
    );
  };

  return (
    <table
      className={classes.table}
      aria-label="Differences between Git and the cluster"
    >
      <colgroup>
        <col style={{ width: 40 }} />
        <col />
        <col style={{ width: 40 }} />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th className={classes.header} colSpan={2}>
            Desired (Git)
          </th>
          <th className={classes.header} colSpan={2}>
            Live (cluster)
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) =>
          row.type === 'hunk' ? (
            <tr key={index}>
              <td className={classes.hunk} colSpan={4}>
                {row.header}
              </td>
            </tr>
          ) : (
            <tr key={index}>
              {cells(row.desired, classes.desiredChanged, 'desired')}
              {cells(row.live, classes.liveChanged, 'live')}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
