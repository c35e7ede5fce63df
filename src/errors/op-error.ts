import { EngineError, kindOf, messageOf } from './engine-error.js';

/**
 * An operation on a named volume that failed, shaped like moby's volume/service OpErr:
 * `<op> <name>: <cause>[ - [ref1, ref2]]` (the name part is dropped when empty). Its kind is the
 * kind of its cause, so wrapping never changes the status a client sees.
 */
export class OpError extends EngineError {
  readonly op: string;
  readonly volumeName: string;
  readonly refs: readonly string[];

  constructor(op: string, volumeName: string, cause: unknown, refs: readonly string[] = []) {
    let text = op;
    if (volumeName !== '') text += ` ${volumeName}`;
    text += `: ${messageOf(cause)}`;
    if (refs.length > 0) text += ` - [${refs.join(', ')}]`;
    super(kindOf(cause), text, { cause });
    this.name = 'OpError';
    this.op = op;
    this.volumeName = volumeName;
    this.refs = refs;
  }
}
