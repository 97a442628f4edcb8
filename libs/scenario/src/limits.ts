import { Lexer } from 'yaml';

/** Limits for text that may come from anyone over the API. */
export const LIMITS = {
  /** Characters of scenario source. */
  maxSourceChars: 1_000_000,
  /** Alias dereferences, counting those inside expanded aliases (YAML "billion laughs"). */
  maxAliases: 100,
  /** Nesting of maps and lists. */
  maxDepth: 64,
  /** Nodes after alias expansion. */
  maxNodes: 200_000,
} as const;

/** Lexer control tokens, which stand for no source text. */
const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/**
 * The offset of the first `[` or `{` nested deeper than the limit, or -1. The
 * yaml parser recurses on nesting, so a document of 100,000 brackets would cost
 * seconds (and its stack) before the walker could refuse it: the lexer is cheap
 * and can stop at the first bracket too many.
 */
export function flowTooDeep(text: string): number {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > LIMITS.maxDepth) return offset;
    } else if (token === ']' || token === '}') depth--;
    if (!CONTROL_TOKENS.has(token)) offset += token.length;
  }
  return -1;
}
