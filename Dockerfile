# syntax=docker/dockerfile:1
# Aggregator gRPC server image.
#   docker build -t aggregator .
#   docker run -p 8080:8080 -p 9464:9464 -v aggregator-data:/data aggregator

# ---- build ------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

# Restore first, from the project files only, so the package layer is cached
# until a csproj or the central package versions change. Every project that
# Aggregator.Server references (transitively) must be listed: DockerfileTests checks.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Aggregator.Contracts/Aggregator.Contracts.csproj src/Aggregator.Contracts/
COPY src/Aggregator.Domain/Aggregator.Domain.csproj src/Aggregator.Domain/
COPY src/Aggregator.Security/Aggregator.Security.csproj src/Aggregator.Security/
COPY src/Aggregator.Storage/Aggregator.Storage.csproj src/Aggregator.Storage/
COPY src/Aggregator.Storage.Redis/Aggregator.Storage.Redis.csproj src/Aggregator.Storage.Redis/
COPY src/Aggregator.Import/Aggregator.Import.csproj src/Aggregator.Import/
COPY src/Aggregator.Export/Aggregator.Export.csproj src/Aggregator.Export/
COPY src/Aggregator.Queries/Aggregator.Queries.csproj src/Aggregator.Queries/
COPY src/Aggregator.Server/Aggregator.Server.csproj src/Aggregator.Server/
RUN dotnet restore src/Aggregator.Server/Aggregator.Server.csproj

COPY . .
RUN dotnet publish src/Aggregator.Server -c Release -o /app --no-restore \
    && mkdir -p /data

# ---- runtime ----------------------------------------------------------------
# Chiseled (no shell, no package manager) *with* ICU and tzdata: Chinese
# collation and number/date formatting need real globalization data.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra AS final
WORKDIR /app
# DOTNET_GCgen0size: a gen0 budget of 32 MB per GC heap. Where the machine does not tell the runtime
# its CPU cache sizes (virtual machines often do not: /sys/devices/system/cpu/cpu0/cache missing), .NET
# falls back to a gen0 budget of a few MB and collects every few hundred queries; with 32 MB the
# GetRollup p99 went from 1.8–2.1 to 1.0–1.2 ms (docs/BENCHMARKS.md, issue 16). Override with extraEnv.
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    DOTNET_GCgen0size=0x2000000 \
    Aggregator__Endpoints__Grpc=http://0.0.0.0:8080 \
    Aggregator__Endpoints__Metrics=http://0.0.0.0:9464 \
    Aggregator__Endpoints__Web=http://0.0.0.0:5080 \
    Aggregator__DataDirectory=/data \
    Aggregator__Redis__DataDirectory=/data
COPY --from=build --chown=1654:1654 /data /data
COPY --from=build /app .
# 1654 = $APP_UID, the non-root "app" user of the .NET images.
USER 1654
# 8080: gRPC over h2c. 9464: Prometheus /metrics over HTTP/1.1.
# 5080: the console and the HTTP/JSON API (/v1, /openapi.json) over HTTP/1.1.
EXPOSE 8080 9464 5080
VOLUME /data
ENTRYPOINT ["dotnet", "Aggregator.Server.dll"]
