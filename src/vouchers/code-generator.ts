import { uniformRandom } from '../platform/random.js';
import type { CodeConfig } from './voucher-template.js';

/**
 * Random codes that follow a code_config exactly: prefix, then the pattern with each `#` replaced by a
 * character of the charset drawn uniformly (rejection sampling, so no character is favoured), then postfix.
 */

// 64 KiB per refill: 100,000 codes of 8 characters take about 13.
const randomIndex = uniformRandom(65536);

/** A generator of codes for one config; the pattern is split once, not per code. */
export function codeMaker(cfg: CodeConfig): () => string {
  const parts = [...cfg.pattern];
  const charset = [...cfg.charset];
  const n = charset.length;
  return () => {
    let out = cfg.prefix;
    for (const p of parts) out += p === '#' ? charset[randomIndex(n)] : p;
    return out + cfg.postfix;
  };
}

/**
 * The `index`-th code of the config's space in a fixed order (the `#` positions read as digits of base
 * charset size). Used to walk a small space exhaustively once random draws stop finding free codes.
 */
export function codeAt(cfg: CodeConfig, index: number): string {
  const charset = [...cfg.charset];
  const n = charset.length;
  const parts = [...cfg.pattern];
  let rest = index;
  const chars: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] === '#') {
      chars.push(charset[rest % n]);
      rest = Math.floor(rest / n);
    } else chars.push(parts[i]);
  }
  return cfg.prefix + chars.reverse().join('') + cfg.postfix;
}
