package dev.slipway.datastore;

import java.util.Objects;

/** Admin credentials for a staging database; the password never appears in {@link #toString}. */
public record DbCredentials(String user, String password) {
  public DbCredentials {
    Objects.requireNonNull(user, "user");
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "DbCredentials[user=" + user + ", password=****]";
  }
}
