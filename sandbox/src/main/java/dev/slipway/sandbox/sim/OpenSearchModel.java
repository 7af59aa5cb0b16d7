package dev.slipway.sandbox.sim;

import java.util.Map;
import java.util.TreeMap;

/** The OpenSearch Service domains of one account and region, by name. */
final class OpenSearchModel {
  final Map<String, OpenSearchDomain> domains = new TreeMap<>();

  OpenSearchDomain domain(String name) {
    return name == null ? null : domains.get(name);
  }

  /** The domain an ARN names, or null; ARNs of other accounts or regions name none here. */
  OpenSearchDomain byArn(String arn) {
    if (arn == null) return null;
    return domains.values().stream().filter(d -> d.arn.equals(arn)).findFirst().orElse(null);
  }
}
