package dev.slipway.sandbox.sim;

import java.util.Random;

/** Seeded generator for the random parts of AWS identifiers, so runs are reproducible. */
final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final Random random;
  private int nextIp = 10;

  Ids(long seed) {
    this.random = new Random(seed);
  }

  synchronized String hex(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) sb.append(HEX[random.nextInt(16)]);
    return sb.toString();
  }

  synchronized String digits(int length) {
    StringBuilder sb = new StringBuilder(length);
    sb.append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < length; i++) sb.append((char) ('0' + random.nextInt(10)));
    return sb.toString();
  }

  synchronized String uuid() {
    return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12);
  }

  /** URL-safe base64 characters, as in ECS service deployment ids and hook ids. */
  synchronized String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return sb.toString();
  }

  /** Private IPs for task ENIs, unique within one account and region. */
  synchronized String privateIp() {
    int n = nextIp++;
    return "10.0." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }
}
