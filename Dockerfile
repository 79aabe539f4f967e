# Firstline image: build with Maven, run the layered Spring Boot jar as a non-root user on a JRE.
#   docker build -t firstline .
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -e FIRSTLINE_DB_HOST=... firstline
# The root filesystem can stay read-only: the app writes nothing but /tmp (mount a tmpfs / emptyDir there).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/firstline-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 firstline \
 && useradd --system --uid 10001 --gid firstline --no-create-home --shell /usr/sbin/nologin firstline
WORKDIR /app
# Layers from least to most often changed, so a code change rebuilds only the last one.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
