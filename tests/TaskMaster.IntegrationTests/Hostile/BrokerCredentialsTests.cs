using System.Net.Http.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using TaskMaster.IntegrationTests.Fixtures;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// What the cluster's broker trust rests on: a cluster's own RabbitMQ user and vhost. A publisher with
/// a wrong password, an unknown user, with no password at all, or RabbitMQ's default guest account with
/// no rights on the cluster's vhost is refused the connection by RabbitMQ itself, before it can publish
/// anything.
/// </summary>
public sealed class BrokerCredentialsTests(Servers servers)
{
    [Fact]
    public async Task Connect_WithoutTheClustersCredentials_RefusedByTheBroker()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (vhost, user, password) = ($"cluster-{Guid.NewGuid():N}"[..20], $"tm-{Guid.NewGuid():N}"[..16], Guid.NewGuid().ToString("N"));
        using var management = servers.RabbitMq.CreateManagementClient();
        (await management.PutAsJsonAsync($"api/vhosts/{vhost}", new { }, cancel)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"api/users/{user}", new { password, tags = "" }, cancel)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"api/permissions/{vhost}/{user}", new { configure = ".*", write = ".*", read = ".*" }, cancel)).EnsureSuccessStatusCode();
        // The management API gives the vhost's creator (the servers' administrator) its rights on it: taken back, as a cluster's vhost would have them.
        var administrator = Uri.UnescapeDataString(servers.RabbitMq.AmqpUri.UserInfo.Split(':')[0]);
        (await management.DeleteAsync($"api/permissions/{vhost}/{administrator}", cancel)).EnsureSuccessStatusCode();
        var port = servers.RabbitMq.AmqpUri.Port;
        try
        {
            await using (var honest = await Factory(user, password, vhost, port).CreateConnectionAsync(cancel))
                Assert.True(honest.IsOpen);

            var letIn = new List<string>();
            var refusals = new List<(string Who, Exception Refused)>();
            foreach (var (who, secret, what) in new[]
            {
                (user, "wrong-password", "the cluster's user with a wrong password"),
                (user, "", "the cluster's user with an empty password"),
                ("nobody", "nothing", "an unknown user"),
                ("guest", "guest", "RabbitMQ's default account, without rights on the vhost"),
            })
            {
                try
                {
                    await using var connection = await Factory(who, secret, vhost, port).CreateConnectionAsync(cancel);
                    // RabbitMQ.Client hands back a connection the broker closes in answer to its Connection.Open
                    // (530 NOT_ALLOWED for a vhost the user has no rights on) rather than throwing: that is a refusal,
                    // seen in its CloseReason. When the close is still on its way, opening a channel fails
                    // (OperationInterruptedException, or the client's internal ChannelClosedException when the close lands mid-open),
                    // and the broker's reason follows in CloseReason.
                    Exception? channelRefused = null;
                    if (connection.CloseReason is null)
                    {
                        try
                        {
                            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
                        }
                        catch (Exception e) when (e is OperationInterruptedException or System.Threading.Channels.ChannelClosedException)
                        {
                            channelRefused = e;
                        }
                    }
                    if (await ClosedByTheBrokerAsync(connection, channelRefused is null ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10)) is { } closed)
                        refusals.Add((what, new OperationInterruptedException(closed)));
                    else if (channelRefused is not null) refusals.Add((what, channelRefused));
                    else letIn.Add($"{what} ({who}) was let into vhost {vhost} and opened a channel there");
                }
                catch (OperationInterruptedException refused)
                {
                    refusals.Add((what, refused));
                }
                catch (BrokerUnreachableException refused)
                {
                    refusals.Add((what, refused));
                }
            }

            Assert.True(letIn.Count == 0, string.Join("; ", letIn));
            // A wrong user or password: ACCESS_REFUSED; a user without rights on the vhost (guest): NOT_ALLOWED, "access to vhost … refused".
            Assert.All(refusals, r => Assert.True(
                System.Text.RegularExpressions.Regex.IsMatch(r.Refused.ToString(), "ACCESS_REFUSED|access to vhost .* refused"),
                $"{r.Who}: refused for another reason: {r.Refused}"));
        }
        finally
        {
            await management.DeleteAsync($"api/users/{user}", CancellationToken.None);
            await management.DeleteAsync($"api/vhosts/{vhost}", CancellationToken.None);
        }
    }

    /// <summary>The reason the broker closed <paramref name="connection"/> with, awaited up to <paramref name="within"/>; null if it stays open.</summary>
    private static async Task<ShutdownEventArgs?> ClosedByTheBrokerAsync(IConnection connection, TimeSpan within)
    {
        var closed = new TaskCompletionSource<ShutdownEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, reason) =>
        {
            closed.TrySetResult(reason);
            return Task.CompletedTask;
        };
        if (connection.CloseReason is { } already) return already;
        try
        {
            return await closed.Task.WaitAsync(within, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            return connection.CloseReason;
        }
    }

    private static ConnectionFactory Factory(string user, string password, string vhost, int port) => new()
    {
        HostName = "127.0.0.1", Port = port, UserName = user, Password = password, VirtualHost = vhost,
        AutomaticRecoveryEnabled = false, RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
    };
}
