package dev.slipway.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only slug-shaped names are quoted into SQL; credentials never show in text. */
class SqlIdentifiersTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Qa_foo",
        "1qa",
        "_qa",
        "qa-foo",
        "qa foo",
        "qa`foo",
        "qa\"foo",
        "qa;drop",
        "qa'foo",
        "qa_fóo",
        "pg_catalog",
        "public",
        "mysql"
      })
  void refusesAnythingButTheSlugShape(String name) {
    assertThatThrownBy(() -> SqlIdentifiers.quoted(name, 63, '"'))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing SQL identifier");
  }

  @Test
  void quotesWithTheEngineQuoteAndEnforcesLength() {
    assertThat(SqlIdentifiers.quoted("qa_foo_1a2b3c4d", 64, '`')).isEqualTo("`qa_foo_1a2b3c4d`");
    assertThat(SqlIdentifiers.quoted("q".repeat(64), 64, '`')).hasSize(66);
    assertThatThrownBy(() -> SqlIdentifiers.quoted("q".repeat(64), 63, '"'))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialsHideThePassword() {
    DbCredentials credentials = new DbCredentials("admin", "s3cret-pw");
    assertThat(credentials.toString()).contains("admin").doesNotContain("s3cret-pw");
    assertThat(new MySqlSchemaManager("127.0.0.1", 3306, credentials).toString())
        .doesNotContain("s3cret-pw");
  }

  @Test
  void hostsAndDatabasesThatCouldCarryDriverOptionsAreRefused() {
    DbCredentials credentials = new DbCredentials("admin", "");
    assertThatThrownBy(
            () -> new MySqlSchemaManager("db/?allowLoadLocalInfile=true", 3306, credentials))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PostgresSchemaManager("db", 5432, "x?ssl=false", credentials))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
