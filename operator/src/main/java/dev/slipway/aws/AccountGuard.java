package dev.slipway.aws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * Stops Slipway from writing into the wrong AWS account: compares the account of the credentials in
 * use (STS GetCallerIdentity) with the account a resource's spec names.
 */
public final class AccountGuard {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** The caller account depends only on the credentials: the role, or none, and the Region. */
  private record Key(String roleArn, String region) {}

  /** A caller account learned from STS and when. */
  private record CachedAccount(String account, long fetchedAtNanos) {}

  private final AwsClientFactory clients;
  private final AwsCalls calls;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<Key, CachedAccount> cache = new ConcurrentHashMap<>();

  public AccountGuard(AwsClientFactory clients, AwsCalls calls) {
    this(clients, calls, DEFAULT_TTL, System::nanoTime);
  }

  /** With a cache TTL and a clock seam for tests. */
  public AccountGuard(
      AwsClientFactory clients, AwsCalls calls, Duration ttl, LongSupplier nanoTime) {
    this.clients = clients;
    this.calls = calls;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Checks the target's account, asking STS at most once per TTL per (role, Region). STS errors
   * propagate, as from {@link AwsCalls#call}.
   */
  public AccountCheck verify(AwsTarget target) {
    if (target.accountId() == null) {
      return AccountCheck.unchecked();
    }
    String actual = callerAccount(target);
    return new AccountCheck(target.accountId().equals(actual), target.accountId(), actual);
  }

  private String callerAccount(AwsTarget target) {
    Key key = new Key(target.roleArn(), target.region());
    long now = nanoTime.getAsLong();
    CachedAccount cached = cache.get(key);
    if (cached != null && now - cached.fetchedAtNanos() < ttlNanos) {
      return cached.account();
    }
    String account =
        calls
            .call(
                target,
                "sts",
                "GetCallerIdentity",
                () ->
                    clients
                        .sts(target)
                        .getCallerIdentity(GetCallerIdentityRequest.builder().build()))
            .account();
    cache.put(key, new CachedAccount(account, now));
    return account;
  }
}
