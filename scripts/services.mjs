// The AWS services Rampart serves: the botocore model name and API version, and Rampart's folder name
// (the AWS SDK for JavaScript v3 service id, so that src/services/<id>, the model and @aws-sdk/client-<id> line up).
export const SERVICES = [
  { id: 'kms', model: 'kms', apiVersion: '2014-11-01' },
  { id: 'ssm', model: 'ssm', apiVersion: '2014-11-06' },
  { id: 'secrets-manager', model: 'secretsmanager', apiVersion: '2017-10-17' },
  { id: 'iam', model: 'iam', apiVersion: '2010-05-08' },
  { id: 'sts', model: 'sts', apiVersion: '2011-06-15' },
  { id: 'organizations', model: 'organizations', apiVersion: '2016-11-28' },
  { id: 'cloudtrail', model: 'cloudtrail', apiVersion: '2013-11-01' },
  { id: 'acm', model: 'acm', apiVersion: '2015-12-08' },
  { id: 'acm-pca', model: 'acm-pca', apiVersion: '2017-08-22' },
  { id: 's3', model: 's3', apiVersion: '2006-03-01' },
  { id: 'wafv2', model: 'wafv2', apiVersion: '2019-07-29' },
  { id: 'shield', model: 'shield', apiVersion: '2016-06-02' },
  { id: 'fms', model: 'fms', apiVersion: '2018-01-01' },
  { id: 'guardduty', model: 'guardduty', apiVersion: '2017-11-28' },
  { id: 'inspector2', model: 'inspector2', apiVersion: '2020-06-08' },
  { id: 'macie2', model: 'macie2', apiVersion: '2020-01-01' },
  { id: 'securityhub', model: 'securityhub', apiVersion: '2018-10-26' },
  { id: 'cloudwatch-logs', model: 'logs', apiVersion: '2014-03-28' },
  { id: 'eventbridge', model: 'events', apiVersion: '2015-10-07' },
];
