using System.Net.Http.Json;
using System.Text.Json;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>What a run may leave behind once it ended: messages in the broker's queues, processes of its tasks.</summary>
public static class Leftovers
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Messages in every queue but the error queues (<c>*_error</c>, where a message that failed for good is
    /// kept on purpose), awaited to drain for a while: the management API counts every 5 s.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> MessagesAsync(RabbitMqServer broker)
    {
        using var management = broker.CreateManagementClient();
        var last = new Dictionary<string, int>();
        try
        {
            await Probe.UntilAsync(async () =>
            {
                var queues = await management.GetFromJsonAsync<JsonElement>("api/queues?columns=name,messages");
                var left = queues.EnumerateArray()
                    .Select(q => (Name: q.GetProperty("name").GetString() ?? "", Messages: q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 0))
                    .Where(q => q.Messages > 0 && !q.Name.EndsWith("_error", StringComparison.Ordinal))
                    .ToList();
                last = left.ToDictionary(q => q.Name, q => q.Messages, StringComparer.Ordinal);
                return last.Count == 0 ? "drained" : null;
            }, Settle, "the broker's queues drained");
        }
        catch (TimeoutException)
        {
            // What is left after the settling time is the finding.
        }
        return last;
    }

    /// <summary>Processes of the run's tasks (their environment names the run) still running, awaited to end for a while; the ones left are killed.</summary>
    public static async Task<int> ProcessesAsync(string runId)
    {
        var marker = $"TASKMASTER_RUN_ID={runId}\0";
        IReadOnlyList<int> left = [];
        try
        {
            await Probe.UntilAsync(() =>
            {
                left = [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).OfType<string>()
                    .Where(name => name.All(char.IsAsciiDigit)).Select(int.Parse)
                    .Where(pid => !ProcessState.HasEnded(pid) && Environ(pid).Contains(marker, StringComparison.Ordinal))];
                return Task.FromResult(left.Count == 0 ? "ended" : null);
            }, Settle, $"the processes of run {runId} ended");
        }
        catch (TimeoutException)
        {
            foreach (var pid in left)
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone meanwhile.
                }
            }
        }
        return left.Count;
    }

    private static string Environ(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
