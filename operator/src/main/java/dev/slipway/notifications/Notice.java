package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationRecord;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What one deploy event says, independent of where it is sent: the release, the revision and images
 * of the attempt, and the phase, reason and message the event reported. Built from the resource,
 * its status and the event's record, so an interrupted delivery is resumed with the same content
 * after a restart.
 *
 * @param id stable per (release, attempt, event): receivers may use it to drop a repeat
 */
public record Notice(
    String id,
    DeployEvent event,
    String namespace,
    String name,
    String uid,
    Long generation,
    String specHash,
    Integer revision,
    String taskDefinitionArn,
    Map<String, String> images,
    String phase,
    String reason,
    String message,
    Instant startedAt,
    Instant at) {

  public Notice {
    images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
  }

  /** The notice of {@code record}, an event of the release attempt {@code status} describes. */
  public static Notice of(
      ServiceRelease release, ServiceReleaseStatus status, NotificationRecord record) {
    String uid = release.getMetadata().getUid();
    Instant at = Instant.parse(record.at);
    return new Notice(
        idOf(uid, record),
        record.event,
        release.getMetadata().getNamespace(),
        release.getMetadata().getName(),
        uid,
        record.generation,
        record.specHash,
        revisionOf(status.taskDefinitionArn),
        status.taskDefinitionArn,
        images(release),
        record.phase,
        record.reason,
        record.message,
        status.releaseStartedAt == null ? at : Instant.parse(status.releaseStartedAt),
        at);
  }

  /** Deterministic, so a delivery resumed after a restart carries the id of the first try. */
  static String idOf(String uid, NotificationRecord record) {
    String key = uid + "/" + record.specHash + "/" + record.retry + "/" + record.event;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Container name → image, in the order of the task definition. */
  private static Map<String, String> images(ServiceRelease release) {
    Map<String, String> images = new LinkedHashMap<>();
    if (release.getSpec() == null || release.getSpec().taskDefinition == null) return images;
    if (release.getSpec().taskDefinition.containers == null) return images;
    for (ContainerSpec c : release.getSpec().taskDefinition.containers) images.put(c.name, c.image);
    return images;
  }

  /** The revision number at the end of a task definition ARN (family:N). */
  static Integer revisionOf(String arn) {
    if (arn == null) return null;
    try {
      return Integer.valueOf(arn.substring(arn.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
