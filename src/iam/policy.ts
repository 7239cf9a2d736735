// A parsed, compiled policy. Requests name few distinct actions, so the policy remembers, per action,
// which of its statements can apply (their Action/NotAction matches): an evaluation then looks at those
// few statements instead of all of them.
import type { PolicyDocument } from './document.js';
import type { PolicyKind } from './messages.js';
import { type CompiledStatement, compileStatement } from './statement.js';

const MAX_REMEMBERED_ACTIONS = 512;
const NONE: readonly CompiledStatement[] = [];

export class CompiledPolicy {
  readonly kind: PolicyKind;
  readonly version: string | undefined;
  readonly id: string | undefined;
  readonly statements: readonly CompiledStatement[];
  /** Policy variables are recognized only in Version 2012-10-17. */
  readonly variables: boolean;
  private readonly byAction = new Map<string, readonly CompiledStatement[]>();

  constructor(document: PolicyDocument, kind: PolicyKind) {
    this.kind = kind;
    this.version = document.version;
    this.id = document.id;
    this.variables = document.version === '2012-10-17';
    this.statements = document.statements.map((s) => compileStatement(s, kind, this.variables));
  }

  /** The statements whose Action (or NotAction) element covers `lowerAction` ("kms:decrypt"). */
  statementsFor(lowerAction: string): readonly CompiledStatement[] {
    let found = this.byAction.get(lowerAction);
    if (found === undefined) {
      const matching = this.statements.filter((s) => s.matchesAction(lowerAction));
      found = matching.length === 0 ? NONE : matching;
      if (this.byAction.size >= MAX_REMEMBERED_ACTIONS) this.byAction.clear();
      this.byAction.set(lowerAction, found);
    }
    return found;
  }
}
