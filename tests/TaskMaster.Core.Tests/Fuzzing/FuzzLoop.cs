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
/// A seeded mutation loop over a corpus: every input must be accepted or refused (the target's check
/// says which, and throws when the verdict is not one of those), within <see cref="InputTimeout"/> and
/// without allocating more than <see cref="MaxAllocatedBytes"/> for it. By default each fuzz test runs
/// once per seed of <see cref="FixedSeeds"/> for <see cref="DefaultInputs"/> inputs (fewer for a target
/// whose inputs are slow to judge): the same inputs on every machine, so a CI failure is a real finding,
/// never a flake. By hand:
/// <c>TASKMASTER_FUZZ_SEED</c> is one seed, or <c>random</c> for a fresh one (printed);
/// <c>TASKMASTER_FUZZ_INPUTS</c> is the inputs per seed, or <c>TASKMASTER_FUZZ_SECONDS</c> a time instead;
/// <c>TASKMASTER_FUZZ_INPUT</c> replays one input of the seed; <c>TASKMASTER_FUZZ_REPORT</c> names a file
/// each run appends its report line to. Every failure names its seed and input index and saves the input.
/// </summary>
internal static class FuzzLoop
{
    public const string SecondsVariable = "TASKMASTER_FUZZ_SECONDS";
    public const string InputsVariable = "TASKMASTER_FUZZ_INPUTS";
    public const string SeedVariable = "TASKMASTER_FUZZ_SEED";
    public const string InputVariable = "TASKMASTER_FUZZ_INPUT";
    public const string ReportVariable = "TASKMASTER_FUZZ_REPORT";

    /// <summary>The seeds CI runs: a few, so that one seed's blind spots are not the whole search.</summary>
    public static readonly int[] FixedSeeds = [1, 421294284, 1536379130];

    /// <summary>Inputs per seed in CI for a target that judges an input in a millisecond or so (the parsers in memory).</summary>
    public const int DefaultInputs = 300;

    /// <summary>
    /// Inputs per seed in CI for a target that reads each input from files several times (the journal and
    /// checkpoint file readers, ~10–100 ms an input on two loaded cores): every target's three seeds
    /// together stay well under a minute.
    /// </summary>
    public const int FileTargetInputs = 60;

    /// <summary>Long enough for the slowest honest input on a loaded two-core machine; a hang never ends.</summary>
    public static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(10);

    /// <summary>What one input may allocate: a fixed allowance plus a multiple of its size (the inputs are kilobytes).</summary>
    public static long MaxAllocatedBytes(int inputLength) => (16L << 20) + 400L * inputLength;

    /// <summary>The outcome a check reports for an input it judged correctly.</summary>
    public enum Verdict { Accepted, Refused }

    /// <summary>The seeds a fuzz test runs with, one test case each: <see cref="FixedSeeds"/>, or the one <c>TASKMASTER_FUZZ_SEED</c> names.</summary>
    public static TheoryData<int> Seeds()
    {
        var given = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.Equals(given, "random", StringComparison.OrdinalIgnoreCase)) return [Random.Shared.Next()];
        return Number(SeedVariable) is { } seed ? [seed] : [.. FixedSeeds];
    }

    /// <param name="defaultInputs">inputs per seed unless <c>TASKMASTER_FUZZ_INPUTS</c> or <c>TASKMASTER_FUZZ_SECONDS</c> says otherwise.</param>
    public static FuzzReport Run(string target, int seed, IReadOnlyList<byte[]> corpus, Func<byte[], Verdict> check, int defaultInputs = DefaultInputs)
    {
        var seconds = Number(SecondsVariable);
        var inputs = Number(InputsVariable) ?? defaultInputs;
        var only = Number(InputVariable);
        var (accepted, refused, tried, most) = (0, 0, 0, 0L);
        var clock = Stopwatch.StartNew();
        for (var i = only ?? 0; only is not null ? i == only : seconds is { } s ? clock.Elapsed.TotalSeconds < s : i < inputs; i++)
        {
            // The corpus itself first (each entry must be judged too), then mutations of it.
            var input = i < corpus.Count ? corpus[i] : Mutator.Mutate(corpus, new Random(unchecked((seed * 1_000_003) ^ i)));
            if (only is not null) TestContext.Current.TestOutputHelper?.WriteLine($"input {i} of seed {seed} saved to {Save(target, seed, i, input)}");
            var (verdict, allocated) = RunOne(target, seed, i, input, check);
            (accepted, refused) = verdict == Verdict.Accepted ? (accepted + 1, refused) : (accepted, refused + 1);
            most = Math.Max(most, allocated);
            tried++;
        }
        var report = new FuzzReport(target, seed, tried, accepted, refused, most);
        var line = $"{report} in {clock.Elapsed.TotalSeconds:F1} s; replay with {SeedVariable}={seed}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } file) File.AppendAllText(file, line + "\n");
        return report;
    }

    /// <summary>What a whole run must show unless one input was replayed: more than the corpus tried, and both verdicts given.</summary>
    public static void AssertSearched(FuzzReport report, int corpusCount, string what)
    {
        if (Number(InputVariable) is not null) return;
        Assert.True(report.Inputs > corpusCount, $"only the corpus was tried: {report}");
        Assert.True(report.Accepted > 0 && report.Refused > 0, $"the mutations should give both {what}: {report}");
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
        var saved = Save(target, seed, index, input);
        return new Xunit.Sdk.XunitException(
            $"{target}: input {index} of seed {seed} ({input.Length:N0} bytes, saved to {saved}): {what}\n" +
            $"replay it: {SeedVariable}={seed} {InputVariable}={index} dotnet test -c Release -- --filter-class \"*FuzzTests\"");
    }

    private static string Save(string target, int seed, int index, byte[] input)
    {
        var saved = Path.Combine(Path.GetTempPath(), $"taskmaster-fuzz-{target}-{seed}-{index}.bin");
        File.WriteAllBytes(saved, input);
        return saved;
    }

    private static int? Number(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
