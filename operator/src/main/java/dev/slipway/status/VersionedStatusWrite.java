package dev.slipway.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a pass's status over the resourceVersion the pass read, and caches what was written so
 * that the next pass starts from it. JOSDK's patchStatus does neither: it sends the diff without a
 * resourceVersion, applied to whatever is stored, and does not cache the result, so a pass that
 * runs before the informer has the last write starts from an older copy. For a status that is a
 * record the next pass acts on, that is a step done twice.
 */
public final class VersionedStatusWrite {
  private static final Logger log = LoggerFactory.getLogger(VersionedStatusWrite.class);

  private VersionedStatusWrite() {}

  /**
   * Performs the status write {@code control} asks for. A conflict (409) means the object changed
   * since the pass read it: that pass's status is dropped and the object looked at again after
   * {@code onConflict}.
   */
  public static <R extends CustomResource<?, ?>> UpdateControl<R> write(
      UpdateControl<R> control, Context<R> context, Duration onConflict) {
    R resource = control.getResource().orElseThrow();
    KubernetesClient client = context.getClient();
    // The whole status, on condition that the object is still at the resourceVersion the pass
    // read (the API server answers 409 otherwise); a patch, which is what RBAC grants on status.
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(
                List.of(
                    Map.of(
                        "op",
                        "replace",
                        "path",
                        "/metadata/resourceVersion",
                        "value",
                        resource.getMetadata().getResourceVersion()),
                    Map.of("op", "add", "path", "/status", "value", resource.getStatus())));
    UpdateControl<R> next = UpdateControl.noUpdate();
    try {
      R written =
          client
              .resource(resource)
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON), patch);
      context
          .eventSourceRetriever()
          .getControllerEventSource()
          .handleRecentResourceUpdate(ResourceID.fromResource(resource), written, resource);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) throw e;
      log.debug(
          "{}: status changed since this pass read it; looking again",
          resource.getMetadata().getName());
      return next.rescheduleAfter(onConflict);
    }
    control.getScheduleDelay().ifPresent(next::rescheduleAfter);
    return next;
  }
}
