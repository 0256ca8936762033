using System.Net;
using System.Net.Sockets;
using System.Text;
using Aggregator.Storage;
using Aggregator.Storage.Redis;

namespace Aggregator.Server.Tests;

/// <summary>
/// The embedded Garnet listens on a loopback port every local process can reach: it must refuse a
/// client without the password (kept owner-only in the data directory) and serve one with it.
/// </summary>
public sealed class EmbeddedGarnetAuthServerTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("agg-garnet-auth-").FullName;

    [Fact]
    public async Task PlainClient_WithoutPassword_Refused_WithPassword_Served_RestartKeepsPassword()
    {
        var directory = Path.Combine(_data, "garnet");
        var port = EmbeddedGarnet.FreePort();
        string password;
        using (var garnet = EmbeddedGarnet.Start(directory, port))
        {
            password = garnet.Password;

            // Any local process, no password: refused.
            var refused = await SendAsync(port, ["SET", "agg:{9901:2021}:probe", "x"], ["KEYS", "agg:*"]);
            Assert.All(refused, reply => Assert.Matches("^-(NOAUTH|ERR)", reply));

            // With the password from the data directory: served.
            Assert.Equal(password, File.ReadAllText(Path.Combine(_data, "garnet-password")).Trim());
            var served = await SendAsync(port, ["AUTH", password], ["SET", "agg:{9901:2021}:probe", "x"], ["GET", "agg:{9901:2021}:probe"]);
            Assert.Equal(["+OK", "+OK", "$1"], served);
            var wrong = await SendAsync(port, ["AUTH", "not-the-password"], ["GET", "agg:{9901:2021}:probe"]);
            Assert.All(wrong, reply => Assert.StartsWith("-", reply, StringComparison.Ordinal));
        }

        Assert.True(password.Length >= 32, "password too short");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, "garnet-password")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        }

        // A restart on the same data directory uses the same password (another replica, a restart).
        using (var restarted = EmbeddedGarnet.Start(directory, port))
        {
            Assert.Equal(password, restarted.Password);
            Assert.Equal(["+OK", "+PONG"], await SendAsync(port, ["AUTH", password], ["PING"]));
            Assert.Matches("^-(NOAUTH|ERR)", (await SendAsync(port, ["PING"]))[0]);
        }
    }

    [Fact]
    public void NewDataDirectory_CreatedOwnerOnly_PasswordFileNeverWiderThan0600()
    {
        var data = Path.Combine(_data, "new", "data");
        using var garnet = EmbeddedGarnet.Start(Path.Combine(data, "garnet"), EmbeddedGarnet.FreePort());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "garnet-password")));
        }

        Assert.Empty(Directory.GetFiles(data, "*.tmp"));
    }

    /// <summary>A plain RESP client on one connection: sends each command, returns the first line of each reply.</summary>
    private static async Task<List<string>> SendAsync(int port, params string[][] commands)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var replies = new List<string>();
        foreach (var command in commands)
        {
            var request = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
            foreach (var part in command)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10))
                ?? throw new IOException("The store closed the connection.");
            replies.Add(line);
            if (line.StartsWith('$') && line != "$-1")
            {
                await reader.ReadLineAsync();
            }
            else if (line.StartsWith('*'))
            {
                // KEYS: the elements (two lines each) are not needed; an error reply has none.
                var count = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < 2 * count; i++)
                {
                    await reader.ReadLineAsync();
                }
            }
        }

        return replies;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
