package dev.slipway.release;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.PreflightCheckSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link SpecValidator}'s rules for {@code spec.preflight}: the CRD's CEL rules (one kind of check
 * per entry, unique names, a named container exists) and what only Java can say because it needs
 * the templates expanded (an unknown placeholder, a bucket name or URL that is not one). A spec
 * refused here makes no AWS call at all. Messages never echo a URL: its query may hold a token.
 */
final class PreflightValidation {
  private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
  private static final int MAX_KEY_BYTES = 1024;

  private PreflightValidation() {}

  static void check(ServiceReleaseSpec spec, List<String> problems) {
    if (spec.preflight == null) return;
    List<ContainerSpec> containers = spec.taskDefinition.containers;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.preflight.size(); i++) {
      PreflightCheckSpec c = spec.preflight.get(i);
      String at = "preflight[" + i + "]";
      if (c == null) {
        problems.add(at + ": must not be null");
        continue;
      }
      if (c.name != null && !names.add(c.name))
        problems.add(at + ".name: duplicate preflight check " + c.name);
      int kinds =
          (c.s3ObjectExists != null ? 1 : 0)
              + (c.httpGet != null ? 1 : 0)
              + (c.ecrImageExists != null ? 1 : 0);
      if (kinds != 1) {
        problems.add(at + ": " + PreflightCheckSpec.ONE_TYPE);
        continue;
      }
      if (c.s3ObjectExists != null) checkS3(c.s3ObjectExists, containers, at, problems);
      if (c.httpGet != null) checkHttp(c.httpGet, containers, at, problems);
      if (c.ecrImageExists != null) checkEcr(c.ecrImageExists, containers, at, problems);
    }
  }

  private static void checkS3(
      PreflightCheckSpec.S3ObjectExists s3,
      List<ContainerSpec> containers,
      String at,
      List<String> problems) {
    String bucketAt = at + ".s3ObjectExists.bucket";
    String bucket = expand(s3.bucket, containers, bucketAt, problems);
    if (bucket != null && !BUCKET.matcher(bucket).matches())
      problems.add(
          bucketAt
              + ": \""
              + bucket
              + "\" is not a bucket name (3 to 63 lower-case letters, digits, '.' and '-')");
    String keyAt = at + ".s3ObjectExists.key";
    String key = expand(s3.key, containers, keyAt, problems);
    if (key != null
        && (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES))
      problems.add(keyAt + ": an S3 key is 1 to " + MAX_KEY_BYTES + " bytes once expanded");
  }

  private static void checkHttp(
      PreflightCheckSpec.HttpGet http,
      List<ContainerSpec> containers,
      String at,
      List<String> problems) {
    String urlAt = at + ".httpGet.url";
    String url = expand(http.url, containers, urlAt, problems);
    if (url != null && !isHttpUrl(url))
      problems.add(urlAt + ": not an absolute http or https URL with a host once expanded");
  }

  private static void checkEcr(
      PreflightCheckSpec.EcrImageExists ecr,
      List<ContainerSpec> containers,
      String at,
      List<String> problems) {
    if (ecr.container == null) return;
    if (containers.stream().noneMatch(c -> ecr.container.equals(c.name)))
      problems.add(
          at
              + ".ecrImageExists.container: "
              + ecr.container
              + " is not a container of the task definition");
  }

  /** The expanded text, or null after adding the template's problems (null template: required). */
  private static String expand(
      String template, List<ContainerSpec> containers, String at, List<String> problems) {
    if (template == null) return null; // SchemaBounds reports the required field
    PreflightTemplates.Expansion e = PreflightTemplates.expand(template, containers);
    e.problems().forEach(p -> problems.add(at + ": " + p));
    return e.ok() ? e.value() : null;
  }

  static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
