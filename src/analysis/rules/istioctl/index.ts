import { IST0002 } from './ist0002-deprecated';
import { IST0101 } from './ist0101-referenced-resource-not-found';
import { IST0102 } from './ist0102-namespace-not-injected';
import { IST0107 } from './ist0107-misplaced-annotation';
import { IST0108 } from './ist0108-unknown-annotation';
import { IST0109 } from './ist0109-conflicting-mesh-gateway-hosts';
import { IST0110 } from './ist0110-conflicting-sidecar-workload-selectors';
import { IST0111 } from './ist0111-multiple-sidecars-without-workload-selectors';
import { IST0112 } from './ist0112-virtual-service-destination-port-selector-required';
import { IST0116 } from './ist0116-deployment-associated-to-multiple-services';
import { IST0118 } from './ist0118-port-name-is-not-under-naming-convention';
import { IST0123 } from './ist0123-namespace-multiple-injection-labels';
import { IST0125 } from './ist0125-invalid-annotation';
import { IST0127 } from './ist0127-no-matching-workloads-found';
import { IST0128 } from './ist0128-no-server-certificate-verification-destination';
import { IST0129 } from './ist0129-no-server-certificate-verification-port';
import { IST0130 } from './ist0130-virtual-service-unreachable-rule';
import { IST0131 } from './ist0131-virtual-service-ineffective-match';
import { IST0132 } from './ist0132-virtual-service-host-not-found-in-gateway';
import { IST0134 } from './ist0134-service-entry-addresses-required';
import { IST0135 } from './ist0135-deprecated-annotation';
import { IST0137 } from './ist0137-deployment-conflicting-ports';
import { IST0138 } from './ist0138-gateway-duplicate-certificate';
import { IST0139 } from './ist0139-invalid-webhook';
import { IST0140 } from './ist0140-ingress-route-rules-not-affected';
import { IST0144 } from './ist0144-invalid-application-uid';
import { IST0145 } from './ist0145-conflicting-gateways';
import { IST0148 } from './ist0148-namespace-injection-enabled-by-default';
import { IST0149 } from './ist0149-jwt-claim-based-routing-without-request-authn';
import { IST0150 } from './ist0150-external-name-service-type-invalid-port-name';
import { IST0151 } from './ist0151-envoy-filter-uses-relative-operation';
import { IST0152 } from './ist0152-envoy-filter-uses-replace-operation-incorrectly';
import { IST0153 } from './ist0153-envoy-filter-uses-add-operation-incorrectly';
import { IST0154 } from './ist0154-envoy-filter-uses-remove-operation-incorrectly';
import { IST0155 } from './ist0155-envoy-filter-uses-relative-operation-with-proxy-version';
import { IST0157 } from './ist0157-invalid-telemetry-provider';
import { IST0159 } from './ist0159-conflicting-telemetry-workload-selectors';
import { IST0160 } from './ist0160-multiple-telemetries-without-workload-selectors';
import { IST0161 } from './ist0161-invalid-gateway-credential';
import { IST0162 } from './ist0162-gateway-port-not-defined-on-service';
import { IST0163 } from './ist0163-invalid-external-control-plane-config';
import { IST0164 } from './ist0164-external-control-plane-address-is-not-a-hostname';
import { IST0165 } from './ist0165-referenced-internal-gateway';
import { IST0166 } from './ist0166-ineffective-selector';
import { IST0167 } from './ist0167-ineffective-policy';
import { IST0173 } from './ist0173-destination-rule-subset-not-select-pods';
import { IST0174 } from './ist0174-unknown-destination-rule-host';
import { IST0176 } from './ist0176-gateway-api-crd-version-below-minimum';
import { IST0177 } from './ist0177-conflicting-service-entry-protocol';
import { Rule } from '../../rule';

/** The istioctl rules, in id order. */
export const ISTIOCTL_RULES: Rule[] = [
  IST0002,
  IST0101,
  IST0102,
  IST0107,
  IST0108,
  IST0109,
  IST0110,
  IST0111,
  IST0112,
  IST0116,
  IST0118,
  IST0123,
  IST0125,
  IST0127,
  IST0128,
  IST0129,
  IST0130,
  IST0131,
  IST0132,
  IST0134,
  IST0135,
  IST0137,
  IST0138,
  IST0139,
  IST0140,
  IST0144,
  IST0145,
  IST0148,
  IST0149,
  IST0150,
  IST0151,
  IST0152,
  IST0153,
  IST0154,
  IST0155,
  IST0157,
  IST0159,
  IST0160,
  IST0161,
  IST0162,
  IST0163,
  IST0164,
  IST0165,
  IST0166,
  IST0167,
  IST0173,
  IST0174,
  IST0176,
  IST0177,
];
