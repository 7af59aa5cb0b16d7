# Slipway operator image from the prebuilt shaded jar:
#   mvn -B -DskipTests -pl operator -am package   # builds operator/target/slipway.jar
#   docker build -t ghcr.io/slipway-dev/slipway:0.1.0 .
# The tag is the chart's appVersion (charts/slipway/Chart.yaml); `mvn -Pimage package jib:build`
# builds the same image name without Docker (docs/install.md). ImageConfigTest keeps the user, jar
# path and image name in step with the chart.
FROM eclipse-temurin:17-jre

# One numeric non-root user, the same as the chart's runAsUser/runAsGroup, so the restricted Pod
# Security profile's runAsNonRoot check passes on the image alone.
RUN groupadd --system --gid 65532 slipway \
 && useradd --system --uid 65532 --gid 65532 --home-dir /app --no-create-home --shell /usr/sbin/nologin slipway

WORKDIR /app
# Owned by root and read-only to the runtime user.
COPY operator/target/slipway.jar /app/slipway.jar

# Heap from the container memory limit; the chart sets the same and lets users override it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SLIPWAY_LOG_FORMAT=json

USER 65532:65532
# /metrics, /healthz, /readyz (and the optional dashboard on 8081).
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/app/slipway.jar"]
CMD ["run"]
