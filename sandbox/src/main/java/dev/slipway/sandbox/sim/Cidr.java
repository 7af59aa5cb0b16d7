package dev.slipway.sandbox.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** CIDR blocks of ALB source-ip conditions (IPv4 and IPv6 literals, never a DNS lookup). */
final class Cidr {
  private Cidr() {}

  static boolean isValid(String cidr) {
    if (cidr == null || !cidr.contains("/")) return false;
    String[] parts = cidr.split("/", 2);
    byte[] addr = literal(parts[0]);
    if (addr == null || !parts[1].matches("\\d{1,3}")) return false;
    int bits = Integer.parseInt(parts[1]);
    return bits <= addr.length * 8;
  }

  static boolean contains(String cidr, String ip) {
    if (!isValid(cidr) || ip == null) return false;
    String[] parts = cidr.split("/", 2);
    byte[] net = literal(parts[0]);
    byte[] addr = literal(ip);
    if (addr == null || addr.length != net.length) return false;
    int bits = Integer.parseInt(parts[1]);
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((net[i / 8] & mask) != (addr[i / 8] & mask)) return false;
    }
    return true;
  }

  /** The address bytes of an IP literal, or null when it is not one. */
  private static byte[] literal(String s) {
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) return null;
    if (v4) {
      for (String octet : s.split("\\.")) if (Integer.parseInt(octet) > 255) return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
