namespace TaskMaster.Benchmarks.Durability;

/// <summary>One <c>task-master resume</c>, timed from the process being started.</summary>
/// <param name="Planned">Its "Resuming run …" line: the resume is planned and checked (queue parsed, checkpoint verified, journal read).</param>
/// <param name="FirstDispatch">Its first <c>started</c> line: the first task dispatched again.</param>
internal sealed record ResumeTiming(TimeSpan Planned, TimeSpan FirstDispatch);

/// <summary>
/// Resume after <c>kill -9</c> with the real CLI: from starting <c>task-master resume --home H --plain</c>
/// to its first <c>started</c> line on stdout, on a fresh copy of the crashed home each time.
/// </summary>
internal static class ResumeBenchmark
{
    public static async Task<ResumeTiming> ResumeAsync(string dll, CrashedHome crashed, string scratchHome)
    {
        crashed.CopyTo(scratchHome);
        try
        {
            using var cli = CliProcess.Start(dll, "resume", "--home", scratchHome, "--plain");
            TimeSpan? planned = null;
            var first = await cli.ReadUntilAsync(
                line => line.Contains("  started  ", StringComparison.Ordinal),
                (line, at) => planned ??= line.StartsWith("Resuming run", StringComparison.Ordinal) ? at : null);
            await cli.KillAsync();
            return new ResumeTiming(planned ?? first, first);
        }
        finally
        {
            Directory.Delete(scratchHome, recursive: true);
        }
    }
}
