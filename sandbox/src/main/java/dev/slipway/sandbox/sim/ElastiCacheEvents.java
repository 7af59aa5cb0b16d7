package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.elasticache.model.DescribeEventsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeEventsResponse;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.SourceType;

/**
 * ElastiCache's event log. Events are stamped with the simulated instant the change happened (not
 * when the lazy model noticed it), and DescribeEvents filters them as AWS does: by source, and by a
 * time window that defaults to the last 60 minutes.
 */
final class ElastiCacheEvents {
  private ElastiCacheEvents() {}

  static void add(RegionState rs, Instant at, SourceType type, String source, String message) {
    rs.elasticache.events.add(
        Event.builder()
            .date(at)
            .sourceType(type)
            .sourceIdentifier(source)
            .message(message)
            .build());
  }

  static void group(RegionState rs, Instant at, String id, String message) {
    add(rs, at, SourceType.REPLICATION_GROUP, id, message);
  }

  static void clusters(RegionState rs, Instant at, ElastiCacheGroup g, String message) {
    g.memberClusters().forEach(c -> add(rs, at, SourceType.CACHE_CLUSTER, c, message));
  }

  static DescribeEventsResponse describe(RegionState rs, DescribeEventsRequest r) {
    if (r.sourceIdentifier() != null && r.sourceType() == null) {
      throw ElastiCacheErrors.invalidCombination(
          "The parameter SourceType must be provided when SourceIdentifier is specified.");
    }
    Instant now = rs.now();
    Instant end = r.endTime() != null ? r.endTime() : now;
    Instant start;
    if (r.startTime() != null) {
      start = r.startTime();
    } else {
      int minutes = r.duration() != null ? r.duration() : 60;
      if (minutes < 0 || minutes > 20160) {
        throw ElastiCacheErrors.invalidValue("Duration must be between 0 and 20160 minutes.");
      }
      start = end.minus(Duration.ofMinutes(minutes));
    }
    List<Event> all =
        rs.elasticache.events.stream()
            .filter(e -> r.sourceType() == null || e.sourceType() == r.sourceType())
            .filter(
                e ->
                    r.sourceIdentifier() == null
                        || e.sourceIdentifier().equals(r.sourceIdentifier()))
            .filter(e -> !e.date().isBefore(start) && !e.date().isAfter(end))
            .sorted(Comparator.comparing(Event::date))
            .toList();
    var page = ElastiCacheSimulator.page(all, r.marker(), r.maxRecords(), 100);
    return DescribeEventsResponse.builder().events(page.items()).marker(page.nextToken()).build();
  }
}
