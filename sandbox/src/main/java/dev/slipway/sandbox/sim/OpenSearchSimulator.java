package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.opensearch.model.AddTagsRequest;
import software.amazon.awssdk.services.opensearch.model.AddTagsResponse;
import software.amazon.awssdk.services.opensearch.model.DescribeDomainRequest;
import software.amazon.awssdk.services.opensearch.model.DescribeDomainResponse;
import software.amazon.awssdk.services.opensearch.model.DescribeDomainsRequest;
import software.amazon.awssdk.services.opensearch.model.DescribeDomainsResponse;
import software.amazon.awssdk.services.opensearch.model.DomainInfo;
import software.amazon.awssdk.services.opensearch.model.DomainStatus;
import software.amazon.awssdk.services.opensearch.model.ListDomainNamesRequest;
import software.amazon.awssdk.services.opensearch.model.ListDomainNamesResponse;
import software.amazon.awssdk.services.opensearch.model.ListTagsRequest;
import software.amazon.awssdk.services.opensearch.model.ListTagsResponse;
import software.amazon.awssdk.services.opensearch.model.RemoveTagsRequest;
import software.amazon.awssdk.services.opensearch.model.RemoveTagsResponse;
import software.amazon.awssdk.services.opensearch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.opensearch.model.Tag;
import software.amazon.awssdk.services.opensearch.model.ValidationException;

/**
 * The simulated OpenSearch Service configuration API: the domains the staging refresh looks up
 * (their endpoints and engine versions) and their tags, which prove Slipway owns a domain before it
 * deletes its indices. Domains are seeded, not created, through this API.
 */
public final class OpenSearchSimulator implements OpenSearchClient {
  private static final int MAX_TAGS = 50;
  private final CallGate gate;
  private final RegionState rs;

  OpenSearchSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.OPENSEARCH, operation, body);
  }

  @Override
  public DescribeDomainResponse describeDomain(DescribeDomainRequest r) {
    return call(
        "DescribeDomain",
        () ->
            DescribeDomainResponse.builder().domainStatus(status(require(r.domainName()))).build());
  }

  @Override
  public DescribeDomainsResponse describeDomains(DescribeDomainsRequest r) {
    return call(
        "DescribeDomains",
        () -> {
          if (!r.hasDomainNames() || r.domainNames().size() > 5) {
            throw validation("DomainNames must name between 1 and 5 domains");
          }
          // Names that match no domain are left out of the answer, not reported as errors.
          List<DomainStatus> found = new ArrayList<>();
          for (String name : r.domainNames()) {
            OpenSearchDomain d = rs.opensearch.domain(name);
            if (d != null) found.add(status(d));
          }
          return DescribeDomainsResponse.builder().domainStatusList(found).build();
        });
  }

  @Override
  public ListDomainNamesResponse listDomainNames(ListDomainNamesRequest r) {
    return call(
        "ListDomainNames",
        () -> {
          String type = r.engineTypeAsString();
          List<DomainInfo> names =
              rs.opensearch.domains.values().stream()
                  .filter(d -> type == null || type.equals(engineType(d)))
                  .map(
                      d ->
                          DomainInfo.builder().domainName(d.name).engineType(engineType(d)).build())
                  .toList();
          return ListDomainNamesResponse.builder().domainNames(names).build();
        });
  }

  @Override
  public ListTagsResponse listTags(ListTagsRequest r) {
    return call(
        "ListTags",
        () -> {
          OpenSearchDomain d = byArn(r.arn());
          List<Tag> tags =
              d.tags.entrySet().stream()
                  .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                  .toList();
          return ListTagsResponse.builder().tagList(tags).build();
        });
  }

  @Override
  public AddTagsResponse addTags(AddTagsRequest r) {
    return call(
        "AddTags",
        () -> {
          OpenSearchDomain d = byArn(r.arn());
          for (Tag t : r.tagList()) {
            if (t.key() == null || t.key().isEmpty() || t.key().length() > 128) {
              throw validation("Tag keys are 1 to 128 characters");
            }
            if (t.key().startsWith("aws:")) throw validation("Tag keys may not start with aws:");
            if (t.value() != null && t.value().length() > 256) {
              throw validation("Tag values are at most 256 characters");
            }
          }
          Map<String, String> merged = new java.util.LinkedHashMap<>(d.tags);
          r.tagList().forEach(t -> merged.put(t.key(), t.value() == null ? "" : t.value()));
          if (merged.size() > MAX_TAGS) {
            throw AwsErrors.build(
                software.amazon.awssdk.services.opensearch.model.LimitExceededException.builder(),
                AwsErrors.OPENSEARCH,
                "LimitExceededException",
                "A domain can have at most " + MAX_TAGS + " tags",
                409);
          }
          d.tags.clear();
          d.tags.putAll(merged);
          return AddTagsResponse.builder().build();
        });
  }

  @Override
  public RemoveTagsResponse removeTags(RemoveTagsRequest r) {
    return call(
        "RemoveTags",
        () -> {
          OpenSearchDomain d = byArn(r.arn());
          r.tagKeys().forEach(d.tags::remove);
          return RemoveTagsResponse.builder().build();
        });
  }

  private DomainStatus status(OpenSearchDomain d) {
    return DomainStatus.builder()
        .domainId(d.account + "/" + d.name)
        .domainName(d.name)
        .arn(d.arn)
        .created(true)
        .deleted(false)
        .endpoint(d.endpoint())
        .processing(false)
        .upgradeProcessing(false)
        .engineVersion(d.engineVersion)
        .domainProcessingStatus("Active")
        .clusterConfig(
            c ->
                c.instanceType("r6g.large.search")
                    .instanceCount(d.dataNodes)
                    .dedicatedMasterEnabled(false)
                    .zoneAwarenessEnabled(d.dataNodes > 1))
        .ebsOptions(e -> e.ebsEnabled(true).volumeType("gp3").volumeSize(100))
        // Fine-grained access control is what protects the system indices the endpoint refuses
        // to delete; IAM principals sign requests, so there is no internal user database.
        .advancedSecurityOptions(a -> a.enabled(true).internalUserDatabaseEnabled(false))
        .build();
  }

  private static String engineType(OpenSearchDomain d) {
    return d.isOpenSearch() ? "OpenSearch" : "Elasticsearch";
  }

  private OpenSearchDomain require(String name) {
    if (name == null || !name.matches("[a-z][a-z0-9\\-]{2,27}")) {
      throw validation(
          "1 validation error detected: Value '"
              + name
              + "' at 'domainName' failed"
              + " to satisfy constraint: Member must satisfy regular expression pattern:"
              + " [a-z][a-z0-9\\-]+");
    }
    OpenSearchDomain d = rs.opensearch.domain(name);
    if (d == null) throw notFound("Domain not found: " + name);
    return d;
  }

  private OpenSearchDomain byArn(String arn) {
    if (arn == null
        || !arn.matches("arn:aws[a-z\\-]*:es:[a-z0-9\\-]+:\\d{12}:domain/[a-z0-9\\-]+")) {
      throw validation("Invalid ARN: " + arn);
    }
    OpenSearchDomain d = rs.opensearch.byArn(arn);
    if (d == null) throw notFound("Domain not found: " + arn.substring(arn.indexOf('/') + 1));
    return d;
  }

  private static RuntimeException validation(String message) {
    return AwsErrors.client(ValidationException.builder(), AwsErrors.OPENSEARCH, message);
  }

  /**
   * OpenSearch Service answers a missing resource with 409, not 404 (its service model says so).
   */
  private static RuntimeException notFound(String message) {
    return AwsErrors.build(
        ResourceNotFoundException.builder(),
        AwsErrors.OPENSEARCH,
        "ResourceNotFoundException",
        message,
        409);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Views on simulator state hold nothing to release.
  }
}
