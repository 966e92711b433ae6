import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, headersFile, policyMetaTag, securityHeaders } from './headers';

/** The policy as a map from directive to its sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('the content security policy', () => {
  it('allows the own origin only, and wasm compilation but no script eval or inline code', () => {
    const p = parse(contentSecurityPolicy('build'));
    expect(p.get('default-src')).toEqual(["'self'"]);
    expect(p.get('connect-src')).toEqual(["'self'"]);
    expect(p.get('worker-src')).toEqual(["'self'"]);
    expect(p.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(p.get('style-src')).toEqual(["'self'"]);
    expect(p.get('object-src')).toEqual(["'none'"]);
    for (const sources of p.values()) {
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources).not.toContain("'unsafe-inline'");
      expect(sources.filter((s) => /^(https?:|\*)/.test(s))).toEqual([]);
    }
  });

  it('relaxes only inline scripts and styles for the dev server', () => {
    const build = parse(contentSecurityPolicy('build'));
    const dev = parse(contentSecurityPolicy('dev'));
    expect([...dev.keys()]).toEqual([...build.keys()]);
    for (const [name, sources] of dev) {
      const added = sources.filter((s) => !build.get(name)!.includes(s));
      expect(added, name).toEqual(name === 'script-src' || name === 'style-src' ? ["'unsafe-inline'"] : []);
    }
  });

  it('is the same text in the headers, the _headers file and the meta tag', () => {
    const policy = contentSecurityPolicy();
    expect(securityHeaders()).toEqual({ 'Content-Security-Policy': policy });
    expect(headersFile()).toContain(`\n/*\n  Content-Security-Policy: ${policy}\n`);
    expect(policyMetaTag()).toBe(`<meta http-equiv="Content-Security-Policy" content="${policy}" />`);
    // A meta's content attribute is double-quoted: the policy must not close it.
    expect(policy).not.toContain('"');
  });
});
