/**
 * The `logic` of a rule set, such as `"(1 and 2) or not 3"`: a tokenizer and a recursive-descent parser that
 * turn it into a tree. Nothing is ever evaluated as code.
 *
 * Grammar (keywords are case-insensitive, as Voucherify's own examples write `1 AND 2`):
 *
 *     or      := and ("or" and)*
 *     and     := unary ("and" unary)*
 *     unary   := "not" unary | primary
 *     primary := NUMBER | "(" or ")"
 *
 * so `not` binds tighter than `and`, and `and` tighter than `or`; `and` and `or` group to the left.
 * Positions in errors are 0-based character offsets into the logic string.
 */

export type LogicNode =
  | { kind: 'rule'; key: string; position: number }
  | { kind: 'not'; operand: LogicNode }
  | { kind: 'and' | 'or'; left: LogicNode; right: LogicNode };

type Token =
  | { kind: 'number'; text: string; position: number }
  | { kind: 'and' | 'or' | 'not' | '(' | ')'; position: number }
  | { kind: 'end'; position: number };

/** A logic string that does not parse; `position` is where the parser gave up. */
export class LogicError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Parentheses nest at most this deep; deeper input is refused rather than recursed into. */
export const MAX_LOGIC_DEPTH = 64;

/** The longest logic string accepted. */
export const MAX_LOGIC_LENGTH = 2000;

const KEYWORDS = new Set(['and', 'or', 'not']);

export function tokenize(logic: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < logic.length) {
    const c = logic[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, position: i });
      i++;
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < logic.length && /[0-9]/.test(logic[i]!)) i++;
      tokens.push({ kind: 'number', text: logic.slice(start, i), position: start });
    } else if (/[A-Za-z]/.test(c)) {
      const start = i;
      while (i < logic.length && /[A-Za-z]/.test(logic[i]!)) i++;
      const word = logic.slice(start, i).toLowerCase();
      if (!KEYWORDS.has(word))
        throw new LogicError(`unknown word "${logic.slice(start, i)}" at position ${start}`, start);
      tokens.push({ kind: word as 'and' | 'or' | 'not', position: start });
    } else {
      throw new LogicError(`unexpected character "${c}" at position ${i}`, i);
    }
  }
  tokens.push({ kind: 'end', position: logic.length });
  return tokens;
}

const describe = (t: Token): string =>
  t.kind === 'end' ? 'the end' : t.kind === 'number' ? `"${t.text}"` : `"${t.kind}"`;

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  parseAll(): LogicNode {
    const node = this.or(0);
    const t = this.peek();
    if (t.kind !== 'end') {
      const hint = t.kind === ')' ? ' with no "(" to close' : '; expected "and", "or" or the end';
      throw new LogicError(`unexpected ${describe(t)} at position ${t.position}${hint}`, t.position);
    }
    return node;
  }

  private or(depth: number): LogicNode {
    let left = this.and(depth);
    while (this.peek().kind === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): LogicNode {
    let left = this.unary(depth);
    while (this.peek().kind === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.unary(depth) };
    }
    return left;
  }

  private unary(depth: number): LogicNode {
    if (this.peek().kind === 'not') {
      const t = this.next();
      if (depth >= MAX_LOGIC_DEPTH)
        throw new LogicError(
          `"not" nests deeper than ${MAX_LOGIC_DEPTH} at position ${t.position}`,
          t.position,
        );
      return { kind: 'not', operand: this.unary(depth + 1) };
    }
    return this.primary(depth);
  }

  private primary(depth: number): LogicNode {
    const t = this.next();
    if (t.kind === 'number') return { kind: 'rule', key: t.text, position: t.position };
    if (t.kind === '(') {
      if (depth >= MAX_LOGIC_DEPTH)
        throw new LogicError(
          `parentheses nest deeper than ${MAX_LOGIC_DEPTH} at position ${t.position}`,
          t.position,
        );
      const inner = this.or(depth + 1);
      const close = this.next();
      if (close.kind !== ')')
        throw new LogicError(
          `the "(" at position ${t.position} is not closed: found ${describe(close)} at position ${close.position}`,
          close.position,
        );
      return inner;
    }
    throw new LogicError(
      `expected a rule number, "not" or "(" at position ${t.position}, found ${describe(t)}`,
      t.position,
    );
  }
}

/** Parses a logic string into its tree. Throws LogicError naming the position of the first fault. */
export function parseLogic(logic: string): LogicNode {
  if (logic.length > MAX_LOGIC_LENGTH)
    throw new LogicError(`logic is longer than ${MAX_LOGIC_LENGTH} characters`, MAX_LOGIC_LENGTH);
  return new Parser(tokenize(logic)).parseAll();
}

/** The rule numbers a tree names, each once, in order of first appearance. */
export function ruleKeysOf(node: LogicNode): { key: string; position: number }[] {
  const out: { key: string; position: number }[] = [];
  const seen = new Set<string>();
  const walk = (n: LogicNode): void => {
    if (n.kind === 'rule') {
      if (!seen.has(n.key)) out.push({ key: n.key, position: n.position });
      seen.add(n.key);
    } else if (n.kind === 'not') walk(n.operand);
    else {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return out;
}
