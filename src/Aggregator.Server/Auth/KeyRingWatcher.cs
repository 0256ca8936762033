using Aggregator.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Auth;

/// <summary>Reads the key ring file again every <see cref="AuthOptions.KeyRingPollInterval"/> (see <see cref="SigningKeyProvider.Reload"/>).</summary>
/// <remarks>
/// Polling rather than a file-system watcher: a Kubernetes secret volume swaps a symlink, which inotify
/// on the file does not report, and the file is a few hundred bytes.
/// </remarks>
public sealed class KeyRingWatcher(SigningKeyProvider keys, IOptions<AuthOptions> auth) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(auth.Value.KeyRingPollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            keys.Reload();
        }
    }
}
