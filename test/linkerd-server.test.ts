import { DefaultInboundPolicy, LabelSelectorOperator, ProxyProtocol, Server, ServerPort } from '../src/linkerd';
import { synthValid, testChart } from './support/synth';

describe('Server', () => {
  test('denies by default, rendered explicitly', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new Server(chart, 'Http', { metadata: { name: 'payments-http' }, podSelector: { app: 'payments' }, port: ServerPort.named('http'), proxyProtocol: ProxyProtocol.HTTP2 });

    // THEN
    const [server] = synthValid(chart);
    expect(server.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(server.spec).toEqual({ podSelector: { matchLabels: { app: 'payments' } }, port: 'http', proxyProtocol: 'HTTP/2', accessPolicy: 'deny' });
    expect(server).toMatchSnapshot();
  });

  test('selects external workloads and takes an explicit access policy', () => {
    const chart = testChart('production');
    new Server(chart, 'Vm', { externalWorkloadSelector: { app: 'legacy' }, port: ServerPort.number(8080), accessPolicy: DefaultInboundPolicy.AUDIT });
    expect(synthValid(chart)[0].spec).toEqual({ externalWorkloadSelector: { matchLabels: { app: 'legacy' } }, port: 8080, accessPolicy: 'audit' });
  });

  test('fails when both selectors or none are set', () => {
    const chart = testChart('production');
    expect(() => new Server(chart, 'S', { port: ServerPort.number(80) }))
      .toThrow('[test/S] podSelector or externalWorkloadSelector must be set, and not both. Select pods with podSelector ({} selects every pod of the namespace), or external workloads with externalWorkloadSelector');
    expect(() => new Server(chart, 'T', { port: ServerPort.number(80), podSelector: {}, externalWorkloadSelector: {} })).toThrow('[test/T] podSelector or externalWorkloadSelector must be set, and not both');
  });

  test('fails when the port is out of range or not a port name', () => {
    const chart = testChart('production');
    expect(() => new Server(chart, 'S', { podSelector: {}, port: ServerPort.number(70000) }))
      .toThrow('[test/S] port must be a port number from 1 to 65535 or a container port name (IANA_SVC_NAME), got 70000');
    expect(() => new Server(chart, 'T', { podSelector: {}, port: ServerPort.named('HTTP_port') })).toThrow('got "HTTP_port"');
  });

  test('selects pods with match expressions, alone or ANDed with labels', () => {
    // GIVEN
    const chart = testChart('production');

    // WHEN
    new Server(chart, 'Canary', {
      podSelector: { app: 'payments' },
      podSelectorExpressions: [
        { key: 'track', operator: LabelSelectorOperator.IN, values: ['stable', 'canary'] },
        { key: 'app.kubernetes.io/legacy', operator: LabelSelectorOperator.DOES_NOT_EXIST },
      ],
      port: ServerPort.number(8080),
    });
    new Server(chart, 'Any', { podSelectorExpressions: [{ key: 'linkerd.io/workload-ns', operator: LabelSelectorOperator.EXISTS }], port: ServerPort.named('admin') });

    // THEN
    const [canary, any] = synthValid(chart);
    expect(canary.spec).toEqual({
      podSelector: {
        matchLabels: { app: 'payments' },
        matchExpressions: [
          { key: 'track', operator: 'In', values: ['stable', 'canary'] },
          { key: 'app.kubernetes.io/legacy', operator: 'DoesNotExist' },
        ],
      },
      port: 8080,
      accessPolicy: 'deny',
    });
    expect(any.spec.podSelector).toEqual({ matchExpressions: [{ key: 'linkerd.io/workload-ns', operator: 'Exists' }] });
  });

  test('fails when match expressions and an external workload selector are both set', () => {
    expect(() => new Server(testChart('production'), 'S', {
      podSelectorExpressions: [{ key: 'app', operator: LabelSelectorOperator.EXISTS }],
      externalWorkloadSelector: { app: 'legacy' },
      port: ServerPort.number(80),
    })).toThrow('[test/S] podSelector or externalWorkloadSelector must be set, and not both');
  });

  test('fails when a match expression has values it should not, or none it needs', () => {
    const chart = testChart('production');
    expect(() => new Server(chart, 'S', { podSelectorExpressions: [{ key: 'track', operator: LabelSelectorOperator.IN, values: [] }], port: ServerPort.number(80) }))
      .toThrow('[test/S] podSelectorExpressions[0].values must be non-empty for In, got []. In with no values selects no pod: list the label values');
    expect(() => new Server(chart, 'T', { podSelectorExpressions: [{ key: 'track', operator: LabelSelectorOperator.EXISTS, values: ['x'] }], port: ServerPort.number(80) }))
      .toThrow('[test/T] podSelectorExpressions[0].values must be empty for Exists, got ["x"]. Exists only looks at the key: remove values');
    expect(() => new Server(chart, 'U', { podSelectorExpressions: [{ key: '-bad', operator: LabelSelectorOperator.EXISTS }], port: ServerPort.number(80) }))
      .toThrow('[test/U] podSelectorExpressions[0].key must be a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\'), got "-bad"');
    expect(() => new Server(chart, 'V', { podSelectorExpressions: [{ key: 'track', operator: LabelSelectorOperator.NOT_IN, values: ['a b'] }], port: ServerPort.number(80) }))
      .toThrow('[test/V] podSelectorExpressions[0].values[0] must be a label value');
    expect(() => new Server(chart, 'W', { podSelectorExpressions: [], port: ServerPort.number(80) }))
      .toThrow('[test/W] podSelectorExpressions must be a non-empty list, got []. Leave it unset to select by podSelector alone');
  });
});
