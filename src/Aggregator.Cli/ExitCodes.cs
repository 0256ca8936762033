namespace Aggregator.Cli;

/// <summary>The process exit codes of <c>aggregator</c>; also listed in <c>aggregator --help</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Validation errors in a report, or a submission the server rejected.</summary>
    public const int Rejected = 1;

    /// <summary>Usage error: unknown option, missing argument, a value that cannot be inferred.</summary>
    public const int Usage = 2;

    /// <summary>The server cannot be reached (gRPC UNAVAILABLE or DEADLINE_EXCEEDED).</summary>
    public const int Unavailable = 3;

    /// <summary>Authentication or authorisation failed (UNAUTHENTICATED, PERMISSION_DENIED).</summary>
    public const int Auth = 4;

    /// <summary>The unit, year or report was not found (NOT_FOUND).</summary>
    public const int NotFound = 5;

    /// <summary>An input file cannot be read or parsed.</summary>
    public const int Unparseable = 6;

    /// <summary>The exit codes with their meaning, for the help text.</summary>
    public static IReadOnlyList<(int Code, string Zh, string En)> All { get; } =
    [
        (Ok, "成功", "success"),
        (Rejected, "报表有校验错误,或服务器拒收", "validation errors, or a submission was rejected"),
        (Usage, "用法错误(未知选项、缺少参数)", "usage error (unknown option, missing argument)"),
        (Unavailable, "无法连接服务器(UNAVAILABLE)", "cannot connect to the server (UNAVAILABLE)"),
        (Auth, "认证或授权失败(UNAUTHENTICATED / PERMISSION_DENIED)", "authentication or permission failure (UNAUTHENTICATED / PERMISSION_DENIED)"),
        (NotFound, "未找到(NOT_FOUND)", "not found (NOT_FOUND)"),
        (Unparseable, "无法读取或解析输入文件", "an input file cannot be read or parsed"),
    ];
}
