// CloudTrail activity: how many events each user made, by event name. The user is the IAM user name, else
// the role session's issuer, else the service that acted (invokedBy), else the principal id.
import { coalesce, count, job, when } from '../dsl/index.ts';

export default job('cloudtrail-activity', 'CloudTrail events by user name and event name', { owner: 'security@example.com', fresh: { days: 1 } }, (j) => {
  j.cloudTrail('trail')
    .select((r) => ({
      user: coalesce(r.userName, r.sessionIssuerUserName, r.invokedBy, r.principalId),
      eventName: r.eventName,
      eventSource: r.eventSource,
      error: when(r.errorCode.isNotNull(), r.errorCode).when(r.errorMessage.isNotNull(), r.errorMessage).end(),
    }))
    .groupBy('user', 'eventName', 'eventSource')
    .agg((r) => ({ events: count(), failures: count(r.error) }))
    .orderBy('user', 'eventName', 'eventSource')
    .writeCsv('activity');
});
