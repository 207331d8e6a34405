import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../src/platform/config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every flag and environment variable', () => {
    for (const o of OPTIONS) {
      expect(readme, o.env).toContain(`\`${o.env}\``);
      if (o.flag) expect(readme, o.flag).toContain(`\`--${o.flag}\``);
    }
  });

  it.each(['node-http', 'express', 'fastify', 'handler'])(
    'shows the receiver example %s exactly as examples/receiver has it',
    (name) => {
      const source = readFileSync(new URL(`../examples/receiver/${name}.ts`, import.meta.url), 'utf8');
      expect(readme).toContain('```ts\n' + source + '```');
    },
  );

  it('has a Quick start with the start command and the test command', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'));
    expect(quick).toContain('npm install && npm start');
    expect(quick).toContain('npm test');
  });
});
