import { Duration, Yaml } from 'cdk8s';
import * as istio from '../src/istio';
import { synthValid, testChart } from './support/synth';

const { RequestAuthentication } = istio;

describe('RequestAuthentication', () => {
  test('renders jwtRules with jwksUri (not the deprecated jwks_uri)', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new RequestAuthentication(chart, 'jwt', {
      selector: { matchLabels: { app: 'payments' } },
      jwtRules: [{
        issuer: 'https://auth.example.com',
        jwksUri: 'https://auth.example.com/.well-known/jwks.json',
        audiences: ['payments'],
        fromHeaders: [{ name: 'authorization', prefix: 'Bearer ' }],
        outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }],
        timeout: Duration.seconds(3),
      }],
    });

    // THEN
    const [obj] = synthValid(chart);
    expect(Yaml.stringify(obj)).toMatchSnapshot();
    expect(obj.spec.jwtRules[0].jwksUri).toEqual('https://auth.example.com/.well-known/jwks.json');
    expect(obj.spec.jwtRules[0]).not.toHaveProperty('jwks_uri');
  });

  test('fails when both jwks and jwksUri are set', () => {
    expect(() => new RequestAuthentication(testChart(), 'jwt', { jwtRules: [{ issuer: 'i', jwks: '{}', jwksUri: 'https://x/jwks' }] })).toThrow('[test/jwt] jwtRules[0] cannot set both jwksUri and jwks. Keep one of them');
  });

  test('fails when jwksUri is not http(s)', () => {
    expect(() => new RequestAuthentication(testChart(), 'jwt', { jwtRules: [{ issuer: 'i', jwksUri: 'ftp://x/jwks' }] })).toThrow('jwtRules[0].jwksUri must be an http:// or https:// URL, got "ftp://x/jwks"');
  });

  test('fails when there is no rule', () => {
    expect(() => new RequestAuthentication(testChart(), 'jwt', { jwtRules: [] })).toThrow('[test/jwt] jwtRules must have at least one rule');
  });
});
