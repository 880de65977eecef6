import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import type { ResourceStatus } from '@backstage-gitops/plugin-gitops-common';
import { HealthLabel, ResourceSyncLabel } from '../common/StatusLabel';
import { SideBySideDiff } from './SideBySideDiff';

export function resourceTitle(resource: ResourceStatus): string {
  return [resource.kind, resource.namespace, resource.name]
    .filter(Boolean)
    .join(' / ');
}

/** Details of one resource: why it differs from Git, and the live object's conditions. */
export function ResourceDrawer(props: {
  resource?: ResourceStatus;
  onClose: () => void;
}) {
  const { resource, onClose } = props;
  return (
    <Drawer anchor="right" open={Boolean(resource)} onClose={onClose}>
      {resource && (
        <Box
          p={2}
          width="min(1100px, 90vw)"
          role="dialog"
          aria-label={resourceTitle(resource)}
        >
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="h5">{resourceTitle(resource)}</Typography>
            <IconButton aria-label="Close details" onClick={onClose}>
              <CloseIcon />
            </IconButton>
          </Box>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            {resource.group ? `${resource.group}/` : ''}
            {resource.version}
          </Typography>
          <Box display="flex" style={{ gap: 16 }} my={1}>
            <ResourceSyncLabel status={resource.syncStatus} />
            <HealthLabel health={resource.health} />
          </Box>
          {resource.healthMessage && (
            <Typography variant="body2" gutterBottom>
              {resource.healthMessage}
            </Typography>
          )}
          {resource.changedFields && resource.changedFields.length > 0 && (
            <Typography variant="body2" gutterBottom>
              Changed fields:{' '}
              {resource.changedFields.map(f => (
                <code key={f}>{f} </code>
              ))}
            </Typography>
          )}

          <Box mt={2}>
            <Typography variant="h6">Diff</Typography>
            {resource.diff ? (
              <SideBySideDiff diff={resource.diff} />
            ) : (
              <Typography variant="body2" color="textSecondary">
                {resource.syncStatus === 'Synced'
                  ? 'No differences: the live object matches Git.'
                  : 'No diff is available for this resource.'}
              </Typography>
            )}
          </Box>

          <Box mt={3}>
            <Typography variant="h6">Conditions</Typography>
            {resource.conditions && resource.conditions.length > 0 ? (
              <Table size="small" aria-label="Conditions">
                <TableHead>
                  <TableRow>
                    <TableCell>Type</TableCell>
                    <TableCell>Status</TableCell>
                    <TableCell>Reason</TableCell>
                    <TableCell>Message</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {resource.conditions.map(condition => (
                    <TableRow key={condition.type}>
                      <TableCell>{condition.type}</TableCell>
                      <TableCell>{condition.status}</TableCell>
                      <TableCell>{condition.reason}</TableCell>
                      <TableCell>{condition.message}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Typography variant="body2" color="textSecondary">
                The live object reports no conditions.
              </Typography>
            )}
          </Box>
        </Box>
      )}
    </Drawer>
  );
}
