using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aggregator.Domain.Audit;

/// <summary>How the recorded action ended.</summary>
public enum AuditOutcome
{
    /// <summary>Done (stored, reviewed, exported).</summary>
    Succeeded = 1,

    /// <summary>Refused; <see cref="AuditEntry.StatusCode"/> and <see cref="AuditEntry.Detail"/> say why.</summary>
    Refused = 2,
}
