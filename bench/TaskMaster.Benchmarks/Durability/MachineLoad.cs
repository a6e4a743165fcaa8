namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// How busy the machine was with other work, from Linux's load average and pressure stall information:
/// the "some avg60" share of the last minute in which at least one task waited for a CPU or for I/O.
/// Printed with the figures, because neighbours on 2 shared cores move them a lot.
/// </summary>
internal static class MachineLoad
{
    public static string Describe()
    {
        var load = TryRead("/proc/loadavg")?.Split(' ')[0] ?? "?";
        return $"load average {load}, CPU pressure {Pressure("cpu")}, I/O pressure {Pressure("io")} (share of the last minute something waited)";
    }

    private static string Pressure(string resource) =>
        TryRead($"/proc/pressure/{resource}")?.Split('\n')[0].Split(' ').FirstOrDefault(f => f.StartsWith("avg60=", StringComparison.Ordinal))?["avg60=".Length..] + " %";

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
