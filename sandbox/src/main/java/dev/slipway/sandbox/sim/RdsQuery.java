package dev.slipway.sandbox.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.Filter;

/** The request plumbing every RDS Describe call shares: Filters, MaxRecords and Marker. */
final class RdsQuery {
  private RdsQuery() {}

  /** A page of at most MaxRecords (20 to 100, default 100) from the offset in Marker. */
  static <T> Pagination.Page<T> page(List<T> all, String marker, Integer maxRecords) {
    if (maxRecords != null && (maxRecords < 20 || maxRecords > 100)) {
      throw RdsErrors.invalidParameterValue(
          "Invalid value " + maxRecords + " for MaxRecords. Must be between 20 and 100");
    }
    return Pagination.page(all, marker, maxRecords, 100, 100, RdsErrors::invalidParameterValue);
  }

  /** Filters by name, refusing names the operation does not know, as RDS does. */
  static Map<String, Set<String>> filters(List<Filter> filters, Set<String> known) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Filter f : filters) {
      if (!known.contains(f.name())) {
        throw RdsErrors.invalidParameterValue("Unrecognized filter name: " + f.name() + ".");
      }
      if (!f.hasValues() || f.values().isEmpty()) {
        throw RdsErrors.invalidParameterValue("Filter " + f.name() + " must have values.");
      }
      out.put(f.name(), Set.copyOf(f.values()));
    }
    return out;
  }

  /**
   * Whether an identifier passes a filter whose values may be identifiers or ARNs (db-cluster-id
   * and db-instance-id accept both).
   */
  static boolean matches(Map<String, Set<String>> filters, String name, String id, String arn) {
    Set<String> values = filters.get(name);
    if (values == null) return true;
    for (String v : values) {
      if (v.equals(arn) || RdsArns.normalize(v).equals(id)) return true;
    }
    return false;
  }

  static boolean matches(Map<String, Set<String>> filters, String name, String value) {
    Set<String> values = filters.get(name);
    return values == null || values.contains(value);
  }
}
