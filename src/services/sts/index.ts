// AWS Security Token Service (query protocol).
import { defineService } from '../types.js';
import { GetCallerIdentity } from './get-caller-identity.js';

export function createStsService() {
  return defineService({ id: 'sts', handlers: { GetCallerIdentity } });
}
