package dev.slipway.aws;

/**
 * Sends signed requests to the REST API of OpenSearch Service domains, for one target's credentials
 * and Region. The factory that hands it out decides the scheme (https for real domains) and the
 * credentials, so callers pass only the endpoint DescribeDomain reported.
 */
public interface OpenSearchHttp {

  /**
   * One request: the method, the path with its query already percent-encoded (e.g.
   * "/_cluster/health/orders?timeout=2s"), and a JSON body or null.
   */
  record Request(String method, String path, byte[] body) {}

  /** Any answer the domain gave, error statuses included; the body may be empty. */
  record Response(int status, byte[] body) {}

  /**
   * Sends one signed request to {@code endpoint} (host or host:port, as DescribeDomain reports).
   *
   * @throws software.amazon.awssdk.core.exception.SdkClientException when no answer came (I/O,
   *     timeout), with the I/O failure as cause so the retry layer sees it as transient
   */
  Response send(String endpoint, Request request);
}
