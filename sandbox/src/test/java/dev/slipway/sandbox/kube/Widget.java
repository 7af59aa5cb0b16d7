package dev.slipway.sandbox.kube;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** The test custom resource defined by src/test/resources/kube/widget-crd.yaml. */
@Group("test.slipway.dev")
@Version("v1")
@Kind("Widget")
@Plural("widgets")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  /** Desired state. */
  public static class Spec {
    public String color;
    public Integer size;

    public Spec() {}

    public Spec(String color, Integer size) {
      this.color = color;
      this.size = size;
    }
  }

  /** Observed state, written only through the status subresource. */
  public static class Status {
    public String phase;
    public Integer observedSize;

    public Status() {}

    public Status(String phase, Integer observedSize) {
      this.phase = phase;
      this.observedSize = observedSize;
    }
  }

  static Widget named(String name, String color, int size) {
    Widget widget = new Widget();
    widget.getMetadata().setName(name);
    widget.setSpec(new Spec(color, size));
    return widget;
  }
}
