package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DescribeEventsRequest;
import software.amazon.awssdk.services.rds.model.DescribeEventsResponse;
import software.amazon.awssdk.services.rds.model.Event;

/** DescribeEvents: the last hour by default, up to 14 days back, oldest first. */
final class RdsEventOps {
  private static final Set<String> SOURCE_TYPES =
      Set.of("db-cluster", "db-instance", "db-cluster-snapshot");

  private final RegionState rs;

  RdsEventOps(RegionState rs) {
    this.rs = rs;
  }

  DescribeEventsResponse describe(DescribeEventsRequest r) {
    String type = r.sourceTypeAsString();
    if (type != null && !SOURCE_TYPES.contains(type)) {
      // Other source types exist on AWS, but nothing in the simulator emits them.
      type = "\u0000none";
    }
    if (r.sourceIdentifier() != null && r.sourceType() == null) {
      throw RdsErrors.invalidParameterCombination(
          "Cannot specify source identifier without source type");
    }
    if (r.startTime() != null && r.duration() != null) {
      throw RdsErrors.invalidParameterCombination("Cannot specify both StartTime and Duration");
    }
    Instant now = rs.now();
    Instant end = r.endTime() != null ? r.endTime() : now;
    Instant start =
        r.startTime() != null
            ? r.startTime()
            : end.minus(Duration.ofMinutes(r.duration() != null ? r.duration() : 60));
    String sourceType = type;
    String id = r.sourceIdentifier() == null ? null : RdsArns.normalize(r.sourceIdentifier());
    List<String> categories = r.hasEventCategories() ? r.eventCategories() : List.of();
    List<Event> out =
        rs.rds.events.stream()
            .filter(e -> !e.date().isBefore(start) && !e.date().isAfter(end))
            .filter(e -> sourceType == null || e.sourceTypeAsString().equals(sourceType))
            .filter(
                e ->
                    id == null
                        || e.sourceIdentifier().equals(id)
                        || e.sourceArn().equals(r.sourceIdentifier()))
            .filter(
                e ->
                    categories.isEmpty()
                        || e.eventCategories().stream().anyMatch(categories::contains))
            .sorted(Comparator.comparing(Event::date))
            .toList();
    var page = RdsQuery.page(out, r.marker(), r.maxRecords());
    return DescribeEventsResponse.builder().events(page.items()).marker(page.nextToken()).build();
  }
}
