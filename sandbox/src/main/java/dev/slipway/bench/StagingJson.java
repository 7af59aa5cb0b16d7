package dev.slipway.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** A {@link StagingResult} as one JSON line, the figures scripts compare across runs. */
public final class StagingJson {
  private StagingJson() {}

  /** The same figures as one JSON object (NaN as null). */
  public static String of(StagingResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("services", r.services());
    m.put("autoscaled", r.autoscaled());
    m.put("timeScale", r.timeScale());
    m.put("createSeconds", num(r.createSeconds()));
    for (Transition t : new Transition[] {r.sleep(), r.wake()}) {
      if (t == null) continue;
      String p = t.name();
      PowerBounds b = t.bounds(r.fraction());
      m.put(p + "Seconds", num(t.seconds()));
      m.put(p + "SimulatedSeconds", num(t.simulatedSeconds()));
      m.put(p + "WriteBoundSeconds", num(b.writeBound().awsSeconds()));
      m.put(p + "WriteBoundBucket", String.valueOf(b.writeBound().bucket()));
      m.put(p + "RatioToWriteBound", num(Bounds.ratio(t.seconds(), b.writeBound().awsSeconds())));
      m.put(
          p + "RatioToClientWriteBound",
          num(Bounds.ratio(t.seconds(), b.writeBound().clientSeconds())));
      m.put(p + "CallBoundSeconds", num(b.callBound().awsSeconds()));
      m.put(p + "CallBoundBucket", String.valueOf(b.callBound().bucket()));
      m.put(p + "RatioToCallBound", num(Bounds.ratio(t.seconds(), b.callBound().awsSeconds())));
      Map<String, Object> perService = new LinkedHashMap<>();
      new TreeSet<>(t.calls().keySet()).forEach(op -> perService.put(op, num(t.perService(op))));
      m.put(p + "CallsPerService", perService);
      m.put(p + "Reconciles", t.passes());
      m.put(p + "AwsThrottled", t.awsThrottledTotal());
      m.put(p + "LimiterRefused", t.clientRefused());
      m.put(p + "LimiterWaitSeconds", num(t.clientWaitTotal()));
    }
    for (int i = 0; i < r.refreshes().size(); i++) {
      RefreshRun run = r.refreshes().get(i);
      String p = "refresh" + (i + 1);
      m.put(p + "Label", run.label());
      m.put(p + "RunsStarted", run.runsStarted());
      m.put(p + "Result", run.result());
      m.put(p + "Seconds", num(run.seconds()));
      m.put(p + "SimulatedSeconds", run.simulatedSeconds());
      m.put(p + "Writes", run.writes());
      m.put(p + "MinimumWrites", run.minimum().totalWrites());
      m.put(p + "Reads", run.reads());
      m.put(p + "OneLookReads", run.minimum().totalReads());
      m.put(p + "PollsPerWaitMinute", num(run.pollsPerWaitMinute()));
      m.put(p + "Calls", run.calls());
      m.put(p + "LowestRdsLevel", num(run.lowestLevels().getOrDefault("RDS", Double.NaN)));
      m.put(p + "AwsThrottled", run.awsThrottled());
    }
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object num(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? null : Math.round(d * 1000) / 1000.0;
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
