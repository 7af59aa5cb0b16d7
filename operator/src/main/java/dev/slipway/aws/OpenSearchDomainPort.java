package dev.slipway.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.opensearch.model.DomainStatus;
import software.amazon.awssdk.services.opensearch.model.ResourceNotFoundException;

/**
 * OpenSearch Service domains through the configuration API (the SDK client): where a domain's
 * endpoint is and which tags it carries; {@link #rest()} then talks to that endpoint. Every call
 * limited, retried, metered as service "es".
 */
public final class OpenSearchDomainPort {
  private final AwsClientFactory clients;
  private final AwsCalls calls;
  private final OpenSearchRestPort rest;

  public OpenSearchDomainPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
    this.rest = new OpenSearchRestPort(clients, calls);
  }

  /** The REST API of the domains, through the same factory and call layer. */
  public OpenSearchRestPort rest() {
    return rest;
  }

  /** What the refresh needs of a domain. {@code endpoint} is null while the domain is created. */
  public record Domain(String name, String arn, String endpoint, int dataNodes, String version) {}

  /** The domain, or empty when OpenSearch Service says it does not exist. */
  public Optional<Domain> describe(AwsTarget t, String name) {
    OpenSearchClient os = clients.opensearch(t);
    DomainStatus s;
    try {
      s =
          calls
              .call(t, "es", "DescribeDomain", () -> os.describeDomain(b -> b.domainName(name)))
              .domainStatus();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
    if (Boolean.TRUE.equals(s.deleted())) return Optional.empty();
    int nodes =
        s.clusterConfig() == null || s.clusterConfig().instanceCount() == null
            ? 1
            : s.clusterConfig().instanceCount();
    return Optional.of(new Domain(s.domainName(), s.arn(), endpoint(s), nodes, s.engineVersion()));
  }

  /** The domain's tags by key. */
  public Map<String, String> tags(AwsTarget t, String arn) {
    OpenSearchClient os = clients.opensearch(t);
    Map<String, String> out = new LinkedHashMap<>();
    calls
        .call(t, "es", "ListTags", () -> os.listTags(b -> b.arn(arn)))
        .tagList()
        .forEach(tag -> out.put(tag.key(), tag.value()));
    return out;
  }

  /** A public domain reports endpoint; a domain in a VPC reports endpoints["vpc"] instead. */
  private static String endpoint(DomainStatus s) {
    if (s.endpoint() != null) return s.endpoint();
    return s.hasEndpoints() ? s.endpoints().get("vpc") : null;
  }
}
