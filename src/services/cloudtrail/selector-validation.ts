// PutEventSelectors' rules for what a trail may select, as the CloudTrail API reference states them:
//   basic: 1 to 5 selectors; data resources only of the basic types (S3 objects, Lambda functions,
//     DynamoDB tables), ARNs of their service, at most 250 in all; management event sources may exclude
//     only kms.amazonaws.com and rdsdata.amazonaws.com.
//   advanced: every selector has an eventCategory condition (Equals, one value); management selectors
//     may filter only readOnly and eventSource (NotEquals kms/rdsdata); data selectors need exactly one
//     resources.type (Equals); readOnly, eventCategory and resources.type take only Equals; at most 500
//     values across all conditions of the trail.
// Values are kept as given, with the basic selector's defaults filled in (AWS returns them so).
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '../../generated/cloudtrail/types.js';
import { invalidEventSelectors } from './errors.js';

const MAX_SELECTORS = 5;
const MAX_DATA_RESOURCES = 250;
const MAX_ADVANCED_VALUES = 500;
const EXCLUDABLE_SOURCES = new Set(['kms.amazonaws.com', 'rdsdata.amazonaws.com']);
const BASIC_DATA_TYPES: Record<string, string> = {
  'AWS::S3::Object': 's3',
  'AWS::Lambda::Function': 'lambda',
  'AWS::DynamoDB::Table': 'dynamodb',
};

export function checkEventSelectors(selectors: readonly EventSelector[]): EventSelector[] {
  if (selectors.length < 1 || selectors.length > MAX_SELECTORS) {
    throw invalidEventSelectors(`A trail can have 1 to ${MAX_SELECTORS} event selectors; ${selectors.length} were specified.`);
  }
  let dataResources = 0;
  return selectors.map((selector) => {
    const excluded = selector.ExcludeManagementEventSources ?? [];
    for (const source of excluded) {
      if (!EXCLUDABLE_SOURCES.has(source)) {
        throw invalidEventSelectors(`Invalid ExcludeManagementEventSources value ${source}: only kms.amazonaws.com and rdsdata.amazonaws.com can be excluded.`);
      }
    }
    for (const resource of selector.DataResources ?? []) {
      const service = resource.Type === undefined ? undefined : BASIC_DATA_TYPES[resource.Type];
      if (!service) {
        throw invalidEventSelectors(
          `Invalid data resource type ${resource.Type ?? '(none)'}: basic event selectors take ${Object.keys(BASIC_DATA_TYPES).join(', ')}; use advanced event selectors for others.`,
        );
      }
      const values = resource.Values ?? [];
      if (values.length === 0) throw invalidEventSelectors(`The data resource of type ${resource.Type} names no resource ARN.`);
      for (const value of values) {
        if (!new RegExp(`^arn:aws[a-z-]*:${service}(?::|$)`).test(value)) {
          throw invalidEventSelectors(`Invalid data resource value ${value} for type ${resource.Type}.`);
        }
      }
      dataResources += values.length;
    }
    if (dataResources > MAX_DATA_RESOURCES) {
      throw invalidEventSelectors(`A trail can have at most ${MAX_DATA_RESOURCES} data resources across its event selectors.`);
    }
    return {
      ReadWriteType: selector.ReadWriteType ?? 'All',
      IncludeManagementEvents: selector.IncludeManagementEvents ?? true,
      DataResources: (selector.DataResources ?? []).map((r) => ({ Type: r.Type, Values: [...(r.Values ?? [])] })),
      ExcludeManagementEventSources: [...excluded],
    };
  });
}

