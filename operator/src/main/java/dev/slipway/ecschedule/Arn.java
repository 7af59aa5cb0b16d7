package dev.slipway.ecschedule;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an ARN ecschedule accepts in place of a name (role, cluster, task definition, dead
 * letter queue): the account is the one thing ecschedule otherwise learns from STS at run time.
 */
record Arn(String partition, String service, String region, String account, String resource) {
  private static final Pattern ARN =
      Pattern.compile("^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):([0-9]{12}):(.+)$");

  /** The ARN {@code value} is, or empty when it is a plain name. */
  static Optional<Arn> parse(String value) {
    if (value == null) return Optional.empty();
    Matcher m = ARN.matcher(value);
    if (!m.matches()) return Optional.empty();
    return Optional.of(new Arn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
  }

  /** The resource after its type: {@code cluster/api} gives {@code api}. */
  String name() {
    int slash = resource.indexOf('/');
    return slash < 0 ? resource : resource.substring(slash + 1);
  }
}
