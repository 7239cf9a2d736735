// Policies as AWS shows the ones it writes (GetKeyPolicy of a default or AWS managed key policy):
// Jackson's pretty printer, with " : " between names and values and arrays opened on the same line.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function awsPrettyJson(value: Json, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    if (value.every((v) => typeof v !== 'object' || v === null)) return `[ ${value.map((v) => JSON.stringify(v)).join(', ')} ]`;
    return `[ ${value.map((v) => awsPrettyJson(v, indent)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = indent + '  ';
    const members = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)} : ${awsPrettyJson(v, inner)}`);
    return members.length === 0 ? '{ }' : `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
