package dev.slipway.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The SCAN MATCH pattern of a namespace matches only that namespace's keys. */
class RedisNamespaceTest {
  @Test
  void globCharactersInTheNamespaceAreEscaped() {
    assertThat(RedisNamespace.matchPattern("qa_foo_1a2b3c4d")).isEqualTo("qa_foo_1a2b3c4d:*");
    assertThat(RedisNamespace.matchPattern("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f:*");
  }

  @Test
  void anEmptyNamespaceIsRefusedRatherThanMatchingEverything() {
    assertThatThrownBy(() -> RedisNamespace.matchPattern(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringHidesThePassword() {
    try (RedisNamespace redis = new RedisNamespace("redis://:hunter2@127.0.0.1:6379", 9)) {
      assertThat(redis.toString()).isEqualTo("RedisNamespace[127.0.0.1:6379/9]");
    }
  }
}