const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
const CATEGORIES = new Set(['Management', 'Data', 'NetworkActivity']);
const EQUALS_ONLY = new Set(['readOnly', 'eventCategory', 'resources.type']);
const MANAGEMENT_FIELDS = new Set(['eventCategory', 'readOnly', 'eventSource']);
const DATA_FIELDS = new Set([
  'eventCategory',
  'readOnly',
  'eventSource',
  'eventName',
  'eventType',
  'resources.type',
  'resources.ARN',
  'userIdentity.arn',
  'errorCode',
  'sessionCredentialFromConsole',
  'vpcEndpointId',
]);
const NETWORK_FIELDS = new Set(['eventCategory', 'eventSource', 'eventName', 'errorCode', 'vpcEndpointId']);

const used = (field: AdvancedFieldSelector) => OPERATORS.filter((op) => (field[op] ?? []).length > 0);

export function checkAdvancedEventSelectors(selectors: readonly AdvancedEventSelector[]): AdvancedEventSelector[] {
  if (selectors.length === 0) throw invalidEventSelectors('Specify at least one advanced event selector.');
  let values = 0;
  for (const selector of selectors) {
    const label = selector.Name ? `Advanced event selector "${selector.Name}"` : 'An advanced event selector';
    const fields = new Map<string, AdvancedFieldSelector>();
    for (const field of selector.FieldSelectors) {
      if (fields.has(field.Field)) throw invalidEventSelectors(`${label} has more than one condition on ${field.Field}.`);
      fields.set(field.Field, field);
      const operators = used(field);
      if (operators.length === 0) throw invalidEventSelectors(`${label} has a condition on ${field.Field} without values.`);
      if (EQUALS_ONLY.has(field.Field) && operators.some((op) => op !== 'Equals')) {
        throw invalidEventSelectors(`${label}: ${field.Field} supports only the Equals operator.`);
      }
      for (const op of operators) values += field[op]!.length;
    }
    const category = fields.get('eventCategory');
    if (!category || category.Equals?.length !== 1 || !CATEGORIES.has(category.Equals[0])) {
      throw invalidEventSelectors(`${label} must have exactly one eventCategory Equals condition: Management, Data or NetworkActivity.`);
    }
    const allowed = category.Equals[0] === 'Management' ? MANAGEMENT_FIELDS : category.Equals[0] === 'Data' ? DATA_FIELDS : NETWORK_FIELDS;
    for (const name of fields.keys()) {
      if (!allowed.has(name)) throw invalidEventSelectors(`${label}: ${name} cannot filter ${category.Equals[0]} events.`);
    }
    const readOnly = fields.get('readOnly');
    if (readOnly && (readOnly.Equals!.length !== 1 || !['true', 'false'].includes(readOnly.Equals![0]))) {
      throw invalidEventSelectors(`${label}: readOnly must equal either true or false.`);
    }
    if (category.Equals[0] === 'Management') {
      const source = fields.get('eventSource');
      if (source && (used(source).some((op) => op !== 'NotEquals') || source.NotEquals!.some((s) => !EXCLUDABLE_SOURCES.has(s)))) {
        throw invalidEventSelectors(`${label}: management events can only exclude eventSource kms.amazonaws.com or rdsdata.amazonaws.com (NotEquals).`);
      }
    }
    if (category.Equals[0] === 'Data' && fields.get('resources.type')?.Equals?.length !== 1) {
      throw invalidEventSelectors(`${label} selects data events and must have exactly one resources.type Equals condition.`);
    }
    if (category.Equals[0] === 'NetworkActivity' && !fields.get('eventSource')?.Equals?.length) {
      throw invalidEventSelectors(`${label} selects network activity events and must have an eventSource Equals condition.`);
    }
  }
  if (values > MAX_ADVANCED_VALUES) {
    throw invalidEventSelectors(`Advanced event selectors can have at most ${MAX_ADVANCED_VALUES} values across all conditions; ${values} were specified.`);
  }
  return selectors.map((selector) => {
    const copy: AdvancedEventSelector = { FieldSelectors: selector.FieldSelectors.map((f) => structuredClone(f)) };
    if (selector.Name !== undefined) copy.Name = selector.Name;
    return copy;
  });
}
