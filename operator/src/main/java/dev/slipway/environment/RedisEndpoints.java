package dev.slipway.environment;

/** Redis URLs as they may appear in messages: without the user and password they may carry. */
final class RedisEndpoints {
  private RedisEndpoints() {}

  /** {@code rediss://user:secret@host:6379} → {@code rediss://host:6379}. */
  static String withoutCredentials(String endpoint) {
    if (endpoint == null) return null;
    int scheme = endpoint.indexOf("://");
    int at = endpoint.lastIndexOf('@');
    if (scheme < 0 || at < scheme) return endpoint;
    return endpoint.substring(0, scheme + 3) + endpoint.substring(at + 1);
  }
}
