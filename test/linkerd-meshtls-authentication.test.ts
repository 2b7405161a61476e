import { MeshTlsAuthentication } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('MeshTlsAuthentication', () => {
  test('renders identities in Linkerd\'s form, with a wildcard prefix', () => {
    const chart = testChart('production');
    new MeshTlsAuthentication(chart, 'Frontend', {
      identities: [MeshTlsAuthentication.identityOf('frontend', 'production'), '*.monitoring.serviceaccount.identity.linkerd.cluster.local'],
    });
    const [mta] = synthValid(chart);
    expect(mta.spec).toEqual({ identities: ['frontend.production.serviceaccount.identity.linkerd.cluster.local', '*.monitoring.serviceaccount.identity.linkerd.cluster.local'] });
    expect(mta).toMatchSnapshot();
  });

  test('renders identityRefs to ServiceAccounts and Namespaces', () => {
    const chart = testChart('production');
    new MeshTlsAuthentication(chart, 'Refs', { serviceAccounts: [{ name: 'frontend' }, { name: 'prometheus', namespace: 'monitoring' }], namespaces: ['batch'] });
    expect(synthValid(chart)[0].spec).toEqual({
      identityRefs: [
        { kind: 'ServiceAccount', name: 'frontend', namespace: 'production' },
        { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
        { kind: 'Namespace', name: 'batch' },
      ],
    });
  });

  test('builds identities for a custom control plane and trust domain', () => {
    expect(MeshTlsAuthentication.identityOf('web', 'shop', { linkerdNamespace: 'linkerd-prod', trustDomain: 'example.org' }))
      .toBe('web.shop.serviceaccount.identity.linkerd-prod.example.org');
  });

  test('fails when an identity is not DNS-like, as Linkerd\'s webhook does', () => {
    expect(() => new MeshTlsAuthentication(testChart('a'), 'M', { identities: ['web.a.serviceaccount.identity.linkerd.*'] }))
      .toThrow('[test/M] identities[0] must be a SPIFFE ID or a DNS-like identity such as "web.production.serviceaccount.identity.linkerd.cluster.local", got "web.a.serviceaccount.identity.linkerd.*". Linkerd\'s webhook refuses it; a "*" is only allowed as the first label');
  });

  test('fails when an identity is not in the form of Linkerd identities', () => {
    expect(() => new MeshTlsAuthentication(testChart('a'), 'M', { identities: ['frontend.production'] }))
      .toThrow('[test/M] identities[0] must have the form <sa>.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>, got "frontend.production". Linkerd proxies have no other identity, so this one never matches: use MeshTlsAuthentication.identityOf(sa, ns)');
  });

  test('fails when the identity is "*" without allowAnyMeshIdentity', () => {
    expect(() => new MeshTlsAuthentication(testChart('a'), 'M', { identities: [MeshTlsAuthentication.identityOf('web', 'a'), '*'] }))
      .toThrow('[test/M] identities[1] must not be "*", which authenticates every meshed client (any ServiceAccount, any namespace, any trust domain), unless allowAnyMeshIdentity is set, got "*". List the clients (identityOf(sa, ns), serviceAccounts or namespaces), or one namespace\'s "*.<ns>.serviceaccount.identity.<linkerd-ns>.<trust-domain>"; or set allowAnyMeshIdentity: true');
  });

  test('renders "*" with allowAnyMeshIdentity', () => {
    const chart = testChart('production');
    new MeshTlsAuthentication(chart, 'AnyMeshed', { identities: ['*'], allowAnyMeshIdentity: true });
    expect(synthValid(chart)[0].spec).toEqual({ identities: ['*'] });
  });

  test('fails when identities and identityRefs are mixed or both missing', () => {
    expect(() => new MeshTlsAuthentication(testChart('a'), 'M', { identities: ['*'], namespaces: ['a'] }))
      .toThrow('[test/M] identities or serviceAccounts/namespaces must be set, and not both. The CRD takes exactly one of identities and identityRefs: use two MeshTLSAuthentications to combine them');
    expect(() => new MeshTlsAuthentication(testChart('a'), 'N', {})).toThrow('[test/N] identities or serviceAccounts/namespaces must be set, and not both');
  });
});
