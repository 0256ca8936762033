#!/usr/bin/env bash
# THE run command: the gRPC server on an embedded store with a sample registry.
exec dotnet run --project "$(dirname "${BASH_SOURCE[0]}")/../src/Aggregator.Server" -c Release "$@"
