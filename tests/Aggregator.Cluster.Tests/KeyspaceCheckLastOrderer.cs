using Xunit.Abstractions;
using Xunit.Sdk;

namespace Aggregator.Cluster.Tests;

/// <summary>Runs the <c>Keyspace_*</c> tests of a class after all its other tests (which make the traffic they check).</summary>
public sealed class KeyspaceCheckLastOrderer : ITestCaseOrderer
{
    public const string TypeName = "Aggregator.Cluster.Tests.KeyspaceCheckLastOrderer";

    public const string AssemblyName = "Aggregator.Cluster.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases
            .OrderBy(t => t.TestMethod.Method.Name.StartsWith("Keyspace_", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(t => t.UniqueID, StringComparer.Ordinal);
}
