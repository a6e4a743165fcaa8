namespace TaskMaster.Cli.Output;

/// <summary>Short human durations for the terminal: <c>850ms</c>, <c>12.3s</c>, <c>4m05s</c>, <c>2h10m</c>.</summary>
internal static class Durations
{
    public static string Short(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => $"{span.TotalMilliseconds:0}ms",
        { TotalMinutes: < 1 } => $"{span.TotalSeconds:0.0}s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        _ => $"{(int)span.TotalHours}h{span.Minutes:00}m",
    };
}
