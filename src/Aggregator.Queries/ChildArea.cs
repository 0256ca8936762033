using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Aggregator.Queries.Records;
using Aggregator.Storage;
using Google.Protobuf;

namespace Aggregator.Queries;

/// <summary>A child of a node with its area total (its own report plus everything below it).</summary>
public sealed record ChildArea(RegionUnit Child, RollupAccumulator Area, UnitContribution? Own);
