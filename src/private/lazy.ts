/**
 * Dependencies loaded on first use, not on `require('cdk8s-mesh')`: a cold start pays only for what it runs.
 * Internal module (not public API).
 */
/* eslint-disable @typescript-eslint/no-require-imports */

let re2jsModule: typeof import('re2js') | undefined;
let yamlModule: typeof import('yaml') | undefined;

/** The `re2js` package (Go RE2 regular expressions). */
export function re2js(): typeof import('re2js') {
  return (re2jsModule ??= require('re2js') as typeof import('re2js'));
}

/** The `yaml` package (our copy; cdk8s prints with its own). */
export function yamlPackage(): typeof import('yaml') {
  return (yamlModule ??= require('yaml') as typeof import('yaml'));
}
