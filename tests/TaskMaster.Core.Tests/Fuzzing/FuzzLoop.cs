using System.Diagnostics;
using System.Globalization;

namespace TaskMaster.Core.Tests.Fuzzing;

/// <summary>What a fuzz run did: its seed, how many inputs it tried, and how many of them were accepted and refused.</summary>
internal sealed record FuzzReport(string Target, int Seed, int Inputs, int Accepted, int Refused, long MostAllocatedBytes)
{
    public override string ToString() =>
        $"{Target}: seed {Seed}, {Inputs:N0} inputs ({Accepted:N0} accepted, {Refused:N0} refused), at most {MostAllocatedBytes / 1024.0 / 1024:F1} MiB allocated by one";
}

/// <summary>
/// A seeded mutation loop over a corpus for a fixed budget: every input must be accepted or refused
/// (the target's check says which, and throws when the verdict is not one of those), within
/// <see cref="InputTimeout"/> and without allocating more than <see cref="MaxAllocatedBytes"/> for it.
/// The budget is <c>TASKMASTER_FUZZ_SECONDS</c> (20 s by default); <c>TASKMASTER_FUZZ_SEED</c> fixes the seed
/// (random otherwise, and printed), <c>TASKMASTER_FUZZ_INPUT</c> replays one input of that seed, and
/// <c>TASKMASTER_FUZZ_REPORT</c> names a file each run appends its report line to.
/// </summary>
internal static class FuzzLoop
{
    public const string SecondsVariable = "TASKMASTER_FUZZ_SECONDS";
    public const string SeedVariable = "TASKMASTER_FUZZ_SEED";
    public const string InputVariable = "TASKMASTER_FUZZ_INPUT";
    public const string ReportVariable = "TASKMASTER_FUZZ_REPORT";

    /// <summary>Long enough for the slowest honest input on a loaded two-core machine; a hang never ends.</summary>
    public static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(10);

    /// <summary>What one input may allocate: a fixed allowance plus a multiple of its size (the inputs are kilobytes).</summary>
    public static long MaxAllocatedBytes(int inputLength) => (16L << 20) + 400L * inputLength;

    /// <summary>The outcome a check reports for an input it judged correctly.</summary>
    public enum Verdict { Accepted, Refused }

    public static FuzzReport Run(string target, IReadOnlyList<byte[]> corpus, Func<byte[], Verdict> check)
    {
        var seed = Number(SeedVariable) ?? Random.Shared.Next();
        var budget = TimeSpan.FromSeconds(Number(SecondsVariable) ?? 20);
        var only = Number(InputVariable);
        var (accepted, refused, inputs, most) = (0, 0, 0, 0L);
        var clock = Stopwatch.StartNew();
        for (var i = only ?? 0; only is null ? clock.Elapsed < budget : i == only; i++)
        {
            // The corpus itself first (each entry must be judged too), then mutations of it.
            var input = i < corpus.Count ? corpus[i] : Mutator.Mutate(corpus, new Random(unchecked((seed * 1_000_003) ^ i)));
            var (verdict, allocated) = RunOne(target, seed, i, input, check);
            (accepted, refused) = verdict == Verdict.Accepted ? (accepted + 1, refused) : (accepted, refused + 1);
            most = Math.Max(most, allocated);
            inputs++;
        }
        var report = new FuzzReport(target, seed, inputs, accepted, refused, most);
        var line = $"{report}; replay with {SeedVariable}={seed}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } file) File.AppendAllText(file, line + "\n");
        return report;
    }

    private static (Verdict, long) RunOne(string target, int seed, int index, byte[] input, Func<byte[], Verdict> check)
    {
        var run = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var verdict = check(input);
            return (verdict, GC.GetAllocatedBytesForCurrentThread() - before);
        });
        try
        {
            if (!run.Wait(InputTimeout)) throw Failure(target, seed, index, input, $"no verdict within {InputTimeout.TotalSeconds:N0} s (a hang)");
        }
        catch (AggregateException e)
        {
            throw Failure(target, seed, index, input, e.InnerException!.ToString());
        }
        var (verdict, allocated) = run.Result;
        if (allocated > MaxAllocatedBytes(input.Length))
            throw Failure(target, seed, index, input, $"allocated {allocated:N0} bytes for a {input.Length:N0}-byte input; at most {MaxAllocatedBytes(input.Length):N0}");
        return (verdict, allocated);
    }

    private static Xunit.Sdk.XunitException Failure(string target, int seed, int index, byte[] input, string what)
    {
        var saved = Path.Combine(Path.GetTempPath(), $"taskmaster-fuzz-{target}-{seed}-{index}.bin");
        File.WriteAllBytes(saved, input);
        return new Xunit.Sdk.XunitException(
            $"{target}: input {index} of seed {seed} ({input.Length:N0} bytes, saved to {saved}): {what}\n" +
            $"replay it: {SeedVariable}={seed} {InputVariable}={index} dotnet test --no-build -c Debug -- --filter-class \"*Fuzz*\"");
    }

    private static int? Number(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
