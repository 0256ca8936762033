using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aggregator.Domain.Audit;

/// <summary>What an audit entry records.</summary>
public enum AuditAction
{
    /// <summary>A submission (<c>Submit</c>, <c>SubmitStream</c>).</summary>
    Submit = 1,

    /// <summary>A published record stored (<c>Backfill</c>, <c>BackfillStream</c>).</summary>
    Backfill = 2,

    /// <summary>A reviewer accepted a submission.</summary>
    ReviewAccept = 3,

    /// <summary>A reviewer returned a submission.</summary>
    ReviewReturn = 4,

    /// <summary>An export (rollup, comparison or report file).</summary>
    Export = 5,

    /// <summary>A call refused for its token (UNAUTHENTICATED) or its permissions (PERMISSION_DENIED).</summary>
    Denied = 6,
}
