package dev.slipway.environment.refresh;

import java.util.function.Function;

/** One idempotent step of a datastore's refresh: it looks before it acts, every time it runs. */
record NamedStep(String datastore, String name, Function<RefreshContext, StepResult> body) {}
